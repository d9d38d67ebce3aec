// Deadline notices end to end on PostgreSQL and PGlite with the real Redis (BullMQ) and a test
// clock: an unsigned dispatched order gets its warning, 催办 at the sign deadline, 督办 yellow one
// working day later and red three working days later (a holiday in between pushes red a day);
// each once although at every step both its job (promoted) and the sweeper fire, and again
// after the notice prefix of Redis is wiped (the sweeper alone). 催办 and 督办 go through the
// work orders' own actions (the lifecycle decides, the store keeps the version, the audit chain
// records it); the orders are written directly in SQL.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAuditLogStore } from '../../src/adapters/db/audit-log-store.js';
import type { Database } from '../../src/adapters/db/database.js';
import { migrate } from '../../src/adapters/db/migrate.js';
import { createWorkOrderStore } from '../../src/adapters/db/work-order-store.js';
import { createWorkOrderNoticeQueue, noticeJobId, type WorkOrderNoticeQueue } from '../../src/adapters/jobs/work-order-notice-queue.js';
import { createWorkOrderActions } from '../../src/app/work-order/work-order-actions.js';
import { buildWorkOrderNotices, type WorkOrderNotices } from '../../src/compose/work-order-notices.js';
import { isWeekend } from '../../src/domain/calendar/china-day.js';
import type { DepartmentNotice } from '../../src/ports/webhook/department-notifier.js';
import type { OrderActor, WorkOrderActions } from '../../src/ports/work-order/work-order-actions.js';
import { testDatabaseFactories, type TestDatabase } from '../support/db-fixtures.js';
import { insertOrder, seedOrderReferences } from '../support/work-order-notice-fixtures.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const logger = pino({ level: 'silent' });
const cst = (local: string) => new Date(`${local}+08:00`);
/** A test calendar: Monday to Friday, except a holiday on Tuesday 1 December. */
const calendar = { isWorkingDay: (day: string) => !isWeekend(day) && day !== '2026-12-01' };

describe.each(testDatabaseFactories)('work-order deadline notices on $kind with Redis', ({ create }) => {
  let testDb: TestDatabase;
  let db: Database;
  let redis: Redis;
  let prefix: string;
  let queue: WorkOrderNoticeQueue;
  let part: WorkOrderNotices;
  let clock: Date;
  let notified: DepartmentNotice[];
  let orderId: number;
  let orderNo: string;
  let actions: WorkOrderActions;

  beforeAll(async () => {
    testDb = await create();
    db = testDb.db;
    await migrate(db);
    await seedOrderReferences(db);
    redis = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    redis?.disconnect();
    await testDb?.dispose();
  });

  beforeEach(async () => {
    prefix = `it-notice-${randomBytes(4).toString('hex')}:`;
    clock = cst('2026-11-26T10:00:00'); // Thursday
    notified = [];
    // the earlier tests' orders are done: no clock runs, no notice left
    await db.exec("UPDATE work_orders SET status = 'archived'; DELETE FROM work_order_notices");
    orderNo = `2026-${randomBytes(3).readUIntBE(0, 3).toString().padStart(6, '0').slice(0, 6)}`;
    orderId = await insertOrder(db, {
      orderNo,
      status: 'dispatched',
      createdAt: cst('2026-11-26T09:30:00'),
      dispatchedAt: clock,
      signDueAt: cst('2026-11-27T10:00:00'), // 1 working day
      replyDueAt: cst('2026-12-07T10:00:00'),
    });
    queue = createWorkOrderNoticeQueue({ redisUrl: REDIS_URL, redisPrefix: prefix, logger });
    await queue.ready();
    const notifier = { notify: async (n: DepartmentNotice) => void notified.push(n) };
    actions = createWorkOrderActions({
      store: createWorkOrderStore(db),
      directory: { category: async () => null },
      clock: { deadlineFor: () => { throw new Error('no deadline starts in these tests'); } },
      notifier,
      scheduler: { deadlinesChanged: (id) => part.scheduler.deadlinesChanged(id) },
      surveys: { request: () => Promise.reject(new Error('no survey in these tests')) },
      audit: createAuditLogStore(db),
      now: () => clock,
      logger,
    });
    part = buildWorkOrderNotices({
      config: {
        REDIS_URL,
        REDIS_PREFIX: prefix,
        WORK_ORDER_WARNING_SHARE: 0.8,
        WORK_ORDER_YELLOW_AFTER_WORKING_DAYS: 1,
        WORK_ORDER_RED_AFTER_WORKING_DAYS: 3,
        WORK_ORDER_NOTICE_SWEEP_SECONDS: 3600, // the test runs the sweeper itself
      },
      db,
      actions: () => actions,
      notifier,
      calendar,
      logger,
      now: () => clock,
    });
    part.start();
    await part.firstSweep(); // it plans the order (an order without notices): the tests plan it again
  });

  afterEach(async () => {
    await part.stop();
    await queue.queue.obliterate({ force: true });
    await queue.close();
    await wipePrefix();
  });

  async function wipePrefix(): Promise<number> {
    let removed = 0;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) removed += await redis.del(...keys);
    } while (cursor !== '0');
    return removed;
  }

  /** Moves the test clock, then fires every queued job (promoted now) and the sweeper at once. */
  async function advanceTo(local: string): Promise<void> {
    clock = cst(local);
    await Promise.all([queue.queue.promoteJobs(), part.notices.sweep()]);
    const deadline = Date.now() + 10_000;
    for (;;) {
      const counts = await queue.queue.getJobCounts('waiting', 'active', 'prioritized');
      if (counts.waiting === 0 && counts.active === 0 && counts.prioritized === 0) break;
      if (Date.now() > deadline) throw new Error(`jobs still running: ${JSON.stringify(counts)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    await part.notices.sweep(); // and once more after the jobs: nothing left for it
  }

  async function until<T>(what: string, check: () => Promise<T | undefined> | T | undefined): Promise<T> {
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const v = await check();
      if (v !== undefined) return v;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  /** The order's events after the notices began, with the supervision level now. */
  const events = async () => {
    const [order] = await db.query<{ supervision: string }>('SELECT supervision FROM work_orders WHERE id = $1', [orderId]);
    const rows = await db.query<{ action: string; actor: string }>('SELECT action, actor FROM work_order_events WHERE order_id = $1 ORDER BY seq', [orderId]);
    return rows.map((e) => `${e.action}:${e.actor}`).concat(rows.length ? [`level:${order?.supervision}`] : []);
  };
  const told = () => notified.filter((n) => n.orderNo === orderNo).map((n) => `${n.event}${n.data?.stage ? `/${String(n.data.stage)}` : ''}${n.data?.level ? `/${String(n.data.level)}` : ''}`);
  const audited = async () =>
    (await db.query<{ kind: string; actor: string; data: Record<string, unknown> }>('SELECT kind, actor, data FROM audit_log WHERE subject = $1 ORDER BY seq', [`work_order:${orderNo}`]))
      .map((a) => `${a.kind}:${a.actor}:${String(a.data.notice ?? a.data.action)}`);

  async function walkThroughTheDeadlines(): Promise<void> {
    await advanceTo('2026-11-27T05:11:00');
    expect(told()).toEqual([]);

    await advanceTo('2026-11-27T05:12:00'); // 80 % of the 24 h to sign
    expect(told()).toEqual(['reminder/warning']);
    expect(notified[0]).toEqual({
      departmentId: 'dept-water',
      event: 'reminder',
      orderNo,
      data: { stage: 'warning', deadline: 'sign', dueAt: cst('2026-11-27T10:00:00').toISOString() },
    });
    expect(await events()).toEqual([]);

    await advanceTo('2026-11-27T10:00:00'); // the sign deadline: 催办
    expect(await events()).toEqual(['remind:system', 'level:none']);
    expect(told()).toEqual(['reminder/warning', 'reminder']);

    await advanceTo('2026-11-30T09:59:00'); // Monday, not yet one working day overdue
    expect(await events()).toEqual(['remind:system', 'level:none']);

    await advanceTo('2026-11-30T10:00:00'); // one working day overdue: 督办 yellow
    expect(await events()).toEqual(['remind:system', 'supervise:system', 'level:yellow']);

    await advanceTo('2026-12-02T10:00:00'); // two working days (Tuesday is a holiday)
    expect(await events()).toEqual(['remind:system', 'supervise:system', 'level:yellow']);

    await advanceTo('2026-12-03T10:00:00'); // three working days overdue: 督办 red
    expect(await events()).toEqual(['remind:system', 'supervise:system', 'supervise:system', 'level:red']);
    expect(told()).toEqual(['reminder/warning', 'reminder', 'supervision/yellow', 'supervision/red']);

    await advanceTo('2026-12-04T10:00:00'); // every job and sweep again: nothing twice
    expect(await events()).toEqual(['remind:system', 'supervise:system', 'supervise:system', 'level:red']);
    expect(told()).toHaveLength(4);
    // every notice in the audit chain: the warning as itself, 催办 and 督办 as the order's actions
    expect(await audited()).toEqual(['work_order_notice:system:warning', 'work_order:system:remind', 'work_order:system:supervise', 'work_order:system:supervise']);
  }

  it('an unsigned dispatched order: warning, 催办, 督办 yellow and red on the right working days, each once (jobs and sweeper both firing)', async () => {
    await part.scheduler.deadlinesChanged(orderId);
    await part.scheduler.deadlinesChanged(orderId); // planned twice: still one job per notice
    const job = await queue.queue.getJob(noticeJobId({ orderId, deadline: 'sign', kind: 'reminder', round: 0 }));
    expect(job?.data).toEqual({ orderId, deadline: 'sign', kind: 'reminder', round: 0 });
    expect(JSON.stringify(job?.data)).not.toContain('13800138000');
    expect(await queue.queue.getJobCounts('delayed')).toEqual({ delayed: 8 });

    await walkThroughTheDeadlines();
  });

  it('after the notice jobs are wiped from Redis, the sweeper still sends each notice once', async () => {
    await part.scheduler.deadlinesChanged(orderId);
    expect(await wipePrefix()).toBeGreaterThan(0);
    expect(await queue.queue.getJobCounts('delayed')).toEqual({ delayed: 0 });

    await walkThroughTheDeadlines();
  });

  it('a job alone (no sweeper) sends its notice at its time; one that fires early goes back to delayed', async () => {
    await part.scheduler.deadlinesChanged(orderId);
    const warning = noticeJobId({ orderId, deadline: 'sign', kind: 'warning', round: 0 });
    clock = cst('2026-11-27T05:00:00');
    await (await queue.queue.getJob(warning))?.promote();
    await until('the early job delayed again', async () => ((await (await queue.queue.getJob(warning))?.getState()) === 'delayed' ? true : undefined));
    expect(told()).toEqual([]);

    clock = cst('2026-11-27T05:12:00');
    await (await queue.queue.getJob(warning))?.promote();
    await until('the warning job done and removed', async () => ((await queue.queue.getJob(warning)) ? undefined : true));
    expect(told()).toEqual(['reminder/warning']);
  });

  it('an extension approved after the warning: the old deadline passes quietly, the new one gets its own warning and 催办', async () => {
    const water: OrderActor = { kind: 'department', name: 'token:water', departmentId: 'dept-water' };
    const dispatcher: OrderActor = { kind: 'hotline', name: 'token:dispatcher', departmentId: null };
    await part.scheduler.deadlinesChanged(orderId);
    clock = cst('2026-11-26T12:00:00');
    await actions.act(orderNo, { action: 'sign' }, water); // no deadline moves: the sign notices fall away when due

    await advanceTo('2026-12-05T05:12:00'); // 80 % of the reply time
    expect(told()).toEqual(['reminder/warning']);
    expect(notified.at(-1)?.data).toMatchObject({ stage: 'warning', deadline: 'reply', dueAt: cst('2026-12-07T10:00:00').toISOString() });

    clock = cst('2026-12-05T06:00:00');
    await actions.act(orderNo, { action: 'request_extension', until: cst('2026-12-14T10:00:00'), reason: '需协调供水管网维修' }, water);
    clock = cst('2026-12-05T07:00:00');
    await actions.act(orderNo, { action: 'approve_extension' }, dispatcher); // the work orders re-plan the notices

    await advanceTo('2026-12-07T10:00:00'); // the old deadline
    expect(await events()).toEqual(['sign:token:water', 'request_extension:token:water', 'approve_extension:token:dispatcher', 'level:none']);
    await advanceTo('2026-12-10T19:36:00'); // 80 % of the time from the dispatch to the new deadline
    expect(told()).toEqual(['reminder/warning', 'reminder/warning']);
    expect(notified.at(-1)?.data).toMatchObject({ deadline: 'reply', dueAt: cst('2026-12-14T10:00:00').toISOString() });
    await advanceTo('2026-12-14T10:00:00');
    expect(told()).toEqual(['reminder/warning', 'reminder/warning', 'reminder']);
    expect((await events()).at(-2)).toBe('remind:system');
    const rounds = await db.query<{ kind: string; round: number; sent: boolean }>(
      "SELECT kind, round, sent_at IS NOT NULL AS sent FROM work_order_notices WHERE order_id = $1 AND deadline = 'reply' ORDER BY round, due_at",
      [orderId],
    );
    expect(rounds.map((r) => `${r.round}:${r.kind}:${r.sent}`)).toEqual([
      '0:warning:true', '1:warning:true', '1:reminder:true', '1:supervision_yellow:false', '1:supervision_red:false',
    ]);
  });

  it('signed in time: no 催办, no 督办 of the sign deadline', async () => {
    await part.scheduler.deadlinesChanged(orderId);
    await advanceTo('2026-11-27T09:00:00');
    await db.query("UPDATE work_orders SET status = 'signed', signed_at = $2 WHERE id = $1", [orderId, clock]);
    await part.scheduler.deadlinesChanged(orderId);
    await advanceTo('2026-12-03T10:00:00');
    expect(await events()).toEqual([]);
    expect(told()).toEqual(['reminder/warning']);
  });
});
