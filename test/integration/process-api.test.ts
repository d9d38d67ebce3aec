// The process figures over HTTP (real express app, real token store on PostgreSQL): the figures
// as measured, ?gc=1 asking for a collection first, a clear 400 for anything else, roles checked.
import type { Server } from 'node:http';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/adapters/db/migrate.js';
import { createHttpApp } from '../../src/adapters/http/create-http-app.js';
import { processRoutes, type ProcessFigures } from '../../src/adapters/http/process-routes.js';
import { TEST_ADMIN_TOKEN, testApiTokens } from '../support/api-access.js';
import { createPostgresTestDatabase, type TestDatabase } from '../support/db-fixtures.js';

let testDb: TestDatabase;
let server: Server;
let base: string;
const asked: boolean[] = [];
const figures = (collectFirst: boolean): ProcessFigures => {
  asked.push(collectFirst);
  return { uptimeSeconds: 12, heapUsedBytes: 30_000_000, rssBytes: 90_000_000, ariListeners: 7, callTimers: 3, busyCalls: 1, gcAvailable: false };
};

beforeAll(async () => {
  testDb = await createPostgresTestDatabase();
  await migrate(testDb.db);
  const tokens = testApiTokens(testDb.db);
  const app = createHttpApp([processRoutes(figures)], pino({ level: 'silent' }), tokens);
  server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await testDb?.dispose();
});

const get = async (path: string, token: string | null = TEST_ADMIN_TOKEN) => {
  const res = await fetch(base + path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe('GET /api/system/process', () => {
  it('answers the figures; ?gc=1 asks for a collection first', async () => {
    asked.length = 0;
    const plain = await get('/api/system/process');
    expect(plain.status).toBe(200);
    expect(plain.body).toEqual({ uptimeSeconds: 12, heapUsedBytes: 30_000_000, rssBytes: 90_000_000, ariListeners: 7, callTimers: 3, busyCalls: 1, gcAvailable: false });
    expect((await get('/api/system/process?gc=1')).status).toBe(200);
    expect(asked).toEqual([false, true]);
  });

  it('400 with the reason for an unknown parameter or value; 401 without a token', async () => {
    const bad = await get('/api/system/process?gc=yes');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('gc');
    expect((await get('/api/system/process?heap=1')).status).toBe(400);
    expect((await get('/api/system/process', null)).status).toBe(401);
  });
});
