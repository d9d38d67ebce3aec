// Console logins guarded and audited, on the real stores (users and the audit log in PostgreSQL
// and PGlite, failure counts in Redis) over HTTP through the real app: failed logins from one
// client address across usernames close it (429 too-many-attempts with Retry-After, even for the
// right password) on every instance sharing Redis, other addresses still log in, an IPv6 client
// counts per /64, X-Forwarded-For counts only from a trusted proxy; every login, failure
// (wrong password and unknown username alike), lockout and logout is a console_login audit entry
// with the address and never the password, listed by GET /api/audit?kind=console_login.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgentDirectoryStore } from '../../src/adapters/db/agent-directory-store.js';
import { createAuditLogStore } from '../../src/adapters/db/audit-log-store.js';
import { createConsoleUserStore } from '../../src/adapters/db/console-user-store.js';
import { migrate } from '../../src/adapters/db/migrate.js';
import { auditRoutes } from '../../src/adapters/http/audit-routes.js';
import { sessionCookie } from '../../src/adapters/http/console-session-cookie.js';
import { createHttpApp } from '../../src/adapters/http/create-http-app.js';
import { sessionRoutes } from '../../src/adapters/http/session-routes.js';
import { tokensRoutes } from '../../src/adapters/http/tokens-routes.js';
import { usersRoutes } from '../../src/adapters/http/users-routes.js';
import { createRedisConsoleSessions } from '../../src/adapters/redis/redis-console-sessions.js';
import { createConsoleLogins } from '../../src/app/access/console-logins.js';
import { createConsoleUsers } from '../../src/app/access/console-users.js';
import { createPasswordHashing } from '../../src/app/access/password-hashing.js';
import type { AuditEntry } from '../../src/ports/audit/audit-log.js';
import { testApiTokens } from '../support/api-access.js';
import { testDatabaseFactories, type TestDatabase } from '../support/db-fixtures.js';
import { listen, type TestHttpServer } from '../support/http-client.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PASSWORDS = { 'zhang.wei': 'zhang-wei-密码-2026', 'wang.fang': 'wang-fang-password', 'li.na': 'li-na-password-2026' } as const;
const WRONG = 'not-the-password-42';

describe.each(testDatabaseFactories)('console login limit per address and audit on $kind', ({ create }) => {
  let testDb: TestDatabase;
  let redis: Redis;
  let webDir: string;
  const servers: TestHttpServer[] = [];
  const prefixes: string[] = [];
  let auditorToken = '';

  /** One app instance: its own express app on the shared database; `prefix` names the Redis keys it shares with others. */
  async function instance(options: { prefix: string; trustProxy: string | false; maxFailures?: number; windowMs?: number }): Promise<TestHttpServer> {
    const audit = createAuditLogStore(testDb.db);
    const passwords = createPasswordHashing({ log2N: 14, r: 8, p: 1 });
    const logins = createConsoleLogins({
      users: createConsoleUserStore(testDb.db),
      sessions: createRedisConsoleSessions(redis, options.prefix),
      passwords,
      limits: { idleMs: 30 * 60_000, absoluteMs: 12 * 3600_000 },
      lockout: { maxFailures: 3, lockMs: 15 * 60_000 },
      addressRate: { maxFailures: options.maxFailures ?? 5, windowMs: options.windowMs ?? 60_000 },
      audit,
      now: () => new Date(),
    });
    const agents = createAgentDirectoryStore(testDb.db);
    const users = createConsoleUsers({ store: createConsoleUserStore(testDb.db), passwords, logins, agents, audit, now: () => new Date() });
    const cookie = sessionCookie(false);
    const app = createHttpApp(
      [sessionRoutes(logins, cookie), usersRoutes(users), tokensRoutes(testApiTokens(testDb.db)), auditRoutes(audit)],
      pino({ level: 'silent' }), testApiTokens(testDb.db), { webDir, cookie, logins },
    );
    app.set('trust proxy', options.trustProxy);
    prefixes.push(options.prefix);
    const server = await listen(app);
    servers.push(server);
    return server;
  }

  /** POST /api/session as a browser at `from` (sent as X-Forwarded-For; believed only behind a trusted proxy). */
  const login = (http: TestHttpServer, username: string, password: string, from?: string) =>
    http.request<Record<string, unknown> & { error?: { code: string; message: string; details?: { retryAfterSeconds: number } } }>(
      'POST', '/api/session', { username, password }, { token: null, headers: from ? { 'x-forwarded-for': from } : {} },
    );

  const entries = async (subject?: string): Promise<AuditEntry[]> =>
    (await createAuditLogStore(testDb.db).list({ kind: 'console_login', ...(subject ? { subject } : {}), limit: 500, offset: 0 })).reverse();

  let a: TestHttpServer;
  let b: TestHttpServer;
  const shared = `test-login-guard-${randomBytes(4).toString('hex')}:`;

  beforeAll(async () => {
    testDb = await create();
    await migrate(testDb.db);
    redis = new Redis(REDIS_URL);
    webDir = await mkdtemp(join(tmpdir(), 'hotline-web-'));
    await writeFile(join(webDir, 'console.js'), 'export {};\n');
    await createAgentDirectoryStore(testDb.db).create(
      { agentId: 'zhang-wei', name: '张伟', extension: '2962', skills: { general: 3 }, languages: ['zh'], group: '一班' }, createHash('md5').update('x').digest('hex'),
    );
    // two instances behind a proxy on loopback, sharing Redis
    a = await instance({ prefix: shared, trustProxy: 'loopback' });
    b = await instance({ prefix: shared, trustProxy: 'loopback' });
    for (const [username, name, role, agentId] of [['zhang.wei', '张伟', 'agent', 'zhang-wei'], ['wang.fang', '王芳', 'supervisor', undefined], ['li.na', '李娜', 'supervisor', undefined]] as const) {
      const created = await a.request('POST', '/api/users', { username, name, role, password: PASSWORDS[username], ...(agentId ? { agentId } : {}) });
      expect(created.status).toBe(201);
    }
    const token = await a.request<{ token: string }>('POST', '/api/tokens', { name: 'login-auditor', role: 'auditor' });
    expect(token.status).toBe(201);
    auditorToken = token.body.token;
  });

  afterAll(async () => {
    for (const server of servers) await server.close();
    for (const prefix of prefixes) {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length) await redis.del(...keys);
    }
    redis?.disconnect();
    await testDb?.dispose();
    await rm(webDir, { recursive: true, force: true });
  });

  it('failed logins from one address across usernames close it on every instance (429, Retry-After), even for the right password; other addresses log in', async () => {
    const from = '203.0.113.7';
    // spread over usernames, so no username reaches its lockout (3): only the address limit (5) stops this
    for (const [http, username] of [[a, 'wang.fang'], [b, 'li.na'], [a, 'nobody.here'], [b, 'wang.fang'], [a, 'li.na']] as const) {
      expect((await login(http, username, WRONG, from)).status).toBe(401);
    }
    for (const http of [a, b]) {
      const refused = await login(http, 'zhang.wei', PASSWORDS['zhang.wei'], from);
      expect(refused.status).toBe(429);
      expect(refused.body.error).toMatchObject({ code: 'too-many-attempts', message: expect.stringMatching(/Too many failed logins from this address: try again in 1 min/) });
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(refused.body.error?.details?.retryAfterSeconds).toBe(retryAfter);
      expect(refused.headers.get('set-cookie')).toBeNull();
    }
    // another address: the person logs in
    expect((await login(b, 'zhang.wei', PASSWORDS['zhang.wei'], '198.51.100.20')).status).toBe(200);
    // the failures counted per address only: the usernames tried are not locked
    expect((await login(a, 'wang.fang', PASSWORDS['wang.fang'], '198.51.100.20')).status).toBe(200);
  });

  it('counts an IPv6 client per /64 and an IPv4-mapped address as IPv4', async () => {
    // each failure a new username, so none reaches its lockout
    for (let i = 1; i <= 5; i++) expect((await login(a, `v6.guess${i}`, WRONG, `2001:db8:7:8::${i.toString(16)}`)).status).toBe(401);
    // the same /64, another address in it: closed; the next /64: open
    expect((await login(a, 'li.na', PASSWORDS['li.na'], '2001:db8:7:8:ffff::1')).status).toBe(429);
    expect((await login(a, 'li.na', PASSWORDS['li.na'], '2001:db8:7:9::1')).status).toBe(200);
    expect(await redis.exists(`${shared}console:address-failures:2001:db8:7:8::/64`)).toBe(1);

    for (let i = 1; i <= 5; i++) expect((await login(a, `v4.guess${i}`, WRONG, '::ffff:203.0.113.50')).status).toBe(401);
    expect((await login(a, 'li.na', PASSWORDS['li.na'], '203.0.113.50')).status).toBe(429);
    expect((await entries('user:v4.guess1'))[0]?.data.address).toBe('203.0.113.50');
  });

  it('without a trusted proxy X-Forwarded-For is ignored: every attempt counts against the connection’s own address', async () => {
    const direct = await instance({ prefix: `test-login-guard-direct-${randomBytes(4).toString('hex')}:`, trustProxy: false });
    for (let i = 1; i <= 5; i++) expect((await login(direct, `direct.guess${i}`, WRONG, `192.0.2.${i}`)).status).toBe(401);
    expect((await login(direct, 'zhang.wei', PASSWORDS['zhang.wei'], '192.0.2.200')).status).toBe(429);
    // the failure that closed the address says so
    expect((await entries('user:direct.guess5'))[0]?.data).toEqual({ event: 'failed', address: '127.0.0.1', addressLimited: true });
    expect((await entries('user:direct.guess4'))[0]?.data).toEqual({ event: 'failed', address: '127.0.0.1' });
  });

  it('an address is open again when its window has passed', async () => {
    // the window starts at the first failure; long enough that the six logins before the 429
    // (a password hash each) stay inside it on a busy machine, where a second was not
    const windowMs = 5_000;
    const short = await instance({ prefix: `test-login-guard-short-${randomBytes(4).toString('hex')}:`, trustProxy: 'loopback', windowMs });
    const firstFailure = Date.now();
    for (let i = 0; i < 5; i++) await login(short, 'nobody.else', WRONG, '203.0.113.99');
    expect((await login(short, 'li.na', PASSWORDS['li.na'], '203.0.113.99')).status).toBe(429);
    await new Promise((resolve) => setTimeout(resolve, firstFailure + windowMs + 300 - Date.now()));
    expect((await login(short, 'li.na', PASSWORDS['li.na'], '203.0.113.99')).status).toBe(200);
  });

  it('audits each login, failure, lockout, refusal and logout with the address, never the password; auditors list them by kind', async () => {
    const from = '198.51.100.77';
    // a login, then the logout with the session's CSRF token
    const ok = await login(a, 'zhang.wei', PASSWORDS['zhang.wei'], from);
    expect(ok.status).toBe(200);
    const cookie = ok.headers.get('set-cookie')!.split(';')[0]!;
    const out = await b.request('DELETE', '/api/session', undefined, { token: null, headers: { cookie, 'x-csrf-token': String(ok.body.csrfToken), 'x-forwarded-for': from } });
    expect(out.status).toBe(204);
    const zhang = (await entries('user:zhang.wei')).slice(-2);
    expect(zhang.map((e) => [e.actor, e.data])).toEqual([
      ['user:zhang.wei', { event: 'logged_in', address: from, role: 'agent' }],
      ['user:zhang.wei', { event: 'logged_out', address: from, role: 'agent' }],
    ]);

    // an unknown username and a wrong password give entries of one shape: which of the two is never said
    expect((await login(a, 'Ghost.User', WRONG, '198.51.100.78')).status).toBe(401);
    const ghost = await entries('user:ghost.user');
    expect(ghost.map((e) => [e.actor, e.data])).toEqual([['address:198.51.100.78', { event: 'failed', address: '198.51.100.78' }]]);

    // three wrong passwords lock the username; the next try is refused without a password check
    for (const expected of [401, 401, 423, 423]) expect((await login(b, 'li.na', WRONG, '198.51.100.79')).status).toBe(expected);
    const lina = (await entries('user:li.na')).slice(-4);
    expect(lina.map((e) => e.data.event)).toEqual(['failed', 'failed', 'locked', 'refused_locked']);
    expect(lina.every((e) => e.actor === 'address:198.51.100.79' && e.data.address === '198.51.100.79')).toBe(true);

    // a name that cannot be a username is entered as user:-, the text tried kept readable
    expect((await login(a, 'robert\u202E"; drop', WRONG, '198.51.100.80')).status).toBe(401);
    const odd = (await entries('user:-')).slice(-1);
    expect(odd[0]?.data).toEqual({ event: 'failed', usernameTried: 'robert\uFFFD"; drop', address: '198.51.100.80' });

    const all = await entries();
    for (const password of [...Object.values(PASSWORDS), WRONG]) expect(JSON.stringify(all)).not.toContain(password);

    // GET /api/audit?kind=console_login, newest first, filtered by subject
    const listed = await a.request<{ entries: AuditEntry[] }>('GET', '/api/audit?kind=console_login&subject=user:zhang.wei&limit=2', undefined, { token: auditorToken });
    expect(listed.status).toBe(200);
    expect(listed.body.entries.map((e) => [e.kind, e.data.event])).toEqual([['console_login', 'logged_out'], ['console_login', 'logged_in']]);
    const verify = await a.request<{ ok: boolean }>('GET', '/api/audit/verify', undefined, { token: auditorToken });
    expect(verify.body.ok).toBe(true);
  });
});
