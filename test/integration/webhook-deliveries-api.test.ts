// The webhook delivery log and its dead-letter list over HTTP, behind the real token check, on
// PostgreSQL and a real BullMQ queue (no worker: the retried delivery waits in Redis). Admins
// and supervisors read it, only admins retry, a retry puts a dead delivery back to pending
// with its job queued under the same id; bad ids and filters are 400s with a message.
import { randomBytes, randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebhookDeliveryStore } from '../../src/adapters/db/webhook-delivery-store.js';
import { migrate } from '../../src/adapters/db/migrate.js';
import { createHttpApp } from '../../src/adapters/http/create-http-app.js';
import { webhookDeliveriesRoutes } from '../../src/adapters/http/webhook-deliveries-routes.js';
import { createWebhookJobQueue, webhookJobId, type WebhookJobQueue } from '../../src/adapters/jobs/webhook-job-queue.js';
import { createDepartmentWebhooks } from '../../src/app/webhook/department-webhooks.js';
import type { Principal } from '../../src/domain/access/api-roles.js';
import { TEST_ADMIN_TOKEN, testApiTokens } from '../support/api-access.js';
import { createPostgresTestDatabase, type TestDatabase } from '../support/db-fixtures.js';
import { listen, type JsonResponse, type TestHttpServer } from '../support/http-client.js';

const logger = pino({ level: 'silent' });
let testDb: TestDatabase;
let jobs: WebhookJobQueue;
let http: TestHttpServer;
const tokens: Record<'supervisor' | 'auditor', string> = { supervisor: '', auditor: '' };
const ids = { dead: randomUUID(), delivered: randomUUID(), pending: randomUUID(), other: randomUUID() };

interface DeliveryView {
  id: string;
  departmentId: string;
  orderNo: string | null;
  event: string;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  deadAt: string | null;
  payload: Record<string, unknown>;
}

beforeAll(async () => {
  testDb = await createPostgresTestDatabase();
  const db = testDb.db;
  await migrate(db);
  for (const id of ['dept-a', 'dept-b']) {
    await db.query(`INSERT INTO departments (id, name, kind, webhook_url, webhook_secret, created_at, updated_at) VALUES ($1, $2, 'bureau', 'http://127.0.0.1:9/x', 's', now(), now())`, [id, `单位 ${id}`]);
  }
  const store = createWebhookDeliveryStore(db);
  const add = async (id: string, departmentId: string, orderNo: string, at: string) =>
    store.insert({ id, departmentId, orderNo, event: 'dispatched', payload: { id, event: 'dispatched', orderNo, occurredAt: at, data: {} }, createdAt: new Date(at) });
  await add(ids.dead, 'dept-a', '2026-000201', '2026-12-01T08:00:00.000Z');
  await add(ids.delivered, 'dept-a', '2026-000202', '2026-12-02T08:00:00.000Z');
  await add(ids.pending, 'dept-a', '2026-000203', '2026-12-03T08:00:00.000Z');
  await add(ids.other, 'dept-b', '2026-000204', '2026-12-04T08:00:00.000Z');
  await store.recordAttempt({ id: ids.dead, verdict: 'dead', counted: true, statusCode: 410, error: 'HTTP 410: gone', at: new Date('2026-12-01T08:00:01Z') });
  await store.recordAttempt({ id: ids.delivered, verdict: 'delivered', counted: true, statusCode: 204, error: null, at: new Date('2026-12-02T08:00:01Z') });

  jobs = createWebhookJobQueue({ redisUrl: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', redisPrefix: `it-webhook-api-${randomBytes(4).toString('hex')}:`, logger, maxAttempts: 3, backoffMs: 1000 });
  await jobs.ready();
  const webhooks = createDepartmentWebhooks({
    store,
    jobs,
    sender: { post: () => Promise.reject(new Error('nothing is sent in this test')) },
    maxAttempts: 3,
    sweepAfterMs: 60_000,
    newId: randomUUID,
    now: () => new Date(),
    logger,
  });
  const access = testApiTokens(db);
  const admin = (await access.authenticate(TEST_ADMIN_TOKEN)) as Principal;
  for (const role of ['supervisor', 'auditor'] as const) {
    tokens[role] = (await access.issue(admin, { name: `webhook-${role}`, role, agentId: null })).token;
  }
  http = await listen(createHttpApp([webhookDeliveriesRoutes(webhooks)], logger, access));
});

afterAll(async () => {
  await http?.close();
  await jobs?.queue.obliterate({ force: true });
  await jobs?.close();
  await testDb?.dispose();
});

const errorOf = (r: JsonResponse) => r.body.error as { code: string; message: string };

describe('GET /api/webhook-deliveries', () => {
  it('lists the log newest first, for a supervisor too', async () => {
    const r = await http.as(tokens.supervisor).request<{ deliveries: DeliveryView[] }>('GET', '/api/webhook-deliveries');
    expect(r.status).toBe(200);
    expect(r.body.deliveries.map((d) => d.id)).toEqual([ids.other, ids.pending, ids.delivered, ids.dead]);
  });

  it('filters by status (the dead-letter list), department and order number', async () => {
    const dead = await http.request<{ deliveries: DeliveryView[] }>('GET', '/api/webhook-deliveries?status=dead');
    expect(dead.body.deliveries).toEqual([
      expect.objectContaining({ id: ids.dead, status: 'dead', attempts: 1, lastStatusCode: 410, lastError: 'HTTP 410: gone', orderNo: '2026-000201' }),
    ]);
    const b = await http.request<{ deliveries: DeliveryView[] }>('GET', '/api/webhook-deliveries?departmentId=dept-b');
    expect(b.body.deliveries.map((d) => d.id)).toEqual([ids.other]);
    const byOrder = await http.request<{ deliveries: DeliveryView[] }>('GET', '/api/webhook-deliveries?orderNo=2026-000202&departmentId=dept-a');
    expect(byOrder.body.deliveries.map((d) => [d.id, d.status, d.lastStatusCode])).toEqual([[ids.delivered, 'delivered', 204]]);
  });

  it.each([
    ['?status=lost', /status: must be one of pending, delivered, dead, skipped/],
    ['?departmentId=Dept%20A', /departmentId: must be a department id/],
    ['?orderNo=13800138000', /orderNo: must be an order number/],
    ['?limit=0', /limit/],
    ['?phone=1', /Unrecognized key/],
  ])('answers 400 to %s', async (query, message) => {
    const r = await http.request('GET', `/api/webhook-deliveries${query}`);
    expect(r.status).toBe(400);
    expect(errorOf(r).message).toMatch(message);
  });

  it('is closed to an auditor', async () => {
    const r = await http.as(tokens.auditor).request('GET', '/api/webhook-deliveries');
    expect(r.status).toBe(403);
  });
});

describe('GET /api/webhook-deliveries/:id', () => {
  it('shows one delivery with its payload', async () => {
    const r = await http.request<DeliveryView>('GET', `/api/webhook-deliveries/${ids.delivered}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: ids.delivered, departmentId: 'dept-a', event: 'dispatched', status: 'delivered', payload: { id: ids.delivered, orderNo: '2026-000202' } });
  });

  it('answers 404 for an unknown id and 400 for one that is no UUID', async () => {
    expect((await http.request('GET', `/api/webhook-deliveries/${randomUUID()}`)).status).toBe(404);
    const bad = await http.request('GET', '/api/webhook-deliveries/12345');
    expect(bad.status).toBe(400);
    expect(errorOf(bad).message).toMatch(/not a delivery id/);
  });
});

describe('POST /api/webhook-deliveries/:id/retry', () => {
  it('is for admins only', async () => {
    const r = await http.as(tokens.supervisor).request('POST', `/api/webhook-deliveries/${ids.dead}/retry`);
    expect(r.status).toBe(403);
  });

  it('puts a dead delivery back to pending and queues its job under the same id', async () => {
    const r = await http.request<DeliveryView>('POST', `/api/webhook-deliveries/${ids.dead}/retry`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: ids.dead, status: 'pending', attempts: 0, deadAt: null, lastStatusCode: 410 });
    const job = await jobs.queue.getJob(webhookJobId(ids.dead));
    expect(job?.data).toEqual({ deliveryId: ids.dead });
    const dead = await http.request<{ deliveries: DeliveryView[] }>('GET', '/api/webhook-deliveries?status=dead');
    expect(dead.body.deliveries).toEqual([]);
  });

  it('answers 409 for a delivery that is not dead, and 404 for an unknown one', async () => {
    const delivered = await http.request('POST', `/api/webhook-deliveries/${ids.delivered}/retry`);
    expect(delivered.status).toBe(409);
    expect(errorOf(delivered)).toMatchObject({ code: 'not-retryable' });
    expect(errorOf(delivered).message).toMatch(/is delivered; only a dead or skipped delivery can be retried/);
    expect((await http.request('POST', `/api/webhook-deliveries/${ids.pending}/retry`)).status).toBe(409);
    expect((await http.request('POST', `/api/webhook-deliveries/${randomUUID()}/retry`)).status).toBe(404);
  });
});
