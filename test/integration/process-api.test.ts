// The process figures over HTTP (real express app, real token store on PostgreSQL): the figures
// as measured, ?gc=1 asking for a collection first, a clear 400 for anything else, roles checked;
// and the app's own figures (src/compose/process-figures.ts): a blocked event loop shows as lag.
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/adapters/db/migrate.js';
import { createHttpApp } from '../../src/adapters/http/create-http-app.js';
import { processRoutes, type ProcessFigures } from '../../src/adapters/http/process-routes.js';
import { processFigures } from '../../src/compose/process-figures.js';
import { testApiTokens } from '../support/api-access.js';
import { createPostgresTestDatabase, type TestDatabase } from '../support/db-fixtures.js';
import { listen, type TestHttpServer } from '../support/http-client.js';

let testDb: TestDatabase;
let http: TestHttpServer;
let real: TestHttpServer;
const asked: boolean[] = [];
const FIGURES: ProcessFigures = { uptimeSeconds: 12, heapUsedBytes: 30_000_000, rssBytes: 90_000_000, ariListeners: 7, callTimers: 3, busyCalls: 1, gcAvailable: false,
  eventLoop: { windowSeconds: 40, p50Ms: 0.02, p99Ms: 1.5, maxMs: 12.3, meanMs: 0.1, samples: 3900 } };

beforeAll(async () => {
  testDb = await createPostgresTestDatabase();
  await migrate(testDb.db);
  const figures = (collectFirst: boolean): ProcessFigures => {
    asked.push(collectFirst);
    return FIGURES;
  };
  http = await listen(createHttpApp([processRoutes(figures)], pino({ level: 'silent' }), testApiTokens(testDb.db)));
  const measured = processFigures({ ariListeners: () => 5, callTimers: () => 2, busyCalls: () => 0 });
  real = await listen(createHttpApp([processRoutes(measured)], pino({ level: 'silent' }), testApiTokens(testDb.db)));
});

afterAll(async () => {
  await http?.close();
  await real?.close();
  await testDb?.dispose();
});

describe('GET /api/system/process', () => {
  it('answers the figures; ?gc=1 asks for a collection first', async () => {
    asked.length = 0;
    const plain = await http.request('GET', '/api/system/process');
    expect(plain.status).toBe(200);
    expect(plain.body).toEqual(FIGURES);
    expect((await http.request('GET', '/api/system/process?gc=1')).status).toBe(200);
    expect(asked).toEqual([false, true]);
  });

  it('400 with the reason for an unknown parameter or value; 401 without a token', async () => {
    const bad = await http.request('GET', '/api/system/process?gc=yes');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('gc');
    expect((await http.request('GET', '/api/system/process?heap=1')).status).toBe(400);
    expect((await http.as(null).request('GET', '/api/system/process')).status).toBe(401);
  });
});

describe('GET /api/system/process on the app\'s own figures', () => {
  it('answers the event-loop lag of the window: a loop held for 150 ms shows in max and p99', async () => {
    await new Promise((r) => setTimeout(r, 300)); // turns of an idle loop first
    const idle = (await real.request<ProcessFigures>('GET', '/api/system/process')).body;
    expect(idle.ariListeners).toBe(5);
    expect(idle.eventLoop.samples).toBeGreaterThan(0);
    expect(idle.eventLoop.maxMs).toBeLessThan(150);
    const until = Date.now() + 150;
    while (Date.now() < until); // the loop is held: no timer can run
    await new Promise((r) => setTimeout(r, 50));
    const held = (await real.request<ProcessFigures>('GET', '/api/system/process')).body;
    expect(held.eventLoop.maxMs).toBeGreaterThanOrEqual(120);
    expect(held.eventLoop.maxMs).toBeLessThan(1_000);
    expect(held.eventLoop.p99Ms).toBeGreaterThan(0);
    expect(held.eventLoop.p50Ms).toBeLessThanOrEqual(held.eventLoop.p99Ms);
    expect(held.eventLoop.windowSeconds).toBeGreaterThanOrEqual(0);
  });
});
