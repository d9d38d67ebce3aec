// Console users and sessions on the real stores — users in PostgreSQL and PGlite, sessions and
// failure counts in Redis under a prefix of this test — and over HTTP through the real app
// (createHttpApp with the consoles): admins create users (audited, the hash stored with its
// parameters, never the password), a person logs in and gets an HttpOnly SameSite=Strict cookie
// and a CSRF token, the session is the same principal as a token of its role, a request that
// changes something without the token is refused, lockout after failures in a row, a new
// password or a disabled user ends the sessions at once, idle expiry on a test clock.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
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
import { createHttpApp } from '../../src/adapters/http/create-http-app.js';
import { sessionCookie } from '../../src/adapters/http/console-session-cookie.js';
import { sessionRoutes } from '../../src/adapters/http/session-routes.js';
import { usersRoutes } from '../../src/adapters/http/users-routes.js';
import { agentSessionsRoutes } from '../../src/adapters/http/agent-sessions-routes.js';
import { createRedisConsoleSessions } from '../../src/adapters/redis/redis-console-sessions.js';
import { createConsoleLogins } from '../../src/app/access/console-logins.js';
import { createConsoleUsers } from '../../src/app/access/console-users.js';
import { createPasswordHashing } from '../../src/app/access/password-hashing.js';
import { ConsoleUserConflictError } from '../../src/ports/access/console-user-store.js';
import { testApiTokens } from '../support/api-access.js';
import { testDatabaseFactories, type TestDatabase } from '../support/db-fixtures.js';
import { listen, type TestHttpServer } from '../support/http-client.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PASSWORD = 'zhang-wei-密码-2026';

describe.each(testDatabaseFactories)('console logins on $kind', ({ create }) => {
  let testDb: TestDatabase;
  let redis: Redis;
  let http: TestHttpServer;
  let webDir: string;
  const prefix = `test-console-${randomBytes(4).toString('hex')}:`;
  let clock = new Date('2026-12-05T08:00:00Z');

  /** A browser of one person: its cookie and CSRF token. */
  const person = () => {
    let cookie = '';
    let csrf = '';
    return {
      async login(username: string, password: string) {
        const r = await http.request<Record<string, unknown>>('POST', '/api/session', { username, password }, { token: null, headers: cookie ? { cookie } : {} });
        const set = r.headers.get('set-cookie');
        if (r.status === 200 && set) {
          cookie = set.split(';')[0]!;
          csrf = String(r.body.csrfToken);
        }
        return { ...r, setCookie: set };
      },
      request<T = Record<string, unknown>>(method: string, path: string, body?: unknown, withCsrf = true) {
        return http.request<T>(method, path, body, { token: null, headers: { cookie, ...(withCsrf && csrf ? { 'x-csrf-token': csrf } : {}) } });
      },
      get cookie() {
        return cookie;
      },
    };
  };

  beforeAll(async () => {
    testDb = await create();
    await migrate(testDb.db);
    redis = new Redis(REDIS_URL);
    webDir = await mkdtemp(join(tmpdir(), 'hotline-web-'));
    await writeFile(join(webDir, 'console.js'), 'export {};\n');
    const agents = createAgentDirectoryStore(testDb.db);
    await agents.create({ agentId: 'zhang-wei', name: '张伟', extension: '2961', skills: { general: 3 }, languages: ['zh'], group: '一班' }, createHash('md5').update('x').digest('hex'));
    const audit = createAuditLogStore(testDb.db);
    const passwords = createPasswordHashing({ log2N: 14, r: 8, p: 1 });
    const logins = createConsoleLogins({
      users: createConsoleUserStore(testDb.db),
      sessions: createRedisConsoleSessions(redis, prefix),
      passwords,
      limits: { idleMs: 30 * 60_000, absoluteMs: 12 * 3600_000 },
      lockout: { maxFailures: 3, lockMs: 15 * 60_000 },
      now: () => clock,
    });
    const users = createConsoleUsers({ store: createConsoleUserStore(testDb.db), passwords, logins, agents, audit, now: () => clock });
    const tokens = testApiTokens(testDb.db);
    const cookie = sessionCookie(false);
    const stub = { state: async () => ({ status: 'logged_out' }) };
    const routers = [sessionRoutes(logins, cookie), usersRoutes(users), agentSessionsRoutes(stub as never)];
    http = await listen(createHttpApp(routers, pino({ level: 'silent' }), tokens, { webDir, cookie, logins }));
  });

  afterAll(async () => {
    await http?.close();
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis?.disconnect();
    await testDb?.dispose();
    await rm(webDir, { recursive: true, force: true });
  });

  it('an admin creates users; the store keeps only the scrypt hash with its parameters; each creation is audited', async () => {
    const created = await http.request('POST', '/api/users', { username: 'zhang.wei', name: '张伟', role: 'agent', agentId: 'zhang-wei', password: PASSWORD });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ username: 'zhang.wei', name: '张伟', role: 'agent', agentId: 'zhang-wei', departmentId: null, disabledAt: null });
    expect(JSON.stringify(created.body)).not.toContain(PASSWORD);
    expect((await http.request('POST', '/api/users', { username: 'wang.fang', name: '王芳', role: 'supervisor', password: 'wang-fang-password' })).status).toBe(201);
    expect((await http.request('POST', '/api/users', { username: 'admin.li', name: '李管理', role: 'admin', password: 'admin-li-password' })).status).toBe(201);

    const [row] = await testDb.db.query<{ password_hash: string }>("SELECT password_hash FROM console_users WHERE username = 'zhang.wei'");
    expect(row!.password_hash).toMatch(/^scrypt\$ln=14,r=8,p=1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(row!.password_hash).not.toContain(PASSWORD);

    const entries = await createAuditLogStore(testDb.db).list({ kind: 'role_change', subject: 'user:zhang.wei', limit: 10, offset: 0 });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actor: 'token:bootstrap-admin', data: { action: 'create_user', role: 'agent', agentId: 'zhang-wei' } });
    expect(JSON.stringify(entries[0])).not.toContain(PASSWORD);
  });

  it.each([
    ['a taken username', { username: 'zhang.wei', name: '张伟二', role: 'supervisor', password: 'another-password' }, 409],
    ['an agent user without its agent', { username: 'no.agent', name: '无', role: 'agent', password: 'some-password-1' }, 400],
    ['an unknown agent', { username: 'ghost', name: '鬼', role: 'agent', agentId: 'nobody', password: 'some-password-1' }, 404],
    ['an agent named on a supervisor', { username: 'mixed', name: '混', role: 'supervisor', agentId: 'zhang-wei', password: 'some-password-1' }, 400],
    ['a short password', { username: 'short.pw', name: '短', role: 'auditor', password: 'short' }, 400],
    ['an upper-case username', { username: 'Zhang', name: '张', role: 'auditor', password: 'some-password-1' }, 400],
  ])('refuses %s', async (_what, body, status) => {
    const r = await http.request('POST', '/api/users', body);
    expect(r.status).toBe(status);
    expect((r.body.error as { message: string }).message.length).toBeGreaterThan(0);
  });

  it('the store refuses a second user of the same name (disabled ones included)', async () => {
    const store = createConsoleUserStore(testDb.db);
    await expect(store.create(randomUUID(), { username: 'zhang.wei', name: 'x', role: 'auditor', agentId: null, departmentId: null }, 'scrypt$x')).rejects.toBeInstanceOf(ConsoleUserConflictError);
  });

  it('a login gives an HttpOnly SameSite=Strict cookie and a CSRF token; the session acts as the agent on the API, for its own agent only', async () => {
    const zhang = person();
    const r = await zhang.login('Zhang.Wei', PASSWORD);
    expect(r.status).toBe(200);
    expect(r.setCookie).toMatch(/^hotline_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict$/);
    expect(r.body).toMatchObject({ user: { username: 'zhang.wei', role: 'agent', agentId: 'zhang-wei' }, pages: ['/agent'] });
    // the session is stored under a hash of its id: nothing in Redis can be used as the cookie
    const sessionId = zhang.cookie.split('=')[1]!;
    const keys = await redis.keys(`${prefix}*`);
    expect(keys.some((k) => k.includes(sessionId))).toBe(false);

    expect((await zhang.request('GET', '/api/session')).body).toMatchObject({ user: { username: 'zhang.wei' } });
    expect((await zhang.request('GET', '/api/agents/zhang-wei/state')).status).toBe(200);
    expect((await zhang.request('GET', '/api/agents/li-na/state')).status).toBe(403);
    expect((await zhang.request('GET', '/api/users')).status).toBe(403);
    // no cookie, no token: 401
    expect((await http.request('GET', '/api/session', undefined, { token: null })).status).toBe(401);
  });

  it('a request that changes something with the cookie but without the CSRF token is refused; with it, it passes', async () => {
    const admin = person();
    expect((await admin.login('admin.li', 'admin-li-password')).status).toBe(200);
    const body = { username: 'audit.zhao', name: '赵审计', role: 'auditor', password: 'audit-zhao-password' };
    const refused = await admin.request('POST', '/api/users', body, false);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'csrf' });
    const wrong = await http.request('POST', '/api/users', body, { token: null, headers: { cookie: admin.cookie, 'x-csrf-token': 'A'.repeat(43) } });
    expect(wrong.status).toBe(403);
    expect((await admin.request('GET', '/api/users')).status).toBe(200);
    const made = await admin.request('POST', '/api/users', body);
    expect(made.status).toBe(201);
    const entries = await createAuditLogStore(testDb.db).list({ kind: 'role_change', subject: 'user:audit.zhao', limit: 10, offset: 0 });
    expect(entries[0]?.actor).toBe('user:admin.li');
  });

  it('locks a username after 3 wrong passwords in a row (423, Retry-After), the right one included; a new password from an admin lifts it and ends the old sessions', async () => {
    const wang = person();
    expect((await wang.login('wang.fang', 'wang-fang-password')).status).toBe(200);
    const intruder = person();
    expect((await intruder.login('wang.fang', 'guess-1')).status).toBe(401);
    expect((await intruder.login('wang.fang', 'guess-2')).status).toBe(401);
    const third = await intruder.login('wang.fang', 'guess-3');
    expect(third.status).toBe(423);
    expect(third.headers.get('retry-after')).toBe('900');
    expect((await intruder.login('wang.fang', 'wang-fang-password')).status).toBe(423);
    // a lock is per username: others still log in
    expect((await person().login('zhang.wei', PASSWORD)).status).toBe(200);

    expect((await http.request('POST', '/api/users/wang.fang/password', { password: 'wang-fang-new-password' })).status).toBe(200);
    expect((await wang.request('GET', '/api/session')).status).toBe(401);
    expect((await person().login('wang.fang', 'wang-fang-password')).status).toBe(401);
    expect((await person().login('wang.fang', 'wang-fang-new-password')).status).toBe(200);
  });

  it('an unknown username counts failures too and answers as a wrong password', async () => {
    const r = await person().login('nobody.here', 'whatever-password');
    expect(r.status).toBe(401);
    expect(r.body.error).toMatchObject({ code: 'invalid-credentials' });
  });

  it('a disabled user is logged out at once and cannot log in again', async () => {
    const zhao = person();
    expect((await zhao.login('audit.zhao', 'audit-zhao-password')).status).toBe(200);
    expect((await http.request('POST', '/api/users/audit.zhao/disable')).status).toBe(200);
    const after = await zhao.request('GET', '/api/session');
    expect(after.status).toBe(401);
    expect(after.body.error).toMatchObject({ code: 'session-expired' });
    const again = await person().login('audit.zhao', 'audit-zhao-password');
    expect(again.status).toBe(403);
    expect(again.body.error).toMatchObject({ code: 'account-disabled' });
    expect((await http.request('POST', '/api/users/nobody.here/disable')).status).toBe(404);
  });

  it('a session ends after the idle time, and after the absolute time however busy', async () => {
    const zhang = person();
    expect((await zhang.login('zhang.wei', PASSWORD)).status).toBe(200);
    clock = new Date(clock.getTime() + 29 * 60_000);
    expect((await zhang.request('GET', '/api/session')).status).toBe(200);
    clock = new Date(clock.getTime() + 30 * 60_000);
    expect((await zhang.request('GET', '/api/session')).status).toBe(401);

    const busy = person();
    expect((await busy.login('zhang.wei', PASSWORD)).status).toBe(200);
    for (let hour = 0; hour < 12; hour += 1) {
      clock = new Date(clock.getTime() + 25 * 60_000);
      expect((await busy.request('GET', '/api/session')).status).toBe(200);
    }
    // 12 × 25 min = 5 h; 7 h more of steady use reaches the 12 h end
    for (let step = 0; step < 17; step += 1) {
      clock = new Date(clock.getTime() + 25 * 60_000);
      await busy.request('GET', '/api/session');
    }
    expect((await busy.request('GET', '/api/session')).status).toBe(401);
  });

  it('logout ends the session at once and clears the cookie', async () => {
    const zhang = person();
    expect((await zhang.login('zhang.wei', PASSWORD)).status).toBe(200);
    const out = await zhang.request('DELETE', '/api/session');
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/^hotline_session=; .*Max-Age=0/);
    expect((await zhang.request('GET', '/api/session')).status).toBe(401);
  });

  it('an agent user whose agent is deleted can no longer log in (the login never passes to a new agent of that id)', async () => {
    const zhang = person();
    expect((await zhang.login('zhang.wei', PASSWORD)).status).toBe(200);
    await createAgentDirectoryStore(testDb.db).remove('zhang-wei');
    expect((await createConsoleUserStore(testDb.db).findByUsername('zhang.wei'))?.user.agentId).toBeNull();
    expect((await zhang.request('GET', '/api/session')).status).toBe(401);
    expect((await person().login('zhang.wei', PASSWORD)).status).toBe(403);
  });

  it('every answer carries the strict Content-Security-Policy', async () => {
    const r = await http.request('GET', '/api/session', undefined, { token: null });
    expect(r.headers.get('content-security-policy')).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    );
    expect(r.headers.get('x-frame-options')).toBe('DENY');
  });
});
