// The calls API over HTTP against the real records store (PostgreSQL): filters, 400s, 404s.
import type { Server } from 'node:http';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCallRecordsStore } from '../../src/adapters/db/call-records-store.js';
import { migrate } from '../../src/adapters/db/migrate.js';
import { callsRoutes } from '../../src/adapters/http/calls-routes.js';
import { createHttpApp } from '../../src/adapters/http/create-http-app.js';
import { TEST_ADMIN_TOKEN, testApiTokens } from '../support/api-access.js';
import { createPostgresTestDatabase, type TestDatabase } from '../support/db-fixtures.js';

let testDb: TestDatabase;
let server: Server;
let base: string;

beforeAll(async () => {
  testDb = await createPostgresTestDatabase();
  await migrate(testDb.db);
  const records = createCallRecordsStore(testDb.db);
  const t = (iso: string) => new Date(iso);
  await records.openCall({ callId: 'a.1', channelId: 'a.1', callerNumber: '13800138000', dialedNumber: '12345', startedAt: t('2026-11-22T01:00:00Z') });
  await records.openCall({ callId: 'b.2', channelId: 'b.2', callerNumber: '13900139000', dialedNumber: '12345', startedAt: t('2026-11-22T03:00:00Z') });
  await records.appendEvent({ callId: 'a.1', at: t('2026-11-22T01:00:01Z'), type: 'answered', leg: 'caller' });
  await records.updateCall('a.1', { endedAt: t('2026-11-22T01:02:00Z'), firstHangupSide: 'caller', hangupCause: 16 });
  const app = createHttpApp([callsRoutes(records)], pino({ level: 'silent' }), testApiTokens(testDb.db));
  server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await testDb?.dispose();
});

async function get(path: string) {
  const res = await fetch(base + path, { headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('GET /api/calls', () => {
  it('lists calls newest first', async () => {
    const r = await get('/api/calls');
    expect(r.status).toBe(200);
    expect((r.body.calls as Array<{ callId: string }>).map((c) => c.callId)).toEqual(['b.2', 'a.1']);
  });

  it('filters by number suffix and by time range', async () => {
    const byNumber = await get('/api/calls?number=8000');
    expect((byNumber.body.calls as Array<{ callId: string }>).map((c) => c.callId)).toEqual(['a.1']);
    const byTime = await get('/api/calls?from=2026-11-22T10:30:00%2B08:00&to=2026-11-22T12:00:00%2B08:00');
    expect((byTime.body.calls as Array<{ callId: string }>).map((c) => c.callId)).toEqual(['b.2']);
  });

  it.each([
    ['/api/calls?from=yesterday', /from: must be an ISO 8601 time/],
    ['/api/calls?number=12ab', /number: must be 3 to 20 digits/],
    ['/api/calls?limit=0', /limit/],
    ['/api/calls?limit=100000', /limit/],
    ['/api/calls?numbr=123', /Unrecognized key|numbr/],
    ['/api/calls?from=2026-11-23T00:00:00Z&to=2026-11-22T00:00:00Z', /from must not be after to/],
  ])('%s is a 400 with a clear message', async (path, message) => {
    const r = await get(path);
    expect(r.status).toBe(400);
    expect((r.body.error as { message: string }).message).toMatch(message);
  });
});

describe('GET /api/calls/:id', () => {
  it('returns the record with its timeline and the hang-up side', async () => {
    const r = await get('/api/calls/a.1');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ callId: 'a.1', firstHangupSide: 'caller', hangupCause: 16, durationMs: 120_000 });
    expect((r.body.events as Array<{ type: string }>).map((e) => e.type)).toEqual(['answered']);
  });

  it('is a 404 for an unknown call and a 400 for a malformed id', async () => {
    expect((await get('/api/calls/nope.9')).status).toBe(404);
    const bad = await get('/api/calls/a%20b');
    expect(bad.status).toBe(400);
  });

  it('an /api route with no access rule is closed (403); a route no router serves is a JSON 404', async () => {
    const closed = await get('/api/nothing');
    expect(closed.status).toBe(403);
    expect(closed.body.error).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/no access rule/) });
    // in the access policy, but this app mounts only the calls router
    const r = await get('/api/queues');
    expect(r.status).toBe(404);
    expect(r.body.error).toMatchObject({ code: 'not-found' });
  });
});
