// The department-webhook use cases over in-memory fakes of the store, the job queue and the
// sender: notify stores before it queues (and still resolves when Redis is down), refuses
// personal data, the attempt is signed and judged, a department without a URL is skipped,
// the sweeper pages through every pending delivery, a retry reopens only dead or skipped ones.
import { describe, expect, it } from 'vitest';
import { createDepartmentWebhooks } from '../../../src/app/webhook/department-webhooks.js';
import { WebhookNoticeError } from '../../../src/app/webhook/webhook-notice-error.js';
import type { AttemptResult } from '../../../src/domain/webhook/webhook-delivery-rules.js';
import { verifyWebhook } from '../../../src/domain/webhook/webhook-signature.js';
import type { Logger } from '../../../src/ports/logger.js';
import type { WebhookDelivery, WebhookDeliveryStore } from '../../../src/ports/webhook/webhook-delivery-store.js';
import type { WebhookRequest } from '../../../src/ports/webhook/webhook-sender.js';

const silent: Logger = { child: () => silent, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const AT = new Date('2026-12-05T08:00:00.000Z');

function memoryStore(departments: Record<string, { url: string | null; secret: string | null; active?: boolean }>) {
  const rows = new Map<string, WebhookDelivery>();
  const store: WebhookDeliveryStore = {
    async insert(d) {
      rows.set(d.id, { ...d, status: 'pending', attempts: 0, lastStatusCode: null, lastError: null, deliveredAt: null, deadAt: null });
    },
    get: async (id) => rows.get(id) ?? null,
    async target(id) {
      const d = rows.get(id);
      if (!d) return null;
      const dep = departments[d.departmentId]!;
      return { delivery: { ...d }, url: dep.url, secret: dep.secret, departmentActive: dep.active ?? true };
    },
    async recordAttempt(a) {
      const d = rows.get(a.id);
      if (!d || d.status !== 'pending') return null;
      d.status = a.verdict === 'retry' ? 'pending' : a.verdict;
      d.attempts += a.counted ? 1 : 0;
      d.lastStatusCode = a.statusCode;
      d.lastError = a.error;
      if (a.verdict === 'delivered') d.deliveredAt = a.at;
      if (a.verdict === 'dead' || a.verdict === 'skipped') d.deadAt = a.at;
      return d.status;
    },
    list: async () => [...rows.values()],
    async pendingIds(before, limit, after) {
      return [...rows.values()]
        .filter((d) => d.status === 'pending' && d.createdAt < before)
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id))
        .filter((d) => !after || d.createdAt > after.createdAt || (d.createdAt.getTime() === after.createdAt.getTime() && d.id > after.id))
        .slice(0, limit)
        .map((d) => ({ id: d.id, createdAt: d.createdAt }));
    },
    async reopen(id) {
      const d = rows.get(id);
      if (!d || (d.status !== 'dead' && d.status !== 'skipped')) return null;
      Object.assign(d, { status: 'pending', attempts: 0, deadAt: null });
      return { ...d };
    },
  };
  return { store, rows };
}

function setup(answers: AttemptResult[] = [{ kind: 'response', status: 200 }], options: { redisDown?: boolean } = {}) {
  const { store, rows } = memoryStore({
    'dept-a': { url: 'https://a.example/hook', secret: 'sec-a' },
    'dept-nourl': { url: null, secret: null },
    'dept-nosecret': { url: 'https://n.example/hook', secret: null },
    'dept-off': { url: 'https://o.example/hook', secret: 'sec-o', active: false },
  });
  const queued: string[] = [];
  const sent: WebhookRequest[] = [];
  let n = 0;
  let clock = AT;
  const webhooks = createDepartmentWebhooks({
    store,
    jobs: {
      enqueue: async (id) => {
        if (options.redisDown) throw new Error('Connection is closed.');
        queued.push(id);
        return true;
      },
    },
    sender: {
      post: async (r) => {
        sent.push(r);
        return answers.length > 1 ? answers.shift()! : answers[0]!;
      },
    },
    maxAttempts: 3,
    sweepAfterMs: 60_000,
    newId: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
    now: () => clock,
    logger: silent,
  });
  return { webhooks, rows, queued, sent, setClock: (d: Date) => (clock = d) };
}

describe('notify', () => {
  it('stores the delivery, then queues its id', async () => {
    const { webhooks, rows, queued } = setup();
    await webhooks.notify({ departmentId: 'dept-a', event: 'dispatched', orderNo: '2026-000001', data: { level: 'none' } });
    const [row] = [...rows.values()];
    expect(row).toMatchObject({
      status: 'pending',
      departmentId: 'dept-a',
      orderNo: '2026-000001',
      payload: { id: row!.id, event: 'dispatched', orderNo: '2026-000001', occurredAt: AT.toISOString(), data: { level: 'none' } },
    });
    expect(queued).toEqual([row!.id]);
  });

  it('resolves when Redis is down: the delivery is stored for the sweeper', async () => {
    const { webhooks, rows } = setup(undefined, { redisDown: true });
    await expect(webhooks.notify({ departmentId: 'dept-a', event: 'reminder', orderNo: '2026-000002' })).resolves.toBeUndefined();
    expect([...rows.values()].map((r) => r.status)).toEqual(['pending']);
  });

  it('refuses personal data before storing anything', async () => {
    const { webhooks, rows, queued } = setup();
    await expect(webhooks.notify({ departmentId: 'dept-a', event: 'dispatched', orderNo: '2026-000003', data: { caller: '13800138000' } })).rejects.toBeInstanceOf(WebhookNoticeError);
    expect(rows.size).toBe(0);
    expect(queued).toEqual([]);
  });
});

describe('deliver', () => {
  it('posts the body signed with the department secret, with the delivery and event headers', async () => {
    const { webhooks, rows, sent } = setup();
    await webhooks.notify({ departmentId: 'dept-a', event: 'supervision', orderNo: '2026-000004', data: { level: 'red' } });
    const id = [...rows.keys()][0]!;
    expect(await webhooks.deliver(id)).toEqual({ kind: 'delivered', attempts: 1 });
    const [req] = sent;
    expect(req?.url).toBe('https://a.example/hook');
    expect(req?.headers).toMatchObject({ 'Content-Type': 'application/json; charset=utf-8', 'X-Hotline-Delivery': id, 'X-Hotline-Event': 'supervision', 'X-Hotline-Timestamp': String(AT.getTime() / 1000) });
    const verdict = verifyWebhook({ secret: 'sec-a', body: req!.body, timestamp: req!.headers['X-Hotline-Timestamp'], signature: req!.headers['X-Hotline-Signature'], nowSeconds: AT.getTime() / 1000 });
    expect(verdict.ok).toBe(true);
    expect(JSON.parse(req!.body)).toEqual(rows.get(id)!.payload);
  });

  it('retries a 503 and a timeout, then is dead on the last attempt with its error', async () => {
    const { webhooks, rows } = setup([{ kind: 'response', status: 503 }, { kind: 'failed', error: 'no answer within 5000 ms' }, { kind: 'response', status: 502, excerpt: 'Bad Gateway' }]);
    await webhooks.notify({ departmentId: 'dept-a', event: 'reminder', orderNo: '2026-000005' });
    const id = [...rows.keys()][0]!;
    expect(await webhooks.deliver(id)).toEqual({ kind: 'retry', attempts: 1, error: 'HTTP 503' });
    expect(await webhooks.deliver(id)).toEqual({ kind: 'retry', attempts: 2, error: 'no answer within 5000 ms' });
    expect(await webhooks.deliver(id)).toEqual({ kind: 'dead', attempts: 3, error: 'HTTP 502: Bad Gateway' });
    expect(rows.get(id)).toMatchObject({ status: 'dead', attempts: 3, lastStatusCode: 502, deadAt: AT });
    expect(await webhooks.deliver(id)).toEqual({ kind: 'not-pending' });
  });

  it.each([
    ['dept-nourl', 'the department has no webhook URL'],
    ['dept-nosecret', 'the department has no webhook secret (nothing is sent unsigned)'],
    ['dept-off', 'the department is inactive'],
  ])('skips %s without sending', async (departmentId, reason) => {
    const { webhooks, rows, sent } = setup();
    await webhooks.notify({ departmentId, event: 'dispatched', orderNo: '2026-000006' });
    const id = [...rows.keys()][0]!;
    expect(await webhooks.deliver(id)).toEqual({ kind: 'skipped', error: reason });
    expect(sent).toEqual([]);
    expect(rows.get(id)).toMatchObject({ status: 'skipped', attempts: 0, lastError: reason });
  });

  it('an unknown delivery id is missing', async () => {
    expect(await setup().webhooks.deliver('00000000-0000-4000-8000-999999999999')).toEqual({ kind: 'missing' });
  });
});

describe('sweep and retry', () => {
  it('queues every pending delivery older than the grace, page after page', async () => {
    const { webhooks, queued, setClock } = setup(undefined, {});
    for (let i = 0; i < 450; i += 1) await webhooks.notify({ departmentId: 'dept-a', event: 'reminder', orderNo: `2026-${String(i).padStart(6, '0')}` });
    queued.length = 0;
    expect(await webhooks.sweep()).toEqual({ queued: 0 });
    setClock(new Date(AT.getTime() + 61_000));
    expect(await webhooks.sweep()).toEqual({ queued: 450 });
    expect(new Set(queued).size).toBe(450);
  });

  it('reopens a dead delivery and queues it; refuses one that is delivered', async () => {
    const { webhooks, rows, queued } = setup([{ kind: 'response', status: 410 }, { kind: 'response', status: 200 }]);
    await webhooks.notify({ departmentId: 'dept-a', event: 'reopened', orderNo: '2026-000007' });
    const id = [...rows.keys()][0]!;
    expect((await webhooks.deliver(id)).kind).toBe('dead');
    queued.length = 0;
    expect(await webhooks.retry(id)).toMatchObject({ id, status: 'pending', attempts: 0, deadAt: null });
    expect(queued).toEqual([id]);
    expect((await webhooks.deliver(id)).kind).toBe('delivered');
    await expect(webhooks.retry(id)).rejects.toMatchObject({ code: 'not-retryable', status: 'delivered' });
    await expect(webhooks.retry('00000000-0000-4000-8000-999999999999')).rejects.toMatchObject({ code: 'not-found' });
  });
});
