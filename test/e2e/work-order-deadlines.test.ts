// An unsigned order chased by the running app under a test clock: the order is dispatched, the
// app is stopped and started again with its work-order clock moved past the sign deadline
// (WORK_ORDER_CLOCK_OFFSET_SECONDS), then past the working days of 督办 — each start its own Redis
// prefix, so no job of the earlier run survives and the sweeper alone must find what is due. The
// department's webhook receiver gets the warning, the 催办 and the yellow and red 督办; a further
// start with the same clock sends nothing twice.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, freePort, startHotlineApp, waitFor, type HotlineApp } from '../support/hotline-app.js';

interface Post {
  event: string;
  orderNo: string;
  data: Record<string, unknown>;
}
interface OrderView {
  orderNo: string;
  status: string;
  supervision: string;
  signDueAt: string;
}
interface OrderEvent {
  action: string;
  actor: string;
}

const DEPT = 'e2e-deadline-office';
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let receiver: Server;
const posts: Post[] = [];
let app: HotlineApp | null = null;
let port = 0;

async function startApp(offsetSeconds: number): Promise<HotlineApp> {
  await app?.stop();
  app = await startHotlineApp({
    databaseUrl: db.url,
    env: { WORK_ORDER_CLOCK_OFFSET_SECONDS: String(offsetSeconds), WEBHOOK_BACKOFF_SECONDS: '1', QUEUE_LOG_FILE: 'off' },
  });
  await app.waitReady();
  return app;
}

beforeAll(async () => {
  port = await freePort();
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      posts.push(JSON.parse(body) as Post);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(port, '127.0.0.1', r));
  db = await createTestDatabase();
}, 60_000);

afterAll(async () => {
  await app?.stop();
  await db?.drop();
  await new Promise((r) => receiver?.close(r));
});

const eventsOf = async (a: HotlineApp, no: string) =>
  (await a.request<{ events: OrderEvent[] }>('GET', `/api/work-orders/${no}/events`)).body.events;
const postsOf = (no: string, event: string) => posts.filter((p) => p.orderNo === no && p.event === event);

describe('deadline notices of an unsigned order, on the running app under a test clock', () => {
  it('warning and 催办 past the sign deadline, 督办 yellow then red after working days overdue, each once', async () => {
    let a = await startApp(0);
    const dept = await a.request('POST', '/api/departments', {
      body: { id: DEPT, name: '江州市时限测试办公室', kind: 'bureau', parentId: 'jiangzhou', webhookUrl: `http://127.0.0.1:${port}/hotline` },
    });
    expect(dept.status, JSON.stringify(dept.body)).toBe(201);
    const created = await a.request<OrderView>('POST', '/api/work-orders', {
      body: { citizenNumber: '13900002468', type: 'help', categoryCode: 'city_mgmt', description: '路灯损坏, 夜间无照明', then: { action: 'dispatch', departmentId: DEPT } },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const { orderNo: no, signDueAt } = created.body;
    await waitFor('the dispatched webhook', () => (postsOf(no, 'dispatched').length === 1 ? true : undefined), 20_000);
    expect(postsOf(no, 'reminder')).toHaveLength(0);

    // one minute past the sign deadline: the warning (before) and the 催办 (at it) are both due
    const pastSign = Math.ceil((Date.parse(signDueAt) - Date.now()) / 1000) + 60;
    a = await startApp(pastSign);
    await waitFor('the warning and the 催办', () => (postsOf(no, 'reminder').length >= 2 ? true : undefined), 30_000);
    expect(postsOf(no, 'reminder').map((p) => p.data.stage ?? null).sort()).toEqual([null, 'warning'].sort());
    const afterRemind = await eventsOf(a, no);
    expect(afterRemind.filter((e) => e.action === 'remind')).toEqual([expect.objectContaining({ actor: 'system' })]);
    expect((await a.request<OrderView>('GET', `/api/work-orders/${no}`)).body).toMatchObject({ status: 'dispatched', supervision: 'none' });
    expect(postsOf(no, 'supervision')).toHaveLength(0);

    // two weeks past it (more than three working days, whatever the holidays): yellow, then red
    const twoWeeksPast = pastSign + 14 * 86_400;
    a = await startApp(twoWeeksPast);
    const red = await waitFor('督办 red', async () => {
      const o = (await a.request<OrderView>('GET', `/api/work-orders/${no}`)).body;
      return o.supervision === 'red' ? o : undefined;
    }, 30_000);
    expect(red.status).toBe('dispatched');
    await waitFor('two supervision webhooks', () => (postsOf(no, 'supervision').length === 2 ? true : undefined), 20_000);
    expect(postsOf(no, 'supervision').map((p) => p.data.level)).toEqual(['yellow', 'red']);
    const supervised = (await eventsOf(a, no)).filter((e) => e.action === 'supervise');
    expect(supervised).toHaveLength(2);

    // started again with the same clock: nothing is sent a second time
    const before = { events: (await eventsOf(a, no)).length, posts: posts.filter((p) => p.orderNo === no).length };
    a = await startApp(twoWeeksPast);
    await new Promise((r) => setTimeout(r, 4_000)); // the sweep at start has run
    expect((await eventsOf(a, no)).length).toBe(before.events);
    expect(posts.filter((p) => p.orderNo === no).length).toBe(before.posts);
  }, 180_000);
});
