// Configuration and agent account changes made through the API land in the audit log with the
// token that made them, on the real PostgreSQL; the SIP password never does.
//
// The agent's SIP account is pushed into the real Asterisk over ARI (npm test brings the stack up
// before the integration tests); the test uses extension 2911 only and removes it before and after.
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgentDirectoryStore } from '../../src/adapters/db/agent-directory-store.js';
import { createAuditLogStore } from '../../src/adapters/db/audit-log-store.js';
import { migrate } from '../../src/adapters/db/migrate.js';
import { createQueueDirectoryStore } from '../../src/adapters/db/queue-directory-store.js';
import { agentsRoutes } from '../../src/adapters/http/agents-routes.js';
import { createHttpApp } from '../../src/adapters/http/create-http-app.js';
import { queuesRoutes } from '../../src/adapters/http/queues-routes.js';
import { createQueueEdits } from '../../src/app/acd/queue-edits.js';
import { createAgentAccounts } from '../../src/app/agent/agent-accounts.js';
import { BOOTSTRAP_ADMIN } from '../../src/app/access/api-tokens.js';
import { generateSipPassword } from '../../src/app/agent/agent-sip-password.js';
import type { AuditLog } from '../../src/ports/audit/audit-log.js';
import { createAriSipProvisioning } from '../../src/adapters/ari/ari-sip-provisioning.js';
import { ariUnavailableReason, pjsipObject, stackAri } from '../support/ari-http.js';
import { testApiTokens } from '../support/api-access.js';
import { createPostgresTestDatabase, type TestDatabase } from '../support/db-fixtures.js';
import { listen, type TestHttpServer } from '../support/http-client.js';

const EXT = '2911';
const ari = stackAri();
const unavailable = await ariUnavailableReason(ari);
const provisioning = ari ? createAriSipProvisioning(ari) : null;
const NOW = new Date('2026-03-02T08:30:00.000Z');

let testDb: TestDatabase;
let audit: AuditLog;
let http: TestHttpServer;

beforeAll(async () => {
  if (unavailable !== null || !provisioning) throw new Error(`Asterisk's ARI is needed (bash scripts/stack.sh up): ${unavailable}`);
  await provisioning.removeAgentEndpoint(EXT);
  testDb = await createPostgresTestDatabase();
  await migrate(testDb.db);
  audit = createAuditLogStore(testDb.db);
  const access = testApiTokens(testDb.db, { audit });
  const opsToken = (await access.issue(BOOTSTRAP_ADMIN, { name: 'ops-chen', role: 'admin', agentId: null })).token;
  const accounts = createAgentAccounts({
    agents: createAgentDirectoryStore(testDb.db),
    provisioning,
    generateSecret: () => generateSipPassword(),
    audit,
    now: () => NOW,
  });
  const app = createHttpApp(
    [agentsRoutes(accounts, { sipServer: '127.0.0.1:5060' }), queuesRoutes(createQueueEdits({ queues: createQueueDirectoryStore(testDb.db), audit, now: () => NOW }))],
    pino({ level: 'silent' }),
    access,
  );
  http = await listen(app, { token: opsToken });
});

afterAll(async () => {
  await provisioning?.removeAgentEndpoint(EXT);
  await http?.close();
  await testDb?.dispose();
});

const entriesFor = async (subject: string) => (await audit.list({ subject, limit: 50, offset: 0 })).reverse();

describe('audit of admin changes', () => {
  it('records queue creation, replacement and deletion as config_change by the token that made them', async () => {
    expect((await http.request('PUT', '/api/queues/housing', { name: '住房保障', requiredSkills: [] })).status).toBe(201);
    expect((await http.request('PUT', '/api/queues/housing', { name: '住房保障', requiredSkills: [], maxWaitSeconds: 900 })).status).toBe(200);
    expect((await http.request('PUT', '/api/queues/housing', { name: '', requiredSkills: [] })).status).toBe(400);
    expect((await http.request('DELETE', '/api/queues/housing')).status).toBe(204);

    const entries = await entriesFor('queue:housing');
    expect(entries.map((e) => [e.kind, e.actor, e.data.action])).toEqual([
      ['config_change', 'token:ops-chen', 'queue_created'],
      ['config_change', 'token:ops-chen', 'queue_replaced'],
      ['config_change', 'token:ops-chen', 'queue_deleted'],
    ]);
    expect(entries[1]).toMatchObject({ at: NOW, data: { queue: { id: 'housing', name: '住房保障', maxWaitSeconds: 900 } } });
  });

  it('records agent creation, change, password rotation and removal as agent_change, never with the password', async () => {
    const created = await http.request<{ sip: { password: string } }>('POST', '/api/agents', {
      agentId: 'zhang-wei', name: '张伟', extension: EXT, skills: { general: 3 }, languages: ['zh'], group: 'day',
    });
    expect(created.status).toBe(201);
    expect(await pjsipObject(ari!, 'endpoint', EXT)).not.toBeNull();
    expect((await http.request('PATCH', '/api/agents/zhang-wei', { group: 'night', skills: { general: 4 } })).status).toBe(200);
    const rotated = await http.request<{ sip: { password: string } }>('POST', '/api/agents/zhang-wei/sip-password');
    expect(rotated.status).toBe(200);
    expect((await http.request('DELETE', '/api/agents/zhang-wei')).status).toBe(204);
    expect((await http.request('DELETE', '/api/agents/zhang-wei')).status).toBe(404);
    expect(await pjsipObject(ari!, 'endpoint', EXT)).toBeNull();

    const entries = await entriesFor('agent:zhang-wei');
    expect(entries.map((e) => [e.kind, e.actor, e.data.action])).toEqual([
      ['agent_change', 'token:ops-chen', 'created'],
      ['agent_change', 'token:ops-chen', 'updated'],
      ['agent_change', 'token:ops-chen', 'sip_password_rotated'],
      ['agent_change', 'token:ops-chen', 'removed'],
    ]);
    expect(entries[0]?.data).toEqual({ action: 'created', name: '张伟', extension: EXT, skills: { general: 3 }, languages: ['zh'], group: 'day' });
    expect(entries[1]?.data).toEqual({ action: 'updated', before: { group: 'day', skills: { general: 3 } }, after: { group: 'night', skills: { general: 4 } } });
    const stored = JSON.stringify(await audit.list({ limit: 500, offset: 0 }));
    for (const password of [created.body.sip.password, rotated.body.sip.password]) expect(stored).not.toContain(password);
    expect(await audit.verify()).toMatchObject({ ok: true });
  });
});
