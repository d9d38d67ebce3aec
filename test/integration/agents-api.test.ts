// The agents API over HTTP with the real agent directory (PostgreSQL): validation, 404/409,
// the password shown only on creation, rotation and an extension change (only its digest
// credential is stored and pushed), and no half-written change when Asterisk
// does not take the softphone account.
//
// Provisioning here is a stand-in that records each call into an array and can be told to
// fail. That is enough for the HTTP validation layer and the use case's undo rules only; the
// real ARI provisioning is tested against Asterisk in test/integration/sip-provisioning.test.ts
// and, through this same API, in test/e2e/agent-accounts.test.ts.
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAgentDirectoryStore } from '../../src/adapters/db/agent-directory-store.js';
import { migrate } from '../../src/adapters/db/migrate.js';
import { agentsRoutes } from '../../src/adapters/http/agents-routes.js';
import { createHttpApp } from '../../src/adapters/http/create-http-app.js';
import { createAgentAccounts, type AgentAccounts } from '../../src/app/agent/agent-accounts.js';
import { generateSipPassword } from '../../src/app/agent/agent-sip-password.js';
import { sipMd5Credential as cred } from '../../src/domain/agent/sip-credential.js';
import type { AgentDirectory } from '../../src/ports/agent/agent-directory.js';
import type { AgentEndpoint, SipProvisioning } from '../../src/ports/agent/sip-provisioning.js';
import { testApiTokens } from '../support/api-access.js';
import { createPostgresTestDatabase, type TestDatabase } from '../support/db-fixtures.js';
import { listen, type TestHttpServer } from '../support/http-client.js';

type ProvisioningCall = { op: 'apply'; extension: string; md5Cred: string } | { op: 'remove'; extension: string };

/** Records every call; `failWith` makes the next matching calls throw. */
class RecordingProvisioning implements SipProvisioning {
  calls: ProvisioningCall[] = [];
  failWith: { op: 'apply' | 'remove'; error: Error; times: number } | null = null;

  private maybeFail(op: 'apply' | 'remove'): void {
    if (this.failWith?.op !== op || this.failWith.times <= 0) return;
    this.failWith.times -= 1;
    throw this.failWith.error;
  }

  async applyAgentEndpoint(endpoint: AgentEndpoint): Promise<void> {
    this.calls.push({ op: 'apply', ...endpoint });
    this.maybeFail('apply');
  }

  async removeAgentEndpoint(extension: string): Promise<void> {
    this.calls.push({ op: 'remove', extension });
    this.maybeFail('remove');
  }
}

const unreachable = () => Object.assign(new Error('ARI PUT res_pjsip/auth/2001: fetch failed (ECONNREFUSED)'), { code: 'ari-unreachable' });

let testDb: TestDatabase;
let directory: AgentDirectory;
let provisioning: RecordingProvisioning;
let accounts: AgentAccounts;
let http: TestHttpServer;

const zhang = {
  agentId: 'zhang-wei',
  name: '张伟',
  extension: '2001',
  skills: { housing: 4, 'social-insurance': 2 },
  languages: ['zh', 'yue'],
  group: '一班',
};

beforeAll(async () => {
  testDb = await createPostgresTestDatabase();
  await migrate(testDb.db);
  directory = createAgentDirectoryStore(testDb.db);
  provisioning = new RecordingProvisioning();
  accounts = createAgentAccounts({ agents: directory, provisioning, generateSecret: generateSipPassword });
  http = await listen(createHttpApp([agentsRoutes(accounts, { sipServer: '127.0.0.1:5060' })], pino({ level: 'silent' }), testApiTokens(testDb.db)));
});

afterAll(async () => {
  await http?.close();
  await testDb?.dispose();
});

beforeEach(async () => {
  await testDb.db.exec('TRUNCATE agents CASCADE');
  provisioning.calls = [];
  provisioning.failWith = null;
});

const post = (path: string, body?: unknown) => http.request('POST', path, body);
const errorOf = (body: Record<string, unknown>) => body.error as { code: string; message: string; details?: string[] };

async function createZhang() {
  const r = await post('/api/agents', zhang);
  expect(r.status).toBe(201);
  provisioning.calls = [];
  return r.body as { agent: Record<string, unknown>; sip: { server: string; username: string; password: string } };
}

describe('POST /api/agents', () => {
  it('creates the agent, applies the softphone account and shows the password once', async () => {
    const r = await post('/api/agents', zhang);
    expect(r.status).toBe(201);
    expect(r.headers.get('location')).toBe('/api/agents/zhang-wei');
    expect(r.headers.get('cache-control')).toBe('no-store');
    const body = r.body as { agent: Record<string, unknown>; sip: { server: string; username: string; password: string } };
    expect(body.agent).toMatchObject({ ...zhang, createdAt: expect.any(String), updatedAt: expect.any(String) });
    expect(body.sip).toEqual({ server: '127.0.0.1:5060', username: '2001', password: expect.stringMatching(/^[A-Za-z0-9]{24}$/) });
    expect(provisioning.calls).toEqual([{ op: 'apply', extension: '2001', md5Cred: cred('2001', body.sip.password) }]);

    const one = await http.request('GET', '/api/agents/zhang-wei');
    const all = await http.request('GET', '/api/agents');
    expect(one.status).toBe(200);
    expect(one.body).toEqual(body.agent);
    expect(all.body).toEqual({ agents: [body.agent] });
    expect(JSON.stringify([one.body, all.body])).not.toContain(body.sip.password);
  });

  it('fills languages with ["zh"] when left out', async () => {
    const { languages: _languages, ...rest } = zhang;
    const r = await post('/api/agents', rest);
    expect(r.status).toBe(201);
    expect((r.body.agent as { languages: string[] }).languages).toEqual(['zh']);
  });

  it('answers 400 listing every problem, and stores and applies nothing', async () => {
    const r = await post('/api/agents', {
      agentId: 'Zhang_Wei',
      name: '   ',
      extension: '20a1',
      skills: { housing: 6, 'Bad Skill': 1, policy: 2.5 },
      languages: ['ZH'],
      group: '',
      role: 'admin',
    });
    expect(r.status).toBe(400);
    const details = errorOf(r.body).details ?? [];
    for (const problem of [/^agentId: /, /^name: must not be empty/, /^extension: must be 3 to 6 digits/, /^skills\.housing: must be a proficiency from 1 to 5/,
      /^skills\.Bad Skill: skill names must be kebab-case/, /^skills\.policy: must be a proficiency from 1 to 5/, /^languages\.0: must be a language code/,
      /^group: must not be empty/, /role/]) {
      expect(details.some((d) => problem.test(d)), `${problem} in ${JSON.stringify(details)}`).toBe(true);
    }
    expect(provisioning.calls).toEqual([]);
    expect(await directory.list()).toEqual([]);
  });

  it.each([
    ['no skill at all', { ...zhang, skills: {} }, /skills: must name at least one skill/],
    ['an agent id over 32 characters', { ...zhang, agentId: 'a'.repeat(33) }, /agentId: must be at most 32 characters/],
    ['a name over 64 characters', { ...zhang, name: '张'.repeat(65) }, /name: must be at most 64 characters/],
    ['a 7-digit extension', { ...zhang, extension: '1234567' }, /extension: must be 3 to 6 digits/],
    ['a missing group', { ...zhang, group: undefined }, /group/],
    ['a repeated language', { ...zhang, languages: ['zh', 'zh'] }, /languages: must not repeat a language/],
  ])('answers 400 for %s', async (_what, body, message) => {
    const r = await post('/api/agents', body);
    expect(r.status).toBe(400);
    expect(errorOf(r.body).message).toMatch(message);
  });

  it('answers 400 for a body that is not JSON', async () => {
    const r = await post('/api/agents', '{"agentId": ');
    expect(r.status).toBe(400);
  });

  it('answers 409 for a taken id or extension without touching Asterisk', async () => {
    await createZhang();
    const sameId = await post('/api/agents', { ...zhang, extension: '2002' });
    const sameExtension = await post('/api/agents', { ...zhang, agentId: 'li-na' });
    expect([sameId.status, sameExtension.status]).toEqual([409, 409]);
    expect(errorOf(sameId.body)).toMatchObject({ code: 'agent-conflict', message: expect.stringMatching(/zhang-wei/) });
    expect(errorOf(sameExtension.body).message).toMatch(/2001/);
    expect(provisioning.calls).toEqual([]);
  });

  it('keeps no record when Asterisk does not take the account (503), so the same request works later', async () => {
    provisioning.failWith = { op: 'apply', error: unreachable(), times: 1 };
    const r = await post('/api/agents', zhang);
    expect(r.status).toBe(503);
    expect(errorOf(r.body)).toMatchObject({ code: 'sip-provisioning-failed', message: expect.stringMatching(/2001.*ECONNREFUSED/) });
    expect(JSON.stringify(r.body)).not.toMatch(/password/i);
    expect((await http.request('GET', '/api/agents/zhang-wei')).status).toBe(404);
    // what may have been pushed before the failure is taken out again
    expect(provisioning.calls.map((c) => c.op)).toEqual(['apply', 'remove']);

    expect((await post('/api/agents', zhang)).status).toBe(201);
  });

  it('answers 409 and keeps no record when the extension is a static account of pjsip.conf', async () => {
    const error = Object.assign(new Error('auth "1001" is defined in pjsip.conf'), { code: 'sip-account-static' });
    provisioning.failWith = { op: 'apply', error, times: 1 };
    const r = await post('/api/agents', { ...zhang, extension: '1001' });
    expect(r.status).toBe(409);
    expect(errorOf(r.body).message).toMatch(/1001.*pjsip\.conf/);
    expect(await directory.list()).toEqual([]);
    // the static account is never deleted
    expect(provisioning.calls.map((c) => c.op)).toEqual(['apply']);
  });
});

describe('GET /api/agents/:id', () => {
  it('is a 404 for an unknown agent and a 400 for a malformed id', async () => {
    expect((await http.request('GET', '/api/agents/nobody')).status).toBe(404);
    expect((await http.request('GET', '/api/agents/Bad_Id')).status).toBe(400);
  });
});

describe('PATCH /api/agents/:id', () => {
  it('changes name, skills and group without touching Asterisk', async () => {
    await createZhang();
    const r = await http.request('PATCH', '/api/agents/zhang-wei', { name: '张伟（组长）', skills: { housing: 5 }, group: '二班' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ agentId: 'zhang-wei', name: '张伟（组长）', skills: { housing: 5 }, group: '二班', extension: '2001' });
    expect(provisioning.calls).toEqual([]);
  });

  it('moves the softphone account to a new extension with a new password, shown once (the credential hashes the extension)', async () => {
    const created = await createZhang();
    const r = await http.request('PATCH', '/api/agents/zhang-wei', { extension: '2005' });
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('no-store');
    const sip = r.body.sip as { server: string; username: string; password: string };
    expect(r.body).toMatchObject({ agentId: 'zhang-wei', extension: '2005' });
    expect(sip).toEqual({ server: '127.0.0.1:5060', username: '2005', password: expect.stringMatching(/^[A-Za-z0-9]{24}$/) });
    expect(sip.password).not.toBe(created.sip.password);
    expect(provisioning.calls).toEqual([
      { op: 'apply', extension: '2005', md5Cred: cred('2005', sip.password) },
      { op: 'remove', extension: '2001' },
    ]);
    expect(await directory.sipCredentials()).toEqual([{ extension: '2005', md5Cred: cred('2005', sip.password) }]);
    expect(JSON.stringify((await http.request('GET', '/api/agents/zhang-wei')).body)).not.toContain(sip.password);
  });

  it('undoes the whole change when Asterisk does not take the new extension (503)', async () => {
    const created = await createZhang();
    provisioning.failWith = { op: 'apply', error: unreachable(), times: 1 };
    const r = await http.request('PATCH', '/api/agents/zhang-wei', { extension: '2005', name: '张伟二' });
    expect(r.status).toBe(503);
    expect(await directory.get('zhang-wei')).toMatchObject({ extension: '2001', name: '张伟' });
    expect(await directory.sipCredentials()).toEqual([{ extension: '2001', md5Cred: cred('2001', created.sip.password) }]);
    expect(provisioning.calls.map((c) => `${c.op} ${c.extension}`)).toEqual(['apply 2005', 'remove 2005']);
  });

  it('answers 409 for an extension another agent has, 404 for an unknown agent, 400 for bad input', async () => {
    await createZhang();
    expect((await post('/api/agents', { ...zhang, agentId: 'li-na', extension: '2002' })).status).toBe(201);
    const taken = await http.request('PATCH', '/api/agents/li-na', { extension: '2001' });
    expect(taken.status).toBe(409);
    expect((await http.request('PATCH', '/api/agents/nobody', { name: '无名' })).status).toBe(404);
    const empty = await http.request('PATCH', '/api/agents/zhang-wei', {});
    expect(empty.status).toBe(400);
    expect(errorOf(empty.body).message).toMatch(/must change at least one/);
    const renamed = await http.request('PATCH', '/api/agents/zhang-wei', { agentId: 'zw', extension: 'x' });
    expect(renamed.status).toBe(400);
    expect(errorOf(renamed.body).details).toEqual(expect.arrayContaining([expect.stringMatching(/agentId/), expect.stringMatching(/^extension: /)]));
  });
});

describe('DELETE /api/agents/:id', () => {
  it('takes the softphone account out, then deletes the agent (204, then 404)', async () => {
    await createZhang();
    expect((await http.request('DELETE', '/api/agents/zhang-wei')).status).toBe(204);
    expect(provisioning.calls).toEqual([{ op: 'remove', extension: '2001' }]);
    expect((await http.request('GET', '/api/agents/zhang-wei')).status).toBe(404);
    expect((await http.request('DELETE', '/api/agents/zhang-wei')).status).toBe(404);
  });

  it('keeps the agent when Asterisk cannot be reached (503)', async () => {
    await createZhang();
    provisioning.failWith = { op: 'remove', error: unreachable(), times: 1 };
    expect((await http.request('DELETE', '/api/agents/zhang-wei')).status).toBe(503);
    expect(await directory.get('zhang-wei')).not.toBeNull();
  });
});

describe('POST /api/agents/:id/sip-password', () => {
  it('gives a new password once, applies it, and stores it for re-applying', async () => {
    const created = await createZhang();
    const r = await post('/api/agents/zhang-wei/sip-password');
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('no-store');
    const sip = r.body.sip as { username: string; password: string };
    expect(sip.username).toBe('2001');
    expect(sip.password).not.toBe(created.sip.password);
    expect(provisioning.calls).toEqual([{ op: 'apply', extension: '2001', md5Cred: cred('2001', sip.password) }]);
    expect(await directory.sipCredentials()).toEqual([{ extension: '2001', md5Cred: cred('2001', sip.password) }]);
  });

  it('keeps the old password when Asterisk does not take the new one (503)', async () => {
    const created = await createZhang();
    provisioning.failWith = { op: 'apply', error: unreachable(), times: 1 };
    const r = await post('/api/agents/zhang-wei/sip-password');
    expect(r.status).toBe(503);
    expect(await directory.sipCredentials()).toEqual([{ extension: '2001', md5Cred: cred('2001', created.sip.password) }]);
    // the old credential is pushed again in case part of the new account reached Asterisk
    expect(provisioning.calls.at(-1)).toEqual({ op: 'apply', extension: '2001', md5Cred: cred('2001', created.sip.password) });
  });

  it('is a 404 for an unknown agent', async () => {
    expect((await post('/api/agents/nobody/sip-password')).status).toBe(404);
  });
});

describe('reapplyAll (after every ARI connect)', () => {
  it('pushes every agent with its stored password and reports what failed', async () => {
    const a = await createZhang();
    const b = (await post('/api/agents', { ...zhang, agentId: 'li-na', extension: '2002' })).body as { sip: { password: string } };
    provisioning.calls = [];
    provisioning.failWith = { op: 'apply', error: new Error('field value validation'), times: 1 };
    const result = await accounts.reapplyAll();
    expect(result).toEqual({ applied: 1, failed: [{ extension: '2001', error: 'field value validation' }] });
    expect(provisioning.calls).toEqual([
      { op: 'apply', extension: '2001', md5Cred: cred('2001', a.sip.password) },
      { op: 'apply', extension: '2002', md5Cred: cred('2002', b.sip.password) },
    ]);
  });

  it('stops at the first "ARI unreachable" instead of waiting out every timeout', async () => {
    await createZhang();
    expect((await post('/api/agents', { ...zhang, agentId: 'li-na', extension: '2002' })).status).toBe(201);
    provisioning.calls = [];
    provisioning.failWith = { op: 'apply', error: unreachable(), times: 5 };
    const result = await accounts.reapplyAll();
    expect(result.applied).toBe(0);
    expect(result.failed.map((f) => f.extension)).toEqual(['2001', '2002']);
    expect(provisioning.calls).toHaveLength(1);
  });
});
