// Names and numbers of agent accounts through the HTTP API on the real agent directory: a name
// or group with a control, bidi, zero-width or separator character is a 400 naming it, and an
// extension that is a service, emergency or feature-code number a 400 saying why, on creation
// and on change alike; nothing is stored. The rules themselves are unit-tested
// (test/unit/domain/unsafe-characters.test.ts, test/unit/agent/agent-extension.test.ts).
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAgentDirectoryStore } from '../../src/adapters/db/agent-directory-store.js';
import { migrate } from '../../src/adapters/db/migrate.js';
import { agentsRoutes } from '../../src/adapters/http/agents-routes.js';
import { createHttpApp } from '../../src/adapters/http/create-http-app.js';
import { createAgentAccounts } from '../../src/app/agent/agent-accounts.js';
import { generateSipPassword } from '../../src/app/agent/agent-sip-password.js';
import type { AgentDirectory } from '../../src/ports/agent/agent-directory.js';
import { testApiTokens } from '../support/api-access.js';
import { createPostgresTestDatabase, type TestDatabase } from '../support/db-fixtures.js';
import { listen, type JsonResponse, type TestHttpServer } from '../support/http-client.js';

let testDb: TestDatabase;
let directory: AgentDirectory;
let http: TestHttpServer;

const zhang = { agentId: 'zhang-wei', name: '张伟', extension: '2001', skills: { general: 3 }, languages: ['zh'], group: '一班' };
const errorOf = (r: JsonResponse) => r.body.error as { code: string; message: string; details?: string[] };

beforeAll(async () => {
  testDb = await createPostgresTestDatabase();
  await migrate(testDb.db);
  directory = createAgentDirectoryStore(testDb.db);
  const accounts = createAgentAccounts({
    agents: directory,
    // Asterisk's side of an account is tested in test/e2e/agent-accounts.test.ts; here it always takes it
    provisioning: { applyAgentEndpoint: async () => undefined, removeAgentEndpoint: async () => undefined },
    generateSecret: generateSipPassword,
  });
  // a hotline number other than the default, to see the setting is what counts
  http = await listen(createHttpApp([agentsRoutes(accounts, { sipServer: '127.0.0.1:5060', hotlineNumber: '12356' })], pino({ level: 'silent' }), testApiTokens(testDb.db)));
});

afterAll(async () => {
  await http?.close();
  await testDb?.dispose();
});

beforeEach(async () => {
  await testDb.db.exec('TRUNCATE agents CASCADE');
});

describe('agent names and groups', () => {
  it.each([
    ['a right-to-left override', '张伟\u202Egpj.exe', 'U+202E (a bidirectional control character)'],
    ['a left-to-right isolate', '\u2066张伟', 'U+2066 (a bidirectional control character)'],
    ['a right-to-left mark', '张\u200F伟', 'U+200F (a bidirectional control character)'],
    ['a zero-width space', '张\u200B伟', 'U+200B (a zero-width character)'],
    ['a zero-width joiner', '张\u200D伟', 'U+200D (a zero-width character)'],
    ['a byte order mark', '\uFEFF张伟', 'U+FEFF (a zero-width character)'],
    ['a line separator', '张\u2028伟', 'U+2028 (a line or paragraph separator)'],
    ['a trailing paragraph separator', '张伟\u2029', 'U+2029 (a line or paragraph separator)'],
    ['a new line', '张伟\n', 'U+000A (a control character)'],
  ])('a name with %s is a 400 naming the character, on creation and change', async (_what, name, problem) => {
    for (const field of ['name', 'group'] as const) {
      const created = await http.request('POST', '/api/agents', { ...zhang, [field]: name });
      expect(created.status, field).toBe(400);
      expect(errorOf(created).details).toContain(`${field}: must not contain ${problem}`);
    }
    expect(await directory.list()).toEqual([]);

    expect((await http.request('POST', '/api/agents', zhang)).status).toBe(201);
    const changed = await http.request('PATCH', '/api/agents/zhang-wei', { name });
    expect(changed.status).toBe(400);
    expect(errorOf(changed).details).toContain(`name: must not contain ${problem}`);
    expect(await directory.get('zhang-wei')).toMatchObject({ name: '张伟' });
  });

  it('takes names in any script, with spaces inside', async () => {
    for (const [agentId, name] of [['a1', '欧阳 娜娜'], ['a2', 'Ana María'], ['a3', 'Алексей'], ['a4', '阿依古丽·买买提']] as const) {
      const r = await http.request('POST', '/api/agents', { ...zhang, agentId, name, extension: `20${agentId.slice(1)}0` });
      expect(r.status, name).toBe(201);
    }
  });
});

describe('agent extensions', () => {
  it.each([
    ['110', /110, an emergency number/],
    ['119', /119, an emergency number/],
    ['120', /120, an emergency number/],
    ['122', /122, an emergency number/],
    ['112', /3-digit number starting with 1 or 9/],
    ['911', /3-digit number starting with 1 or 9/],
    ['999', /3-digit number starting with 1 or 9/],
    ['12356', /must not start with the hotline number 12356/],
    ['123561', /must not start with the hotline number 12356/],
    ['12345', /5-digit number starting with 1, 95 or 96/],
    ['10086', /5-digit number starting with 1, 95 or 96/],
    ['95588', /5-digit number starting with 1, 95 or 96/],
    ['0007790', /must be 3 to 6 digits/],
    ['00779', /must not start with 0/],
    ['*21', /must be 3 to 6 digits/],
    ['#29', /must be 3 to 6 digits/],
  ])('%s is a 400 saying why, on creation and change', async (extension, message) => {
    const created = await http.request('POST', '/api/agents', { ...zhang, extension });
    expect(created.status).toBe(400);
    expect(errorOf(created).message).toMatch(message);
    expect(await directory.list()).toEqual([]);

    expect((await http.request('POST', '/api/agents', zhang)).status).toBe(201);
    const changed = await http.request('PATCH', '/api/agents/zhang-wei', { extension });
    expect(changed.status).toBe(400);
    expect(errorOf(changed).details).toEqual([expect.stringMatching(new RegExp(`^extension: .*${message.source}`))]);
    expect(await directory.get('zhang-wei')).toMatchObject({ extension: '2001' });
  });

  it.each([['200'], ['2001'], ['1999'], ['20001'], ['800123']])('%s is taken', async (extension) => {
    expect((await http.request('POST', '/api/agents', { ...zhang, extension })).status).toBe(201);
  });
});
