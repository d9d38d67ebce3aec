// Tokens and roles on the HTTP API with the real stores (PostgreSQL, Redis, the audit log):
// 401 without a usable token, 403 for a role the policy does not name, agent tokens only for
// their own agent, revocation at once, token values never stored nor listed, bad input stores
// nothing, and creation and revocation in the audit log.
import { createHash } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAgentDirectoryStore } from '../../src/adapters/db/agent-directory-store.js';
import { createApiTokenStore } from '../../src/adapters/db/api-token-store.js';
import { createAuditLogStore } from '../../src/adapters/db/audit-log-store.js';
import { createCallRecordsStore } from '../../src/adapters/db/call-records-store.js';
import { migrate } from '../../src/adapters/db/migrate.js';
import { sipMd5Credential } from '../../src/domain/agent/sip-credential.js';
import { agentSessionsRoutes } from '../../src/adapters/http/agent-sessions-routes.js';
import { callsRoutes } from '../../src/adapters/http/calls-routes.js';
import { createHttpApp } from '../../src/adapters/http/create-http-app.js';
import { healthRoutes } from '../../src/adapters/http/health-routes.js';
import { tokensRoutes } from '../../src/adapters/http/tokens-routes.js';
import { createRedisAgentPool } from '../../src/adapters/redis/acd/redis-agent-pool.js';
import { createRedisAgentStateStore } from '../../src/adapters/redis/redis-agent-state-store.js';
import { createAgentSessions, type AgentSessions } from '../../src/app/agent/agent-sessions.js';
import { createApiTokens, type ApiTokens } from '../../src/app/access/api-tokens.js';
import type { AuditLog } from '../../src/ports/audit/audit-log.js';
import { connectRedis, deleteKeys, randomPrefix, type RedisConnection } from './acd/acd-redis-fixtures.js';
import { TEST_ADMIN_TOKEN } from '../support/api-access.js';
import { createPostgresTestDatabase, type TestDatabase } from '../support/db-fixtures.js';
import { listen, type JsonResponse, type TestHttpServer } from '../support/http-client.js';

interface TokenView {
  id: string;
  name: string;
  role: string;
  agentId: string | null;
  createdAt: string;
  revokedAt: string | null;
  token?: string;
}

const logger = pino({ level: 'silent' });
let testDb: TestDatabase;
let redis: RedisConnection;
let prefix: string;
let sessions: AgentSessions;
let audit: AuditLog;
let tokens: ApiTokens;
let http: TestHttpServer;

const appWith = (t: ApiTokens) => createHttpApp([
  healthRoutes([{ name: 'database', check: () => true }]),
  callsRoutes(createCallRecordsStore(testDb.db)),
  agentSessionsRoutes(sessions),
  tokensRoutes(t),
], logger, t);

beforeAll(async () => {
  testDb = await createPostgresTestDatabase();
  await migrate(testDb.db);
  const directory = createAgentDirectoryStore(testDb.db);
  for (const [agentId, extension] of [['zhang-wei', '2001'], ['li-na', '2002']] as const) {
    await directory.create({ agentId, name: agentId, extension, skills: { general: 3 }, languages: ['zh'], group: '一班' }, sipMd5Credential(extension, 'a-sip-password-of-16+'));
  }
  redis = connectRedis();
  prefix = randomPrefix();
  sessions = createAgentSessions({
    directory,
    states: createRedisAgentStateStore(redis, prefix),
    pool: createRedisAgentPool(redis, prefix),
    presence: null,
    wrapUpSeconds: 0,
    now: () => Date.now(),
    logger,
    releaseCall: async () => undefined,
    onReady: () => undefined,
  });
  audit = createAuditLogStore(testDb.db);
  tokens = createApiTokens({ store: createApiTokenStore(testDb.db), agents: directory, adminToken: TEST_ADMIN_TOKEN, audit, now: () => new Date() });
  http = await listen(appWith(tokens));
});

afterAll(async () => {
  await http?.close();
  sessions?.stop();
  if (redis) {
    await deleteKeys(redis, prefix);
    redis.disconnect();
  }
  await testDb?.dispose();
});

beforeEach(async () => {
  await testDb.db.exec('TRUNCATE api_tokens');
});

const errorOf = (r: JsonResponse) => r.body.error as { code: string; message: string; details?: string[] };

async function issue(name: string, role: string, agentId?: string): Promise<TokenView & { token: string }> {
  const r = await http.request<TokenView>('POST', '/api/tokens', { name, role, ...(agentId ? { agentId } : {}) });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as TokenView & { token: string };
}

describe('without a usable token', () => {
  it('the health checks answer, everything else is a 401 that says what to send', async () => {
    const anonymous = http.as(null);
    expect((await anonymous.request('GET', '/healthz')).status).toBe(200);
    expect((await anonymous.request('GET', '/readyz')).status).toBe(200);

    for (const [method, path] of [['GET', '/api/calls'], ['POST', '/api/tokens'], ['GET', '/api/nothing'], ['GET', '/'], ['POST', '/healthz']]) {
      const r = await anonymous.request(method!, path!);
      expect(r.status, `${method} ${path}`).toBe(401);
      expect(r.headers.get('www-authenticate')).toMatch(/^Bearer realm="hotline12345"$/);
      expect(errorOf(r)).toEqual({ code: 'unauthenticated', message: expect.stringMatching(/Authorization: Bearer <token>/) });
    }
  });

  it.each([
    ['an unknown token', { authorization: 'Bearer not-a-token-of-this-hotline' }, /unknown or revoked/],
    ['the admin token with one character changed', { authorization: `Bearer ${TEST_ADMIN_TOKEN.slice(0, -1)}!` }, /unknown or revoked/],
    ['another scheme', { authorization: `Basic ${Buffer.from(`admin:${TEST_ADMIN_TOKEN}`).toString('base64')}` }, /must be "Bearer <token>"/],
    ['a bearer with no token', { authorization: 'Bearer ' }, /must be "Bearer <token>"/],
    ['a token with spaces', { authorization: `Bearer ${TEST_ADMIN_TOKEN} extra` }, /must be "Bearer <token>"/],
  ])('%s is a 401 (invalid_token)', async (_what, headers, message) => {
    const r = await http.request('GET', '/api/calls', undefined, { token: null, headers });
    expect(r.status).toBe(401);
    expect(r.headers.get('www-authenticate')).toBe('Bearer realm="hotline12345", error="invalid_token"');
    expect(errorOf(r)).toEqual({ code: 'unauthenticated', message: expect.stringMatching(message) });
  });

  it('a body is not even read before the token is checked', async () => {
    const r = await http.request('POST', '/api/tokens', '{"broken json', { token: 'wrong' });
    expect(r.status).toBe(401);
  });
});

describe('roles', () => {
  it('a token works for what its role allows and is a 403 naming the roles needed otherwise', async () => {
    const supervisor = await issue('duty-supervisor', 'supervisor');
    const auditor = await issue('audit-office', 'auditor');

    expect((await http.request('GET', '/api/calls', undefined, { token: auditor.token })).status).toBe(200);
    expect((await http.request('GET', '/api/calls', undefined, { token: supervisor.token })).status).toBe(200);

    const denied = await http.request('POST', '/api/tokens', { name: 'x', role: 'admin' }, { token: supervisor.token });
    expect(denied.status).toBe(403);
    expect(errorOf(denied)).toEqual({ code: 'forbidden', message: 'POST /api/tokens needs role admin; this token has role supervisor' });
    const login = await http.request('POST', '/api/agents/zhang-wei/login', { ready: false }, { token: auditor.token });
    expect(login.status).toBe(403);
    expect(errorOf(login).message).toBe(
      'POST /api/agents/zhang-wei/login needs role supervisor or admin, or the token of agent zhang-wei; this token has role auditor');
    // nothing was done for the denied requests
    expect((await tokens.list()).map((t) => t.name)).toEqual(['duty-supervisor', 'audit-office']);
    expect((await sessions.state('zhang-wei')).status).toBe('offline');
  });

  it('a route with no line in the policy is a 403 for every token, admin included', async () => {
    const r = await http.request('GET', '/api/nothing');
    expect(r.status).toBe(403);
    expect(errorOf(r)).toEqual({ code: 'forbidden', message: 'GET /api/nothing is not open to any token (no access rule)' });
  });

  it('an agent token acts for its own agent only', async () => {
    const zhang = await issue('zhang-wei-console', 'agent', 'zhang-wei');
    const supervisor = await issue('duty-supervisor', 'supervisor');
    const own = await http.request<{ state: { status: string } }>('POST', '/api/agents/zhang-wei/login', { ready: false }, { token: zhang.token });
    expect(own.status).toBe(200);
    expect(own.body.state.status).toBe('not_ready');
    expect((await http.request('GET', '/api/agents/zhang-wei/state', undefined, { token: zhang.token })).status).toBe(200);

    for (const [method, path] of [['POST', '/api/agents/li-na/login'], ['GET', '/api/agents/li-na/state'], ['POST', '/API/AGENTS/li-na/logout'], ['GET', '/api/calls']]) {
      const r = await http.request(method!, path!, undefined, { token: zhang.token });
      expect(r.status, `${method} ${path}`).toBe(403);
      expect(errorOf(r).message).toMatch(/this token has role agent \(agent zhang-wei\)$/);
    }
    expect((await sessions.state('li-na')).status).toBe('offline');

    // a supervisor acts for any agent
    expect((await http.request('POST', '/api/agents/li-na/login', { ready: false }, { token: supervisor.token })).status).toBe(200);
    expect((await http.request('POST', '/api/agents/zhang-wei/logout', undefined, { token: supervisor.token })).status).toBe(200);
    await sessions.logout('li-na');
  });
});

describe('POST /api/tokens', () => {
  it('shows the token once, stores only its SHA-256, and never lists it', async () => {
    const r = await http.request<TokenView>('POST', '/api/tokens', { name: 'duty-supervisor', role: 'supervisor' });
    expect(r.status).toBe(201);
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(r.headers.get('location')).toBe(`/api/tokens/${r.body.id}`);
    expect(r.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/), name: 'duty-supervisor', role: 'supervisor', agentId: null,
      createdAt: expect.any(String), revokedAt: null, token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    const token = r.body.token!;

    const rows = await testDb.db.query<Record<string, unknown>>('SELECT * FROM api_tokens');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(token);

    const list = await http.request<{ tokens: TokenView[] }>('GET', '/api/tokens');
    expect(list.status).toBe(200);
    const { token: _shown, ...record } = r.body;
    expect(list.body.tokens).toEqual([record]);
    expect(JSON.stringify(list.body)).not.toContain(token);
    expect(JSON.stringify(list.body)).not.toMatch(/hash/i);

    // two tokens are never the same
    const other = await issue('night-supervisor', 'supervisor');
    expect(other.token).not.toBe(token);
  });

  it.each([
    ['an unknown role', { name: 'x', role: 'root' }, /role: must be one of agent, supervisor, auditor, admin/],
    ['a name with a space', { name: 'duty supervisor', role: 'supervisor' }, /name: must be 1 to 64 letters/],
    ['a name of 65 characters', { name: 'a'.repeat(65), role: 'supervisor' }, /name: must be 1 to 64 letters/],
    ['an agent token without agentId', { name: 'x', role: 'agent' }, /agentId: an agent token must name the agent it acts for/],
    ['a supervisor token with an agentId', { name: 'x', role: 'supervisor', agentId: 'zhang-wei' }, /agentId: only agent tokens name an agent/],
    ['a malformed agentId', { name: 'x', role: 'agent', agentId: 'Zhang Wei' }, /agentId: must be lower-case letters and digits with single hyphens/],
    ['an unknown field', { name: 'x', role: 'admin', token: 'my-own-choice' }, /token/],
    ['no body', undefined, /name/],
    ['the reserved name of HOTLINE_ADMIN_TOKEN', { name: 'bootstrap-admin', role: 'admin' }, /"bootstrap-admin" is reserved/],
  ])('answers 400 for %s and stores nothing', async (_what, body, message) => {
    const r = await http.request('POST', '/api/tokens', body);
    expect(r.status).toBe(400);
    expect(errorOf(r).message).toMatch(message);
    expect(await tokens.list()).toEqual([]);
  });

  it('answers 400 for a body that is not JSON', async () => {
    expect((await http.request('POST', '/api/tokens', '{"name":')).status).toBe(400);
    expect(await tokens.list()).toEqual([]);
  });

  it('answers 404 for an agent token naming an agent that does not exist, 409 for a taken name', async () => {
    const unknown = await http.request('POST', '/api/tokens', { name: 'ghost-console', role: 'agent', agentId: 'wang-fang' });
    expect(unknown.status).toBe(404);
    expect(errorOf(unknown).message).toMatch(/No agent with id wang-fang/);
    expect(await tokens.list()).toEqual([]);

    const first = await issue('duty-supervisor', 'supervisor');
    await http.request('DELETE', `/api/tokens/${first.id}`);
    // names are never reused, so the audit log's `token:<name>` always means one token
    const again = await http.request('POST', '/api/tokens', { name: 'duty-supervisor', role: 'auditor' });
    expect(again.status).toBe(409);
    expect(errorOf(again)).toMatchObject({ code: 'token-conflict', message: expect.stringMatching(/duty-supervisor/) });
  });
});

describe('DELETE /api/tokens/:id', () => {
  it('revokes at once: the next request with the token is a 401; the list shows when', async () => {
    const supervisor = await issue('duty-supervisor', 'supervisor');
    expect((await http.request('GET', '/api/calls', undefined, { token: supervisor.token })).status).toBe(200);

    expect((await http.request('DELETE', `/api/tokens/${supervisor.id}`)).status).toBe(204);
    const after = await http.request('GET', '/api/calls', undefined, { token: supervisor.token });
    expect(after.status).toBe(401);
    expect(errorOf(after).message).toMatch(/unknown or revoked/);

    const list = await http.request<{ tokens: TokenView[] }>('GET', '/api/tokens');
    expect(list.body.tokens).toEqual([expect.objectContaining({ id: supervisor.id, revokedAt: expect.any(String) })]);
    // again: nothing changes
    expect((await http.request('DELETE', `/api/tokens/${supervisor.id}`)).status).toBe(204);
    expect((await http.request<{ tokens: TokenView[] }>('GET', '/api/tokens')).body.tokens[0]!.revokedAt).toBe(list.body.tokens[0]!.revokedAt);
  });

  it('an admin token revoked is a 401 for itself too', async () => {
    const ops = await issue('ops-admin', 'admin');
    expect((await http.request('DELETE', `/api/tokens/${ops.id}`, undefined, { token: ops.token })).status).toBe(204);
    expect((await http.request('GET', '/api/tokens', undefined, { token: ops.token })).status).toBe(401);
  });

  it('is a 404 for an unknown token and a 400 for a malformed id', async () => {
    expect((await http.request('DELETE', '/api/tokens/9b2f6a36-3c55-4a8e-9f2c-1b6f1d2a0c11')).status).toBe(404);
    const bad = await http.request('DELETE', '/api/tokens/bootstrap');
    expect(bad.status).toBe(400);
    expect(errorOf(bad).message).toMatch(/must be a token id/);
  });
});

describe('the audit log', () => {
  it('records who created and who revoked each token, and the chain verifies', async () => {
    const ops = await issue('ops-admin', 'admin');
    const zhang = (await http.request<TokenView>('POST', '/api/tokens', { name: 'zhang-wei-console', role: 'agent', agentId: 'zhang-wei' }, { token: ops.token })).body;
    expect((await http.request('DELETE', `/api/tokens/${zhang.id}`)).status).toBe(204);
    expect((await http.request('DELETE', `/api/tokens/${zhang.id}`)).status).toBe(204);

    const entries = (await audit.list({ kind: 'role_change', limit: 100, offset: 0 })).reverse().slice(-3);
    expect(entries.map(({ kind, actor, subject, data }) => ({ kind, actor, subject, data }))).toEqual([
      { kind: 'role_change', actor: 'token:bootstrap-admin', subject: `token:${ops.id}`, data: { action: 'create', role: 'admin', name: 'ops-admin' } },
      { kind: 'role_change', actor: 'token:ops-admin', subject: `token:${zhang.id}`,
        data: { action: 'create', role: 'agent', name: 'zhang-wei-console', agentId: 'zhang-wei' } },
      { kind: 'role_change', actor: 'token:bootstrap-admin', subject: `token:${zhang.id}`,
        data: { action: 'revoke', role: 'agent', name: 'zhang-wei-console', agentId: 'zhang-wei' } },
    ]);
    expect(JSON.stringify(entries)).not.toContain(ops.token);
    expect(await audit.verify()).toMatchObject({ ok: true });
  });

  it('a creation the audit log does not take is undone', async () => {
    const failing: AuditLog = { ...audit, append: () => Promise.reject(new Error('audit log unavailable')) };
    const broken = createApiTokens({
      store: createApiTokenStore(testDb.db), agents: createAgentDirectoryStore(testDb.db), adminToken: TEST_ADMIN_TOKEN, audit: failing, now: () => new Date(),
    });
    const other = await listen(appWith(broken));
    try {
      const r = await other.request('POST', '/api/tokens', { name: 'duty-supervisor', role: 'supervisor' });
      expect(r.status).toBe(500);
      expect(JSON.stringify(r.body)).not.toMatch(/token"/);
    } finally {
      await other.close();
    }
    expect(await tokens.list()).toEqual([]);
    expect((await http.request('POST', '/api/tokens', { name: 'duty-supervisor', role: 'supervisor' })).status).toBe(201);
  });
});
