// Token names over HTTP on the real database (PostgreSQL and PGlite): a name that reads the same
// as a taken one (case, a Cyrillic look-alike, a trailing dot) is a 409, reserved names and their
// look-alikes a 400, and of two concurrent creations of look-alike names exactly one wins, also
// from two app instances (two connections) on PostgreSQL.
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { createApiTokenStore } from '../../src/adapters/db/api-token-store.js';
import { migrate } from '../../src/adapters/db/migrate.js';
import { createHttpApp } from '../../src/adapters/http/create-http-app.js';
import { tokensRoutes } from '../../src/adapters/http/tokens-routes.js';
import { BOOTSTRAP_ADMIN } from '../../src/app/access/api-tokens.js';
import { ApiTokenConflictError } from '../../src/ports/access/api-token-store.js';
import { testApiTokens } from '../support/api-access.js';
import { createPostgresTestDatabase, testDatabaseFactories, type TestDatabase } from '../support/db-fixtures.js';
import { listen, type JsonResponse, type TestHttpServer } from '../support/http-client.js';

const errorOf = (r: JsonResponse) => r.body.error as { code: string; message: string };

describe.each(testDatabaseFactories)('token names on $kind', ({ create }) => {
  let testDb: TestDatabase;
  let http: TestHttpServer;
  const post = (name: string) => http.request('POST', '/api/tokens', { name, role: 'supervisor' });

  beforeAll(async () => {
    testDb = await create();
    await migrate(testDb.db);
    const tokens = testApiTokens(testDb.db);
    http = await listen(createHttpApp([tokensRoutes(tokens)], pino({ level: 'silent' }), tokens));
  });

  afterAll(async () => {
    await http?.close();
    await testDb?.dispose();
  });

  beforeEach(async () => {
    await testDb.db.exec('TRUNCATE api_tokens');
  });

  it.each([
    ['another case', 'OPS-Console'],
    ['a trailing dot', 'ops-console.'],
    ['an underscore for the hyphen', 'ops_console'],
    ['a Cyrillic о', 'оps-console'],
    ['a Greek ο and a Cyrillic с', 'ops-cοnѕole'],
    ['full-width letters', 'ｏｐｓ-ｃｏｎｓｏｌｅ'],
    ['a digit 0 for the o', '0ps-console'],
  ])('answers 409 for a name that reads as a taken one: %s', async (_what, lookAlike) => {
    expect((await post('ops-console')).status).toBe(201);
    const r = await post(lookAlike);
    expect(r.status).toBe(409);
    expect(errorOf(r)).toEqual({ code: 'token-conflict', message: expect.stringContaining(`"${lookAlike}" reads the same as the existing token "ops-console"`) });
    const listed = (await http.request<{ tokens: Array<{ name: string }> }>('GET', '/api/tokens')).body.tokens;
    expect(listed.map((t) => t.name)).toEqual(['ops-console']);
  });

  it('answers 409 for the same name, revoked tokens included', async () => {
    const first = await post('night-shift');
    expect((await http.request('DELETE', `/api/tokens/${first.body.id as string}`)).status).toBe(204);
    const again = await post('night-shift');
    expect(again.status).toBe(409);
    expect(errorOf(again).message).toMatch(/"night-shift" already exists/);
  });

  it.each([
    ['bootstrap-admin', /"bootstrap-admin" is reserved for HOTLINE_ADMIN_TOKEN/],
    ['Bootstrap-Admin', /"Bootstrap-Admin" looks like "bootstrap-admin", which is reserved for HOTLINE_ADMIN_TOKEN/],
    ['bootstrаp-admin', /looks like "bootstrap-admin"/], // Cyrillic а
    ['bootstrap-admin.', /looks like "bootstrap-admin"/],
    ['system', /"system" is reserved for the system's own audit entries/],
    ['SYSTEM.', /looks like "system"/],
  ])('answers 400 for the reserved name %s and stores nothing', async (name, message) => {
    const r = await post(name);
    expect(r.status).toBe(400);
    expect(errorOf(r).message).toMatch(message);
    expect((await http.request<{ tokens: unknown[] }>('GET', '/api/tokens')).body.tokens).toEqual([]);
  });

  it('lets names that only share a prefix through', async () => {
    for (const name of ['ops-console', 'ops-console-2', 'system-monitor', BOOTSTRAP_ADMIN.name.replace('admin', 'viewer')]) {
      expect((await post(name)).status, name).toBe(201);
    }
  });

  it('of two look-alike names created at once, exactly one is stored', async () => {
    const results = await Promise.all(['duty-desk', 'DUTY-DESK.', 'duty_desk', 'dutу-desk'].map((n) => post(n)));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    expect((await http.request<{ tokens: unknown[] }>('GET', '/api/tokens')).body.tokens).toHaveLength(1);
  });
});

describe('token names from two app instances (PostgreSQL)', () => {
  it('creating look-alike names at once: exactly one wins', async () => {
    const testDb = await createPostgresTestDatabase();
    onTestFinished(() => testDb.dispose());
    await migrate(testDb.db);
    const other = createApiTokenStore(await testDb.openAnother());
    const mine = createApiTokenStore(testDb.db);
    for (let round = 0; round < 10; round += 1) {
      const name = `desk-${round}`;
      const settled = await Promise.allSettled([
        mine.create(randomUUID(), { name, role: 'supervisor', agentId: null }, 'a'.repeat(63) + String(round)),
        other.create(randomUUID(), { name: name.toUpperCase(), role: 'supervisor', agentId: null }, 'b'.repeat(63) + String(round)),
      ]);
      expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(1);
      const failed = settled.find((s) => s.status === 'rejected');
      expect(failed?.reason).toBeInstanceOf(ApiTokenConflictError);
    }
  });
});
