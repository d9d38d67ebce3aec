// The stores of console access on their own: users in PostgreSQL and PGlite (created, found,
// new password, disabled once, listed; a deleted agent's user keeps no agent), sessions and login
// failures in the real Redis under a prefix of this test (expiry, renewal that never brings an
// ended session back, all of a user's sessions ended at once, failures counted and forgotten).
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgentDirectoryStore } from '../../src/adapters/db/agent-directory-store.js';
import { createConsoleUserStore } from '../../src/adapters/db/console-user-store.js';
import { migrate } from '../../src/adapters/db/migrate.js';
import { createRedisConsoleSessions } from '../../src/adapters/redis/redis-console-sessions.js';
import { testDatabaseFactories, type TestDatabase } from '../support/db-fixtures.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(testDatabaseFactories)('console user store on $kind', ({ create }) => {
  let testDb: TestDatabase;

  beforeAll(async () => {
    testDb = await create();
    await migrate(testDb.db);
    await createAgentDirectoryStore(testDb.db).create(
      { agentId: 'li-na', name: '李娜', extension: '2962', skills: { general: 3 }, languages: ['zh'], group: '一班' },
      createHash('md5').update('x').digest('hex'),
    );
  });
  afterAll(async () => {
    await testDb?.dispose();
  });

  it('creates, finds with its hash, sets a new password, disables once, lists by username', async () => {
    const store = createConsoleUserStore(testDb.db);
    const at = new Date('2026-12-05T09:00:00Z');
    const li = await store.create(randomUUID(), { username: 'li.na', name: '李娜', role: 'agent', agentId: 'li-na', departmentId: null }, 'scrypt$first');
    await store.create(randomUUID(), { username: 'audit.a', name: '审计甲', role: 'auditor', agentId: null, departmentId: null }, 'scrypt$other');
    expect((await store.findByUsername('li.na'))?.passwordHash).toBe('scrypt$first');
    expect(await store.get(li.id)).toMatchObject({ username: 'li.na', role: 'agent', agentId: 'li-na', disabledAt: null });
    expect((await store.setPassword('li.na', 'scrypt$second', at))?.passwordChangedAt).toEqual(at);
    expect((await store.findByUsername('li.na'))?.passwordHash).toBe('scrypt$second');
    expect(await store.setPassword('nobody', 'scrypt$x', at)).toBeNull();

    const first = await store.disable('li.na', at);
    const second = await store.disable('li.na', new Date('2026-12-06T09:00:00Z'));
    expect(first).toMatchObject({ disabledNow: true, user: { disabledAt: at } });
    expect(second).toMatchObject({ disabledNow: false, user: { disabledAt: at } });
    expect(await store.disable('nobody', at)).toBeNull();
    expect((await store.list()).map((u) => u.username)).toEqual(['audit.a', 'li.na']);
  });

  it('refuses a user that breaks the role rules, whatever the caller', async () => {
    const store = createConsoleUserStore(testDb.db);
    await expect(store.create(randomUUID(), { username: 'bad.dept', name: 'x', role: 'department', agentId: null, departmentId: null }, 'scrypt$x')).rejects.toThrow();
    await expect(store.create(randomUUID(), { username: 'bad.agent', name: 'x', role: 'supervisor', agentId: 'li-na', departmentId: null }, 'scrypt$x')).rejects.toThrow();
    await expect(store.create(randomUUID(), { username: 'bad.hash', name: 'x', role: 'auditor', agentId: null, departmentId: null }, 'plaintext')).rejects.toThrow();
  });

  it("keeps no agent on a user whose agent is deleted, so a new agent of that id never inherits the login", async () => {
    const store = createConsoleUserStore(testDb.db);
    await createAgentDirectoryStore(testDb.db).remove('li-na');
    expect((await store.findByUsername('li.na'))?.user.agentId).toBeNull();
  });
});

describe('console session store on Redis', () => {
  let redis: Redis;
  const prefix = `test-console-store-${randomBytes(4).toString('hex')}:`;
  const session = (userId: string) => ({ userId, csrfToken: 'csrf', createdAt: new Date('2026-12-05T08:00:00Z'), lastSeenAt: new Date('2026-12-05T08:00:00Z') });

  beforeAll(() => {
    redis = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it('keeps a session for its time to live, renews it on use, and never brings an ended one back', async () => {
    const store = createRedisConsoleSessions(redis, prefix);
    await store.create('k1', session('u1'), 1_000);
    expect(await store.get('k1')).toEqual(session('u1'));
    await sleep(600);
    const seen = new Date('2026-12-05T08:10:00Z');
    await store.touch('k1', seen, 1_000);
    // 1.2 s after the creation: alive only because it was renewed
    await sleep(600);
    expect((await store.get('k1'))?.lastSeenAt).toEqual(seen);
    await sleep(1_100);
    expect(await store.get('k1')).toBeNull();
    await store.touch('k1', seen, 60_000);
    expect(await store.get('k1')).toBeNull();
    expect(await redis.exists(`${prefix}console:session:k1`)).toBe(0);
  });

  it("ends one session, or all of a user's sessions at once", async () => {
    const store = createRedisConsoleSessions(redis, prefix);
    await store.create('a1', session('ua'), 60_000);
    await store.create('a2', session('ua'), 60_000);
    await store.create('b1', session('ub'), 60_000);
    await store.remove('a1');
    expect(await store.get('a1')).toBeNull();
    expect(await store.removeAllOf('ua')).toBe(1);
    expect(await store.get('a2')).toBeNull();
    expect(await store.get('b1')).not.toBeNull();
  });

  it('counts failed logins per username, renews how long they are remembered, and forgets them', async () => {
    const store = createRedisConsoleSessions(redis, prefix);
    expect(await store.failures('zhang.wei')).toEqual({ count: 0, remainingMs: 0 });
    expect(await store.countFailure('zhang.wei', 60_000)).toBe(1);
    expect(await store.countFailure('zhang.wei', 60_000)).toBe(2);
    const f = await store.failures('zhang.wei');
    expect(f.count).toBe(2);
    expect(f.remainingMs).toBeGreaterThan(55_000);
    expect((await store.failures('li.na')).count).toBe(0);
    await store.clearFailures('zhang.wei');
    expect((await store.failures('zhang.wei')).count).toBe(0);
    await store.countFailure('short', 200);
    await sleep(300);
    expect((await store.failures('short')).count).toBe(0);
  });
});
