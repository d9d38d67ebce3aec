// Deleting an agent on the real stores (PostgreSQL, Redis): a logged-in agent is refused with
// 409 ("log out first") and nothing changes; a deleted agent leaves no state, no place in any
// ready set, no reservation, no presence and no working token, so the same id created again
// starts offline with no token, and the next claim never picks the deleted agent. A ghost left
// by an earlier deletion (before this rule, or a clean-up that failed) is cleared by re-creation.
// Presence comes from the real AMI adapter fed by the fake manager port (test/integration/ami):
// a real Asterisk does not announce that a deleted endpoint's contact is gone, which is the point.
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAmiConnection, type AmiConnection } from '../../src/adapters/ami/ami-connection.js';
import { createAmiDevicePresence, type AmiDevicePresence } from '../../src/adapters/ami/ami-device-presence.js';
import { createAgentDirectoryStore } from '../../src/adapters/db/agent-directory-store.js';
import { createApiTokenStore } from '../../src/adapters/db/api-token-store.js';
import { migrate } from '../../src/adapters/db/migrate.js';
import { agentSessionsRoutes } from '../../src/adapters/http/agent-sessions-routes.js';
import { agentsRoutes } from '../../src/adapters/http/agents-routes.js';
import { createHttpApp } from '../../src/adapters/http/create-http-app.js';
import { tokensRoutes } from '../../src/adapters/http/tokens-routes.js';
import { acdKeys } from '../../src/adapters/redis/acd/acd-keys.js';
import { createRedisAgentPool } from '../../src/adapters/redis/acd/redis-agent-pool.js';
import { createRedisAgentStateStore } from '../../src/adapters/redis/redis-agent-state-store.js';
import { createAgentAccounts } from '../../src/app/agent/agent-accounts.js';
import { createAgentSessions, type AgentSessions } from '../../src/app/agent/agent-sessions.js';
import { generateSipPassword } from '../../src/app/agent/agent-sip-password.js';
import { createApiTokens } from '../../src/app/access/api-tokens.js';
import type { AgentDirectory } from '../../src/ports/agent/agent-directory.js';
import type { AgentPool } from '../../src/ports/acd/agent-pool.js';
import type { AgentStateStore } from '../../src/ports/agent/agent-state-store.js';
import { connectRedis, deleteKeys, randomPrefix, type RedisConnection } from './acd/acd-redis-fixtures.js';
import { startFakeAmiServer, type FakeAmiServer } from './ami/fake-ami-server.js';
import { TEST_ADMIN_TOKEN } from '../support/api-access.js';
import { createPostgresTestDatabase, type TestDatabase } from '../support/db-fixtures.js';
import { waitFor } from '../support/hotline-app.js';
import { listen, type TestHttpServer } from '../support/http-client.js';

const logger = pino({ level: 'silent' });
const AMI_USER = 'hotline';
const AMI_SECRET = 'fake-secret-0123456789';

let testDb: TestDatabase;
let redis: RedisConnection;
let prefix: string;
let directory: AgentDirectory;
let states: AgentStateStore;
let pool: AgentPool;
let sessions: AgentSessions;
let amiServer: FakeAmiServer;
let ami: AmiConnection;
let presence: AmiDevicePresence;
let http: TestHttpServer;
const released: string[] = [];

const agent = (agentId: string, extension: string) => ({ agentId, name: agentId, extension, skills: { general: 3, housing: 2 }, languages: ['zh'], group: '一班' });
const ZHANG = agent('zhang-wei', '2001');
const LI = agent('li-na', '2002');

beforeAll(async () => {
  testDb = await createPostgresTestDatabase();
  await migrate(testDb.db);
  directory = createAgentDirectoryStore(testDb.db);
  redis = connectRedis();
  prefix = randomPrefix();
  states = createRedisAgentStateStore(redis, prefix);
  pool = createRedisAgentPool(redis, prefix);
  amiServer = await startFakeAmiServer({ username: AMI_USER, secret: AMI_SECRET, lists: { PJSIPShowContacts: [] } });
  ami = createAmiConnection({ host: '127.0.0.1', port: amiServer.port, username: AMI_USER, secret: AMI_SECRET, logger, pingIntervalMs: 1_000 });
  presence = createAmiDevicePresence({ ami, logger });
  ami.start();
  await waitFor('AMI logged in', () => (ami.ready ? true : undefined), 5_000);
  sessions = createAgentSessions({
    directory,
    states,
    pool,
    presence,
    wrapUpSeconds: 0,
    now: () => Date.now(),
    logger,
    releaseCall: async (callId) => void released.push(callId),
    onReady: () => undefined,
  });
  const tokens = createApiTokens({ store: createApiTokenStore(testDb.db), agents: directory, adminToken: TEST_ADMIN_TOKEN, now: () => new Date() });
  const accounts = createAgentAccounts({
    agents: directory,
    // Asterisk's side of an account is tested in test/e2e/agent-accounts.test.ts; here it always takes it
    provisioning: { applyAgentEndpoint: async () => undefined, removeAgentEndpoint: async () => undefined },
    generateSecret: generateSipPassword,
    live: sessions,
    tokens,
    presence,
  });
  http = await listen(createHttpApp([agentsRoutes(accounts, { sipServer: '127.0.0.1:5060' }), agentSessionsRoutes(sessions), tokensRoutes(tokens)], logger, tokens));
});

afterAll(async () => {
  await http?.close();
  sessions?.stop();
  presence?.close();
  await ami?.stop();
  await amiServer?.close();
  if (redis) {
    await deleteKeys(redis, prefix);
    redis.disconnect();
  }
  await testDb?.dispose();
});

beforeEach(async () => {
  await testDb.db.exec('TRUNCATE agents, api_tokens CASCADE');
  await deleteKeys(redis, prefix);
  released.length = 0;
});

/** The softphone of `extension` registers (as Asterisk's qualify reports it). */
async function registered(extension: string): Promise<void> {
  amiServer.emit({ Event: 'ContactStatus', ContactStatus: 'Reachable', EndpointName: extension, URI: `sip:${extension}@127.0.0.1:5070`, AOR: extension });
  await waitFor(`${extension} reachable`, () => (presence.isReachable(extension) ? true : undefined), 5_000);
}

async function createdAndReady(a: typeof ZHANG): Promise<string> {
  expect((await http.request('POST', '/api/agents', a)).status).toBe(201);
  const token = await http.request<{ token: string }>('POST', '/api/tokens', { name: `${a.agentId}-console`, role: 'agent', agentId: a.agentId });
  expect(token.status).toBe(201);
  await registered(a.extension);
  const login = await http.request('POST', `/api/agents/${a.agentId}/login`, { ready: true }, { token: token.body.token });
  expect(login.status).toBe(200);
  expect(await pool.agentState(a.agentId)).toMatchObject({ state: 'ready' });
  return token.body.token;
}

/** Every trace of the agent in Redis: state, pool hash and index, ready sets of its skills. */
async function redisTraces(agentId: string): Promise<Record<string, unknown>> {
  const keys = acdKeys(prefix);
  return {
    state: await states.get(agentId),
    pool: await pool.agentState(agentId),
    index: await redis.hget(keys.index, agentId),
    readyGeneral: await redis.zscore(keys.ready('general'), agentId),
    readyHousing: await redis.zscore(keys.ready('housing'), agentId),
  };
}
const NO_TRACES = { state: null, pool: null, index: null, readyGeneral: null, readyHousing: null };

const tokensOf = async (agentId: string) =>
  (await http.request<{ tokens: Array<{ agentId: string | null; revokedAt: string | null }> }>('GET', '/api/tokens')).body.tokens.filter((t) => t.agentId === agentId);

const claim = (callId: string) => pool.claimAgent({ callId, requirement: { skills: [{ skill: 'general', minProficiency: 1 }] }, now: Date.now() });

describe('deleting a logged-in agent', () => {
  it.each([
    ['ready', undefined],
    ['not ready', { status: 'not_ready', reason: 'break' }],
  ])('is refused with 409 "log out first" while %s, and nothing changes', async (_what, change) => {
    const token = await createdAndReady(ZHANG);
    if (change) expect((await http.request('PUT', '/api/agents/zhang-wei/state', change, { token })).status).toBe(200);
    const before = await redisTraces('zhang-wei');

    const r = await http.request('DELETE', '/api/agents/zhang-wei');
    expect(r.status).toBe(409);
    expect(r.body.error).toEqual({ code: 'agent-logged-in', message: expect.stringMatching(/zhang-wei is logged in .*log the agent out first \(请先签出\)/) });

    expect(await directory.get('zhang-wei')).not.toBeNull();
    expect(await redisTraces('zhang-wei')).toEqual(before);
    expect((await http.request('GET', '/api/agents/zhang-wei/state', undefined, { token })).status).toBe(200);
    expect(presence.isReachable('2001')).toBe(true);
  });
});

describe('creating an id that is taken', () => {
  it('is a 409 that leaves the logged-in agent as it was: ready, claimable, its token working', async () => {
    const token = await createdAndReady(ZHANG);
    const before = await redisTraces('zhang-wei');
    const again = await http.request('POST', '/api/agents', { ...ZHANG, extension: '2009' });
    expect(again.status).toBe(409);
    expect(await redisTraces('zhang-wei')).toEqual(before);
    expect((await http.request('GET', '/api/agents/zhang-wei/state', undefined, { token })).status).toBe(200);
    expect(await claim('call-1')).toEqual({ agentId: 'zhang-wei' });
  });
});

describe('deleting an agent after logout', () => {
  it('leaves nothing: no state, no ready-set entry, no presence, its tokens revoked (401, not active)', async () => {
    const token = await createdAndReady(ZHANG);
    expect((await http.request('POST', '/api/agents/zhang-wei/logout', undefined, { token })).status).toBe(200);
    expect((await http.request('DELETE', '/api/agents/zhang-wei')).status).toBe(204);

    expect(await redisTraces('zhang-wei')).toEqual(NO_TRACES);
    expect(presence.isReachable('2001')).toBe(false);
    expect((await http.request('GET', '/api/agents/zhang-wei/state', undefined, { token })).status).toBe(401);
    expect(await tokensOf('zhang-wei')).toEqual([expect.objectContaining({ revokedAt: expect.any(String) })]);
  });

  it('then re-created with the same id and extension: offline, in no ready set, unreachable, no working token', async () => {
    const oldToken = await createdAndReady(ZHANG);
    const readyBefore = (await states.get('zhang-wei'))!.since;
    expect((await http.request('POST', '/api/agents/zhang-wei/logout', undefined, { token: oldToken })).status).toBe(200);
    expect((await http.request('DELETE', '/api/agents/zhang-wei')).status).toBe(204);
    expect((await http.request('POST', '/api/agents', ZHANG)).status).toBe(201);

    const state = await http.request<{ state: { status: string; since: number } }>('GET', '/api/agents/zhang-wei/state');
    expect(state.status).toBe(200);
    expect(state.body.state.status).toBe('offline');
    expect(state.body.state.since).not.toBe(readyBefore);
    expect(await redisTraces('zhang-wei')).toEqual(NO_TRACES);
    expect(presence.isReachable('2001')).toBe(false);
    for (const [method, path, body] of [['GET', '/api/agents/zhang-wei/state'], ['PUT', '/api/agents/zhang-wei/state', { status: 'ready' }]] as const) {
      expect((await http.request(method, path, body, { token: oldToken })).status, `${method} ${path}`).toBe(401);
    }
    expect((await tokensOf('zhang-wei')).filter((t) => t.revokedAt === null)).toEqual([]);

    // logging in without a registered softphone does not make the agent claimable
    expect((await http.request('POST', '/api/agents/zhang-wei/login', { ready: true })).status).toBe(200);
    expect(await pool.agentState('zhang-wei')).toMatchObject({ state: 'device-unreachable' });
    expect(await claim('call-1')).toBeNull();
  });

  it('the next claim takes another agent, never the deleted one', async () => {
    const zhangToken = await createdAndReady(ZHANG); // ready first: the longest idle
    await createdAndReady(LI);
    expect((await http.request('POST', '/api/agents/zhang-wei/logout', undefined, { token: zhangToken })).status).toBe(200);
    expect((await http.request('DELETE', '/api/agents/zhang-wei')).status).toBe(204);
    expect((await http.request('POST', '/api/agents', ZHANG)).status).toBe(201);

    expect(await claim('call-1')).toEqual({ agentId: 'li-na' });
    expect(await claim('call-2')).toBeNull();
  });
});

describe('moving an agent to another extension', () => {
  it('forgets the old extension\'s presence: its account left Asterisk, and a new agent there is not reachable', async () => {
    expect((await http.request('POST', '/api/agents', ZHANG)).status).toBe(201);
    await registered('2001');
    expect((await http.request('PATCH', '/api/agents/zhang-wei', { extension: '2005' })).status).toBe(200);
    expect(presence.isReachable('2001')).toBe(false);
    expect((await http.request('POST', '/api/agents', { ...LI, extension: '2001' })).status).toBe(201);
    expect((await http.request('POST', '/api/agents/li-na/login', { ready: true })).status).toBe(200);
    expect(await pool.agentState('li-na')).toMatchObject({ state: 'device-unreachable' });
  });
});

describe('a ghost left by an earlier deletion', () => {
  it('is cleared when the id is created again: offline, in no ready set, its token revoked, never claimed', async () => {
    const token = await createdAndReady(ZHANG);
    // the record goes without the clean-up, as deletions did before (or when Redis failed then)
    expect(await directory.remove('zhang-wei')).toBe(true);
    expect(await pool.agentState('zhang-wei')).toMatchObject({ state: 'ready' });

    expect((await http.request('POST', '/api/agents', ZHANG)).status).toBe(201);
    expect((await http.request<{ state: { status: string } }>('GET', '/api/agents/zhang-wei/state')).body.state.status).toBe('offline');
    expect(await redisTraces('zhang-wei')).toEqual(NO_TRACES);
    expect((await http.request('GET', '/api/agents/zhang-wei/state', undefined, { token })).status).toBe(401);
    expect((await tokensOf('zhang-wei')).filter((t) => t.revokedAt === null)).toEqual([]);
    expect(await claim('call-1')).toBeNull();
  });
});

describe('a deletion racing a login', () => {
  it('ends either with the agent deleted and nothing live, or refused with the agent logged in', async () => {
    const outcomes = new Set<string>();
    for (let round = 0; round < 8; round += 1) {
      await testDb.db.exec('TRUNCATE agents, api_tokens CASCADE');
      await deleteKeys(redis, prefix);
      expect((await http.request('POST', '/api/agents', ZHANG)).status).toBe(201);
      const [deleted, login] = await Promise.all([
        http.request('DELETE', '/api/agents/zhang-wei'),
        http.request('POST', '/api/agents/zhang-wei/login', { ready: true }),
      ]);
      outcomes.add(`${deleted.status}/${login.status}`);
      if (deleted.status === 204) {
        expect(login.status === 404 || login.status === 200, `login ${login.status}`).toBe(true);
        expect(await redisTraces('zhang-wei')).toEqual(NO_TRACES);
        expect(await claim(`call-${round}`)).toBeNull();
      } else {
        expect([deleted.status, login.status]).toEqual([409, 200]);
        expect((await states.get('zhang-wei'))?.status).toBe('ready');
      }
    }
    expect([...outcomes].every((o) => ['204/404', '204/200', '409/200'].includes(o)), [...outcomes].join()).toBe(true);
  });
});
