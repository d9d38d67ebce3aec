// Department webhooks end to end on the real Redis (BullMQ) and each real database (PostgreSQL,
// then PGlite), posting to a real HTTP receiver on 127.0.0.1 in this test: a notice arrives
// signed (checked with the verify function and by recomputing the HMAC here), a receiver that
// fails twice gets a third attempt, a 410 ends on the dead-letter list and a retry from there
// delivers, the BullMQ job holds the delivery id and nothing else, and the sweeper queues again
// a pending delivery whose job is gone. Department rows are inserted here in SQL.
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/adapters/db/database.js';
import { migrate } from '../../src/adapters/db/migrate.js';
import { webhookJobId } from '../../src/adapters/jobs/webhook-job-queue.js';
import { createFetchWebhookSender } from '../../src/adapters/webhook/fetch-webhook-sender.js';
import { WebhookNoticeError } from '../../src/app/webhook/webhook-notice-error.js';
import { WebhookRetryError } from '../../src/app/webhook/webhook-retry-error.js';
import { buildWebhooks, type Webhooks } from '../../src/compose/webhooks.js';
import { verifyWebhook } from '../../src/domain/webhook/webhook-signature.js';
import { testDatabaseFactories, type TestDatabase } from '../support/db-fixtures.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const logger = pino({ level: 'silent' });
const SECRET = `whsec_${randomBytes(16).toString('hex')}`;
const CITIZEN = '13800138000';
const MAX_ATTEMPTS = 4;

interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
  at: number;
}

/** The receiver: each path answers the statuses planned for it in turn (the last one from then on), 200 by default. */
let receiver: Server;
let baseUrl: string;
let received: Received[] = [];
let plans: Map<string, number[]> = new Map();
const hanging = new Set<() => void>();

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '';
      if (path === '/hang') {
        hanging.add(() => res.destroy());
        return;
      }
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks), at: Date.now() });
      const plan = plans.get(path) ?? [200];
      const status = plan.length > 1 ? plan.shift()! : plan[0]!;
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(status >= 300 ? `状态 ${status}\n` : 'ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const end of hanging) end();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

async function until<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const v = await check();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function addDepartment(db: Database, id: string, url: string | null, secret: string | null = SECRET): Promise<void> {
  await db.query(
    `INSERT INTO departments (id, name, kind, webhook_url, webhook_secret, active, created_at, updated_at)
     VALUES ($1, $2, 'bureau', $3, $4, true, now(), now())`,
    [id, `测试单位 ${id}`, url, secret],
  );
}

const hmacHex = (secret: string, timestamp: string, body: Buffer) =>
  createHmac('sha256', secret).update(Buffer.concat([Buffer.from(`${timestamp}.`, 'utf8'), body])).digest('hex');

describe.each(testDatabaseFactories.map((f) => [f.kind, f] as const))('department webhooks on %s', (_kind, factory) => {
  let testDb: TestDatabase;
  let db: Database;
  let webhooks: Webhooks;
  let offsetMs: number;
  let prefix: string;

  beforeAll(async () => {
    testDb = await factory.create();
    db = testDb.db;
    await migrate(db);
    await addDepartment(db, 'dept-ok', `${baseUrl}/ok`);
    await addDepartment(db, 'dept-flaky', `${baseUrl}/flaky`);
    await addDepartment(db, 'dept-gone', `${baseUrl}/gone`);
    await addDepartment(db, 'dept-nourl', null, null);
    await addDepartment(db, 'dept-ftp', 'ftp://127.0.0.1/hook');
  }, 60_000);

  afterAll(async () => {
    await testDb?.dispose();
  });

  beforeEach(async () => {
    await db.exec('DELETE FROM webhook_deliveries');
    received = [];
    plans = new Map();
    offsetMs = 0;
    prefix = `it-webhook-${randomBytes(4).toString('hex')}:`;
    const config = {
      REDIS_URL,
      REDIS_PREFIX: prefix,
      WEBHOOK_MAX_ATTEMPTS: MAX_ATTEMPTS,
      WEBHOOK_BACKOFF_SECONDS: 0.1,
      WEBHOOK_TIMEOUT_MS: 2_000,
      WEBHOOK_SWEEP_SECONDS: 60,
    };
    webhooks = buildWebhooks(config, db, logger, () => new Date(Date.now() + offsetMs));
    await webhooks.jobs.ready();
  });

  afterEach(async () => {
    await webhooks.stop();
  });

  afterEach(async () => {
    // the queue's keys under this test's prefix
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  const start = () => webhooks.start();

  const delivery = (id: string) => webhooks.webhooks.get(id);
  const onlyDelivery = async (orderNo: string) => {
    const list = await webhooks.webhooks.list({ orderNo, limit: 10, offset: 0 });
    expect(list).toHaveLength(1);
    return list[0]!;
  };

  it('a notice arrives signed: the verify function and a recomputed HMAC both accept it, and the log says delivered', async () => {
    start();
    await webhooks.notifier.notify({ departmentId: 'dept-ok', event: 'dispatched', orderNo: '2026-000101', data: { replyDueAt: '2026-12-14T09:00:00.000Z', title: '路灯不亮' } });
    const got = await until('the POST', () => received[0]);
    const stored = await onlyDelivery('2026-000101');

    expect(got.path).toBe('/ok');
    expect(got.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(got.headers['x-hotline-delivery']).toBe(stored.id);
    expect(got.headers['x-hotline-event']).toBe('dispatched');
    const timestamp = String(got.headers['x-hotline-timestamp']);
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(30);

    const signature = String(got.headers['x-hotline-signature']);
    expect(signature).toBe(`sha256=${hmacHex(SECRET, timestamp, got.body)}`);
    expect(verifyWebhook({ secret: SECRET, body: got.body, timestamp, signature, nowSeconds: Math.floor(Date.now() / 1000) })).toMatchObject({ ok: true });
    expect(verifyWebhook({ secret: 'whsec_wrong', body: got.body, timestamp, signature, nowSeconds: Math.floor(Date.now() / 1000) })).toMatchObject({ ok: false });

    const body = JSON.parse(got.body.toString('utf8')) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(['id', 'event', 'orderNo', 'occurredAt', 'data']);
    expect(body).toEqual({
      id: stored.id,
      event: 'dispatched',
      orderNo: '2026-000101',
      occurredAt: stored.createdAt.toISOString(),
      data: { replyDueAt: '2026-12-14T09:00:00.000Z', title: '路灯不亮' },
    });

    const done = await until('delivered', async () => ((await delivery(stored.id))?.status === 'delivered' ? delivery(stored.id) : undefined));
    expect(done).toMatchObject({ status: 'delivered', attempts: 1, lastStatusCode: 200, lastError: null, deadAt: null });
    expect(done?.deliveredAt).toBeInstanceOf(Date);
    expect(received).toHaveLength(1);

    // the same job run again (a stalled worker, a sweeper racing it): nothing is sent twice
    expect(await webhooks.webhooks.deliver(stored.id)).toEqual({ kind: 'not-pending' });
    await webhooks.jobs.queue.add('deliver', { deliveryId: stored.id }, { jobId: 'again' });
    await until('the second job done', async () => ((await webhooks.jobs.queue.getJob('again')) ? undefined : true));
    expect(received).toHaveLength(1);
    expect(await delivery(stored.id)).toMatchObject({ status: 'delivered', attempts: 1 });
  });

  it('a receiver answering 500 twice, then 200, gets three attempts with the same delivery id, each signed, and one delivered row', async () => {
    plans.set('/flaky', [500, 500, 200]);
    start();
    await webhooks.notifier.notify({ departmentId: 'dept-flaky', event: 'reminder', orderNo: '2026-000102', data: { deadline: 'sign' } });
    const stored = await onlyDelivery('2026-000102');
    const done = await until('delivered', async () => {
      const d = await delivery(stored.id);
      return d?.status === 'delivered' ? d : undefined;
    });
    expect(done).toMatchObject({ attempts: 3, lastStatusCode: 200, lastError: null });
    expect(received.map((r) => r.headers['x-hotline-delivery'])).toEqual([stored.id, stored.id, stored.id]);
    for (const r of received) {
      const timestamp = String(r.headers['x-hotline-timestamp']);
      expect(r.headers['x-hotline-signature']).toBe(`sha256=${hmacHex(SECRET, timestamp, r.body)}`);
    }
    // BullMQ's backoff: 100 ms, then 200 ms, between the attempts
    expect(received[1]!.at - received[0]!.at).toBeGreaterThanOrEqual(90);
    expect(received[2]!.at - received[1]!.at).toBeGreaterThanOrEqual(190);
    expect(await webhooks.webhooks.list({ departmentId: 'dept-flaky', orderNo: '2026-000102', limit: 10, offset: 0 })).toHaveLength(1);
  });

  it('a 5xx on every attempt ends dead after WEBHOOK_MAX_ATTEMPTS, with the last code and error', async () => {
    plans.set('/flaky', [503]);
    start();
    await webhooks.notifier.notify({ departmentId: 'dept-flaky', event: 'reminder', orderNo: '2026-000103' });
    const stored = await onlyDelivery('2026-000103');
    const dead = await until('dead', async () => {
      const d = await delivery(stored.id);
      return d?.status === 'dead' ? d : undefined;
    });
    expect(dead).toMatchObject({ attempts: MAX_ATTEMPTS, lastStatusCode: 503, lastError: 'HTTP 503: 状态 503' });
    expect(received).toHaveLength(MAX_ATTEMPTS);
  });

  it('a 410 ends dead at the first attempt and is on the dead list; a retry from there delivers with the same id', async () => {
    plans.set('/gone', [410, 200]);
    start();
    await webhooks.notifier.notify({ departmentId: 'dept-gone', event: 'supervision', orderNo: '2026-000104', data: { level: 'yellow' } });
    const stored = await onlyDelivery('2026-000104');
    const dead = await until('dead', async () => {
      const d = await delivery(stored.id);
      return d?.status === 'dead' ? d : undefined;
    });
    expect(dead).toMatchObject({ attempts: 1, lastStatusCode: 410, lastError: 'HTTP 410: 状态 410' });
    expect(dead?.deadAt).toBeInstanceOf(Date);
    const deadList = await webhooks.webhooks.list({ status: 'dead', limit: 50, offset: 0 });
    expect(deadList.map((d) => d.id)).toContain(stored.id);
    await new Promise((r) => setTimeout(r, 300));
    expect(received).toHaveLength(1); // no retry of a 410

    const reopened = await webhooks.webhooks.retry(stored.id);
    expect(reopened).toMatchObject({ id: stored.id, status: 'pending', attempts: 0, deadAt: null });
    const done = await until('delivered', async () => {
      const d = await delivery(stored.id);
      return d?.status === 'delivered' ? d : undefined;
    });
    expect(done).toMatchObject({ attempts: 1, lastStatusCode: 200 });
    expect(received.map((r) => r.headers['x-hotline-delivery'])).toEqual([stored.id, stored.id]);
    expect((await webhooks.webhooks.list({ status: 'dead', limit: 50, offset: 0 })).map((d) => d.id)).not.toContain(stored.id);

    await expect(webhooks.webhooks.retry(stored.id)).rejects.toMatchObject({ code: 'not-retryable', status: 'delivered' });
    await expect(webhooks.webhooks.retry('00000000-0000-4000-8000-000000000000')).rejects.toBeInstanceOf(WebhookRetryError);
  });

  it('the job in Redis carries the delivery id and nothing else; a notice with a phone number is refused and stored nowhere', async () => {
    // no worker: the job waits in Redis to be looked at
    await webhooks.notifier.notify({ departmentId: 'dept-ok', event: 'dispatched', orderNo: '2026-000105', data: { level: 'none' } });
    const stored = await onlyDelivery('2026-000105');
    const job = await webhooks.jobs.queue.getJob(webhookJobId(stored.id));
    expect(job?.data).toEqual({ deliveryId: stored.id });
    expect(job?.opts.attempts).toBe(MAX_ATTEMPTS);

    await expect(
      webhooks.notifier.notify({ departmentId: 'dept-ok', event: 'dispatched', orderNo: '2026-000106', data: { note: `市民 ${CITIZEN} 来电` } }),
    ).rejects.toBeInstanceOf(WebhookNoticeError);
    await expect(webhooks.notifier.notify({ departmentId: 'dept-ok', event: 'dispatched', orderNo: '2026-000106', data: { citizenPhone: CITIZEN } })).rejects.toThrow(/personal data/);
    expect(await webhooks.webhooks.list({ orderNo: '2026-000106', limit: 10, offset: 0 })).toEqual([]);

    // every value under this test's Redis prefix, raw: no phone number anywhere
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}*`);
    expect(keys.length).toBeGreaterThan(0);
    const dump: string[] = [];
    for (const key of keys) {
      const type = await redis.type(key);
      if (type === 'hash') dump.push(...Object.values(await redis.hgetall(key)));
      else if (type === 'string') dump.push((await redis.get(key)) ?? '');
      else if (type === 'list') dump.push(...(await redis.lrange(key, 0, -1)));
      else if (type === 'zset') dump.push(...(await redis.zrange(key, '0', '-1')));
    }
    redis.disconnect();
    expect(dump.join('\n')).toContain(stored.id);
    expect(dump.join('\n')).not.toContain(CITIZEN);
  });

  it('the sweeper queues again, under the same id, a pending delivery whose job was lost, and it is delivered', async () => {
    await webhooks.notifier.notify({ departmentId: 'dept-ok', event: 'reopened', orderNo: '2026-000107' });
    const stored = await onlyDelivery('2026-000107');
    await webhooks.jobs.queue.obliterate({ force: true }); // Redis lost the job
    expect(await webhooks.jobs.queue.getJob(webhookJobId(stored.id))).toBeUndefined();

    expect(await webhooks.webhooks.sweep()).toEqual({ queued: 0 }); // too fresh: its job may still be on the way
    offsetMs = 120_000;
    expect(await webhooks.webhooks.sweep()).toEqual({ queued: 1 });
    expect((await webhooks.jobs.queue.getJob(webhookJobId(stored.id)))?.data).toEqual({ deliveryId: stored.id });
    expect(await webhooks.webhooks.sweep()).toEqual({ queued: 0 }); // its job is queued: nothing added

    start();
    await until('delivered', async () => ((await delivery(stored.id))?.status === 'delivered' ? true : undefined));
    expect(received.map((r) => r.headers['x-hotline-delivery'])).toEqual([stored.id]);
    expect(await webhooks.webhooks.sweep()).toEqual({ queued: 0 });
  });

  it('a department without a webhook URL is skipped, never posted to; once it has one, a retry delivers', async () => {
    start();
    await webhooks.notifier.notify({ departmentId: 'dept-nourl', event: 'dispatched', orderNo: '2026-000108' });
    const stored = await onlyDelivery('2026-000108');
    const skipped = await until('skipped', async () => {
      const d = await delivery(stored.id);
      return d?.status === 'skipped' ? d : undefined;
    });
    expect(skipped).toMatchObject({ attempts: 0, lastStatusCode: null, lastError: 'the department has no webhook URL' });
    expect(received).toEqual([]);

    await db.query('UPDATE departments SET webhook_url = $2, webhook_secret = $3 WHERE id = $1', ['dept-nourl', `${baseUrl}/ok`, SECRET]);
    await webhooks.webhooks.retry(stored.id);
    await until('delivered', async () => ((await delivery(stored.id))?.status === 'delivered' ? true : undefined));
    expect(received.map((r) => r.headers['x-hotline-delivery'])).toEqual([stored.id]);
    await db.query('UPDATE departments SET webhook_url = NULL, webhook_secret = NULL WHERE id = $1', ['dept-nourl']);
  });

  it('a URL that is not http(s) is refused: dead at once, nothing sent', async () => {
    start();
    await webhooks.notifier.notify({ departmentId: 'dept-ftp', event: 'dispatched', orderNo: '2026-000109' });
    const stored = await onlyDelivery('2026-000109');
    const dead = await until('dead', async () => {
      const d = await delivery(stored.id);
      return d?.status === 'dead' ? d : undefined;
    });
    expect(dead).toMatchObject({ attempts: 1, lastStatusCode: null });
    expect(dead?.lastError).toMatch(/only http and https/);
  });
});

describe('the fetch sender', () => {
  it('gives up on a receiver that does not answer within the timeout', async () => {
    const sender = createFetchWebhookSender({ timeoutMs: 500 });
    const t0 = Date.now();
    const result = await sender.post({ url: `${baseUrl}/hang`, headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(result).toEqual({ kind: 'failed', error: 'no answer within 500 ms' });
    expect(Date.now() - t0).toBeLessThan(3_000);
  });

  it('reports a refused connection as a failed attempt', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const result = await createFetchWebhookSender({ timeoutMs: 1_000 }).post({ url: `http://127.0.0.1:${port}/x`, headers: {}, body: '{}' });
    expect(result).toMatchObject({ kind: 'failed', error: expect.stringMatching(/ECONNREFUSED/) });
  });
});
