// Agent accounts end to end: the agents API with the real directory (PostgreSQL) and the real
// ARI provisioning, checked by a SIP softphone (SIPp) registering on the real Asterisk. Only the
// digest credential is stored and pushed: the passwords here are the ones the API showed once.
// Touches extensions 2801-2809 only, and removes them before and after.
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAriSipProvisioning } from '../../src/adapters/ari/ari-sip-provisioning.js';
import { createAgentDirectoryStore } from '../../src/adapters/db/agent-directory-store.js';
import { migrate } from '../../src/adapters/db/migrate.js';
import { agentsRoutes } from '../../src/adapters/http/agents-routes.js';
import { createHttpApp } from '../../src/adapters/http/create-http-app.js';
import { createAgentAccounts, type AgentAccounts } from '../../src/app/agent/agent-accounts.js';
import { generateSipPassword } from '../../src/app/agent/agent-sip-password.js';
import type { AgentDirectory } from '../../src/ports/agent/agent-directory.js';
import type { SipProvisioning } from '../../src/ports/agent/sip-provisioning.js';
import { endpointState, pjsipObject, stackAri, type AriCredentials } from '../support/ari-http.js';
import { testApiTokens } from '../support/api-access.js';
import { createPostgresTestDatabase, type TestDatabase } from '../support/db-fixtures.js';
import { listen, type TestHttpServer } from '../support/http-client.js';
import { registerWithSipp } from '../support/sipp-register.js';

const EXTENSIONS = ['2801', '2802', '2803', '2804'];

interface Created {
  agent: { agentId: string; extension: string };
  sip: { server: string; username: string; password: string };
}

let ari: AriCredentials;
let testDb: TestDatabase;
let directory: AgentDirectory;
let provisioning: SipProvisioning;
let accounts: AgentAccounts;
let http: TestHttpServer;

beforeAll(async () => {
  ari = stackAri() ?? (() => { throw new Error('no .stack/hotline.env after the e2e global setup'); })();
  testDb = await createPostgresTestDatabase();
  await migrate(testDb.db);
  directory = createAgentDirectoryStore(testDb.db);
  provisioning = createAriSipProvisioning(ari);
  for (const ext of EXTENSIONS) await provisioning.removeAgentEndpoint(ext);
  accounts = createAgentAccounts({ agents: directory, provisioning, generateSecret: generateSipPassword });
  http = await listen(createHttpApp([agentsRoutes(accounts, { sipServer: '127.0.0.1:5060' })], pino({ level: 'silent' }), testApiTokens(testDb.db)));
});

afterAll(async () => {
  await http?.close();
  for (const ext of EXTENSIONS) await provisioning?.removeAgentEndpoint(ext);
  await testDb?.dispose();
});

/** The password each extension was last shown with (the records keep only its digest). */
const shown = new Map<string, string>();

const registers = async (user: string, password: string) => (await registerWithSipp({ user, password, timeoutMs: 8000 })).exitCode === 0;

async function createAgent(agentId: string, extension: string): Promise<Created> {
  const r = await http.request<Created>('POST', '/api/agents', {
    agentId, name: '王芳', extension, skills: { housing: 3 }, languages: ['zh'], group: '一班',
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  shown.set(extension, r.body.sip.password);
  return r.body;
}

describe('an admin manages an agent account, and the softphone follows at once', () => {
  it('a new agent\'s softphone registers with the password shown on creation; no GET shows it', async () => {
    const created = await createAgent('wang-fang', '2801');
    expect(created.sip).toEqual({ server: '127.0.0.1:5060', username: '2801', password: expect.any(String) });
    expect(await registers('2801', created.sip.password)).toBe(true);
    const seen = JSON.stringify([(await http.request('GET', '/api/agents')).body, (await http.request('GET', '/api/agents/wang-fang')).body]);
    expect(seen).not.toContain(created.sip.password);
  });

  it('rotating the password stops the old one at once and the new one works', async () => {
    const created = await createAgent('li-na', '2803');
    const rotated = await http.request<Created>('POST', '/api/agents/li-na/sip-password');
    expect(rotated.status).toBe(200);
    expect(await registers('2803', created.sip.password)).toBe(false);
    expect(await registers('2803', rotated.body.sip.password)).toBe(true);
    shown.set('2803', rotated.body.sip.password);
  });

  it('a new extension moves the softphone account: the old one is gone, the new password shown with the move works on the new one', async () => {
    const created = await createAgent('zhao-lei', '2802');
    const moved = await http.request<Created['agent'] & { sip: Created['sip'] }>('PATCH', '/api/agents/zhao-lei', { extension: '2804' });
    expect(moved.status).toBe(200);
    expect(moved.body.sip).toMatchObject({ username: '2804' });
    expect(await pjsipObject(ari, 'endpoint', '2802')).toBeNull();
    expect(await registers('2804', created.sip.password)).toBe(false);
    expect(await registers('2804', moved.body.sip.password)).toBe(true);
    shown.set('2804', moved.body.sip.password);
  });

  it('an extension of Asterisk\'s own configuration (1001) is a 409 and leaves no record', async () => {
    const before = await pjsipObject(ari, 'auth', '1001');
    const r = await http.request('POST', '/api/agents', { agentId: 'taken', name: '占用', extension: '1001', skills: { housing: 1 }, group: '一班' });
    expect(r.status).toBe(409);
    expect((await http.request('GET', '/api/agents/taken')).status).toBe(404);
    expect(await pjsipObject(ari, 'auth', '1001')).toEqual(before);
  });

  it('after Asterisk lost its pushed accounts (as on a restart), reapplyAll brings every agent back', async () => {
    const credentials = await directory.sipCredentials();
    expect(credentials.map((s) => s.extension)).toEqual(['2801', '2803', '2804']);
    for (const s of credentials) await provisioning.removeAgentEndpoint(s.extension);
    expect(await endpointState(ari, '2801')).toBeNull();

    expect(await accounts.reapplyAll()).toEqual({ applied: 3, failed: [] });
    for (const s of credentials) expect(await registers(s.extension, shown.get(s.extension)!), s.extension).toBe(true);
  });

  it('deleting the agent takes the softphone account out of Asterisk', async () => {
    expect(await registers('2801', shown.get('2801')!)).toBe(true);
    expect((await http.request('DELETE', '/api/agents/wang-fang')).status).toBe(204);
    for (const type of ['endpoint', 'aor', 'auth'] as const) expect(await pjsipObject(ari, type, '2801')).toBeNull();
    expect(await registers('2801', shown.get('2801')!)).toBe(false);
  });

  it('when ARI cannot be reached, creating is a 503 that leaves no record', async () => {
    const deadAccounts = createAgentAccounts({
      agents: directory,
      provisioning: createAriSipProvisioning({ ...ari, url: 'http://127.0.0.1:9', timeoutMs: 2000 }),
      generateSecret: generateSipPassword,
    });
    const dead = await listen(createHttpApp([agentsRoutes(deadAccounts, { sipServer: '127.0.0.1:5060' })], pino({ level: 'silent' }), testApiTokens(testDb.db)));
    try {
      const r = await dead.request<{ error: { code: string } }>('POST', '/api/agents', {
        agentId: 'chen-jie', name: '陈杰', extension: '2805', skills: { housing: 2 }, group: '二班',
      });
      expect(r.status).toBe(503);
      expect(r.body.error.code).toBe('sip-provisioning-failed');
      expect(await directory.get('chen-jie')).toBeNull();
    } finally {
      await dead.close();
    }
  });
});
