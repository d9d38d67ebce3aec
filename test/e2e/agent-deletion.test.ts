// Deleting an agent end to end: the agents and sessions API with the real directory (PostgreSQL),
// the real ARI provisioning, the agent pool in Redis and softphone presence from the real
// Asterisk over AMI, with a SIPp softphone registered. A logged-in agent is a 409; once logged
// out and deleted, the extension is unreachable at once (Asterisk does not announce that the
// deleted account's contact is gone), and the same id and extension created again start offline
// and unreachable until the softphone registers with the new password.
// Touches extension 2811 only, and removes it before and after.
import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createAmiConnection, type AmiConnection } from '../../src/adapters/ami/ami-connection.js';
import { createAmiDevicePresence, type AmiDevicePresence } from '../../src/adapters/ami/ami-device-presence.js';
import { createAriSipProvisioning } from '../../src/adapters/ari/ari-sip-provisioning.js';
import { createAgentDirectoryStore } from '../../src/adapters/db/agent-directory-store.js';
import { migrate } from '../../src/adapters/db/migrate.js';
import { agentSessionsRoutes } from '../../src/adapters/http/agent-sessions-routes.js';
import { agentsRoutes } from '../../src/adapters/http/agents-routes.js';
import { createHttpApp } from '../../src/adapters/http/create-http-app.js';
import { createRedisAgentPool } from '../../src/adapters/redis/acd/redis-agent-pool.js';
import { createRedisAgentStateStore } from '../../src/adapters/redis/redis-agent-state-store.js';
import { createAgentAccounts } from '../../src/app/agent/agent-accounts.js';
import { createAgentSessions, type AgentSessions } from '../../src/app/agent/agent-sessions.js';
import { generateSipPassword } from '../../src/app/agent/agent-sip-password.js';
import type { AgentPool } from '../../src/ports/acd/agent-pool.js';
import type { SipProvisioning } from '../../src/ports/agent/sip-provisioning.js';
import { connectRedis, deleteKeys, randomPrefix, type RedisConnection } from '../integration/acd/acd-redis-fixtures.js';
import { stackAri } from '../support/ari-http.js';
import { testApiTokens } from '../support/api-access.js';
import { createPostgresTestDatabase, type TestDatabase } from '../support/db-fixtures.js';
import { waitFor } from '../support/hotline-app.js';
import { listen, type TestHttpServer } from '../support/http-client.js';
import { registerWithSipp } from '../support/sipp-register.js';
import { readStackEnv } from '../support/stack-env.js';

const EXTENSION = '2811';
const WANG = { agentId: 'wang-fang', name: '王芳', extension: EXTENSION, skills: { general: 3 }, languages: ['zh'], group: '一班' };
const logger = pino({ level: 'silent' });

let testDb: TestDatabase;
let redis: RedisConnection;
let prefix: string;
let provisioning: SipProvisioning;
let ami: AmiConnection;
let presence: AmiDevicePresence;
let pool: AgentPool;
let sessions: AgentSessions;
let http: TestHttpServer;

beforeAll(async () => {
  const ari = stackAri() ?? (() => { throw new Error('no .stack/hotline.env after the e2e global setup'); })();
  const env = readStackEnv();
  testDb = await createPostgresTestDatabase();
  await migrate(testDb.db);
  const directory = createAgentDirectoryStore(testDb.db);
  provisioning = createAriSipProvisioning(ari);
  await provisioning.removeAgentEndpoint(EXTENSION);
  redis = connectRedis();
  prefix = randomPrefix();
  pool = createRedisAgentPool(redis, prefix);
  ami = createAmiConnection({
    host: env.AMI_HOST ?? '127.0.0.1', port: Number(env.AMI_PORT ?? 5038), username: env.AMI_USERNAME ?? 'hotline', secret: env.AMI_SECRET ?? '',
    logger, pingIntervalMs: 1_000, onConnected: () => presence.refresh(),
  });
  presence = createAmiDevicePresence({ ami, logger });
  ami.start();
  await waitFor('AMI logged in', () => (ami.ready ? true : undefined), 10_000);
  await presence.refresh();
  sessions = createAgentSessions({
    directory, states: createRedisAgentStateStore(redis, prefix), pool, presence, wrapUpSeconds: 0, now: () => Date.now(), logger,
    releaseCall: async () => undefined, onReady: () => undefined,
  });
  const tokens = testApiTokens(testDb.db);
  const accounts = createAgentAccounts({ agents: directory, provisioning, generateSecret: generateSipPassword, live: sessions, tokens, presence });
  http = await listen(createHttpApp([agentsRoutes(accounts, { sipServer: '127.0.0.1:5060' }), agentSessionsRoutes(sessions)], logger, tokens));
});

afterAll(async () => {
  await http?.close();
  sessions?.stop();
  presence?.close();
  await ami?.stop();
  await provisioning?.removeAgentEndpoint(EXTENSION);
  if (redis) {
    await deleteKeys(redis, prefix);
    redis.disconnect();
  }
  await testDb?.dispose();
});

const created = async () => {
  const r = await http.request<{ sip: { password: string } }>('POST', '/api/agents', WANG);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.sip.password;
};
const reachable = () => waitFor(`${EXTENSION} reachable`, () => (presence.isReachable(EXTENSION) ? true : undefined), 10_000);
const claim = (callId: string) => pool.claimAgent({ callId, requirement: { skills: [{ skill: 'general', minProficiency: 1 }] }, now: Date.now() });

it('a registered, logged-in agent: deletion is a 409; after logout it goes with its presence, and the same id comes back offline and unreachable', async () => {
  const phone = registerWithSipp({ user: EXTENSION, password: await created(), holdMs: 8_000, timeoutMs: 15_000 });
  await reachable();
  expect((await http.request('POST', '/api/agents/wang-fang/login', { ready: true })).status).toBe(200);
  expect(await pool.agentState('wang-fang')).toMatchObject({ state: 'ready' });

  const refused = await http.request('DELETE', '/api/agents/wang-fang');
  expect(refused.status).toBe(409);
  expect((refused.body.error as { message: string }).message).toMatch(/log the agent out first \(请先签出\)/);

  expect((await http.request('POST', '/api/agents/wang-fang/logout')).status).toBe(200);
  expect((await http.request('DELETE', '/api/agents/wang-fang')).status).toBe(204);
  expect(presence.isReachable(EXTENSION)).toBe(false);
  expect(await pool.agentState('wang-fang')).toBeNull();

  const newPassword = await created();
  expect((await http.request<{ state: { status: string } }>('GET', '/api/agents/wang-fang/state')).body.state.status).toBe('offline');
  expect(presence.isReachable(EXTENSION)).toBe(false);
  // Asterisk agrees: the deleted account's contact went with it
  await presence.refresh();
  expect(presence.isReachable(EXTENSION)).toBe(false);
  expect((await http.request('POST', '/api/agents/wang-fang/login', { ready: true })).status).toBe(200);
  expect(await pool.agentState('wang-fang')).toMatchObject({ state: 'device-unreachable' });
  expect(await claim('call-1')).toBeNull();
  await phone; // the old softphone's unregistration is refused or ignored: nothing to check but that it ends

  // the softphone with the password shown on re-creation makes the agent reachable and claimable again
  const again = registerWithSipp({ user: EXTENSION, password: newPassword, holdMs: 4_000, timeoutMs: 10_000 });
  await reachable();
  expect((await again).exitCode).toBe(0);
}, 60_000);
