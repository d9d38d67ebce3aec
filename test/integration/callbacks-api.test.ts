// GET /api/callbacks and /api/callbacks/:id on the real PostgreSQL behind the real token check:
// supervisors see callbacks (numbers included) by status and queue; agents and auditors do not;
// bad input is a 400 that says what is wrong.
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCallRecordsStore } from '../../src/adapters/db/call-records-store.js';
import { createCallbackStore } from '../../src/adapters/db/callback-store.js';
import { migrate } from '../../src/adapters/db/migrate.js';
import { callbacksRoutes } from '../../src/adapters/http/callbacks-routes.js';
import { createHttpApp } from '../../src/adapters/http/create-http-app.js';
import { tokensRoutes } from '../../src/adapters/http/tokens-routes.js';
import { testApiTokens } from '../support/api-access.js';
import { createPostgresTestDatabase, type TestDatabase } from '../support/db-fixtures.js';
import { listen, type TestHttpServer } from '../support/http-client.js';

let testDb: TestDatabase;
let http: TestHttpServer;
const tokens: Record<string, string> = {};
const T0 = new Date('2026-11-22T09:00:00Z');

beforeAll(async () => {
  testDb = await createPostgresTestDatabase();
  await migrate(testDb.db);
  const records = createCallRecordsStore(testDb.db);
  const store = createCallbackStore(testDb.db);
  for (const [callId, id, queueId, number] of [
    ['1763800000.1', 'aaaaaaaaaaa1', 'general', '13800138000'],
    ['1763800000.2', 'aaaaaaaaaaa2', 'enterprise', '01088886666'],
  ] as const) {
    await records.openCall({ callId, channelId: callId, callerNumber: number, dialedNumber: '12345', startedAt: T0 });
    await store.create({ id, callId, queueId, number, queuedAt: T0, priority: 0, at: T0 });
  }
  await store.startDelivery('aaaaaaaaaaa2', 'li', T0);
  await store.countAttempt('aaaaaaaaaaa2', T0);
  await store.attemptFailed('aaaaaaaaaaa2', 'citizen_unreachable', { at: T0, maxAttempts: 1, retryMs: 1000 });
  const apiTokens = testApiTokens(testDb.db);
  http = await listen(createHttpApp([callbacksRoutes(store), tokensRoutes(apiTokens)], pino({ level: 'silent' }), apiTokens));
  for (const role of ['supervisor', 'auditor'] as const) {
    const issued = await http.request<{ token: string }>('POST', '/api/tokens', { name: `duty-${role}`, role });
    expect(issued.status, JSON.stringify(issued.body)).toBe(201);
    tokens[role] = issued.body.token;
  }
});

afterAll(async () => {
  await http?.close();
  await testDb?.dispose();
});

describe('callbacks API', () => {
  it('a supervisor lists the follow-ups and reads one with its number', async () => {
    const sup = http.as(tokens.supervisor!);
    const failed = await sup.request<{ callbacks: Array<{ id: string; number: string; status: string; attempts: number }> }>('GET', '/api/callbacks?status=failed_follow_up');
    expect(failed.status).toBe(200);
    expect(failed.body.callbacks).toEqual([expect.objectContaining({ id: 'aaaaaaaaaaa2', number: '01088886666', status: 'failed_follow_up', attempts: 1 })]);
    const general = await sup.request<{ callbacks: Array<{ id: string }> }>('GET', '/api/callbacks?queueId=general');
    expect(general.body.callbacks.map((c) => c.id)).toEqual(['aaaaaaaaaaa1']);
    const one = await sup.request('GET', '/api/callbacks/aaaaaaaaaaa1');
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id: 'aaaaaaaaaaa1', callId: '1763800000.1', number: '13800138000', status: 'waiting', queueId: 'general' });
  });

  it.each([
    ['/api/callbacks?status=lost', /status: must be one of waiting, delivering/],
    ['/api/callbacks?queueId=Bad%20Queue', /queueId: must be a queue id/],
    ['/api/callbacks?limit=0', /limit/],
    ['/api/callbacks?number=138', /Unrecognized key|number/],
    ['/api/callbacks/not-an-id', /Invalid callback id/],
  ])('%s is a 400 with a clear message', async (path, message) => {
    const r = await http.as(tokens.supervisor!).request<{ error: { message: string } }>('GET', path);
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(message);
  });

  it('an unknown callback is a 404', async () => {
    expect((await http.as(tokens.supervisor!).request('GET', '/api/callbacks/0123456789ab')).status).toBe(404);
  });

  it('no token is a 401; an auditor token is a 403 that names the roles needed', async () => {
    expect((await http.as(null).request('GET', '/api/callbacks')).status).toBe(401);
    const r = await http.as(tokens.auditor!).request<{ error: { message: string } }>('GET', '/api/callbacks/aaaaaaaaaaa1');
    expect(r.status).toBe(403);
    expect(r.body.error.message).toMatch(/supervisor or admin/);
  });
});
