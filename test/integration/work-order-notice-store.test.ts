// The deadline-notice store on PostgreSQL and PGlite: planning inserts each notice once, a
// moved deadline replaces the unsent notices (a new round when some were sent, the sent ones
// stay), a deadline that stops running drops its unsent notices; of many claims one wins; a
// claim re-checks the order; a released claim is due again; the due list reads the index.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../src/adapters/db/migrate.js';
import { createWorkOrderNoticeStore } from '../../src/adapters/db/work-order-notice-store.js';
import { planNotices, type NoticeRules } from '../../src/domain/work-order/notice-schedule.js';
import type { NoticeKey, NoticeOrder, WorkOrderNoticeStore } from '../../src/ports/work-order/work-order-notice-store.js';
import { testDatabaseFactories, type TestDatabase } from '../support/db-fixtures.js';
import { insertOrder, seedOrderReferences } from '../support/work-order-notice-fixtures.js';

const RULES: NoticeRules = { warningShare: 0.8, yellowAfterWorkingDays: 1, redAfterWorkingDays: 3 };
const DAY = 86_400_000;
const plan = (o: NoticeOrder) => planNotices(o, RULES, (from, n) => new Date(from.getTime() + n * DAY));
const T0 = new Date('2026-11-26T02:00:00.000Z');
const at = (hours: number) => new Date(T0.getTime() + hours * 3600_000);

describe.each(testDatabaseFactories)('work-order notice store on $kind', ({ create }) => {
  let testDb: TestDatabase;
  let store: WorkOrderNoticeStore;
  let orderId: number;
  const key = (deadline: NoticeKey['deadline'], kind: NoticeKey['kind'], round = 0): NoticeKey => ({ orderId, deadline, kind, round });
  const rows = async () =>
    testDb.db.query<{ deadline: string; kind: string; round: number; due_at: Date; sent_at: Date | null }>(
      'SELECT deadline, kind, round, due_at, sent_at FROM work_order_notices WHERE order_id = $1 ORDER BY deadline, round, due_at',
      [orderId],
    );
  const setOrder = (sql: string, params: unknown[] = []) => testDb.db.query(`UPDATE work_orders SET ${sql} WHERE id = $1`, [orderId, ...params]);

  beforeAll(async () => {
    testDb = await create();
    await migrate(testDb.db);
    await seedOrderReferences(testDb.db);
    store = createWorkOrderNoticeStore(testDb.db);
  });
  afterAll(async () => {
    await testDb?.dispose();
  });
  beforeEach(async () => {
    orderId = await insertOrder(testDb.db, {
      orderNo: `2026-${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`,
      status: 'dispatched',
      createdAt: at(-1),
      dispatchedAt: at(0),
      signDueAt: at(24),
      replyDueAt: at(240),
    });
  });

  it('plans each notice once however often and however concurrently it is asked', async () => {
    await Promise.all([store.replan(orderId, plan), store.replan(orderId, plan), store.replan(orderId, plan)]);
    const planned = await store.replan(orderId, plan);
    expect(planned?.map((n) => `${n.deadline}/${n.kind}/${n.round}`)).toEqual([
      'sign/warning/0', 'sign/reminder/0', 'sign/supervision_yellow/0', 'sign/supervision_red/0', 'reply/warning/0',
      'reply/reminder/0', 'reply/supervision_yellow/0', 'reply/supervision_red/0',
    ]);
    expect(await rows()).toHaveLength(8);
    expect(await store.replan(999_999, plan)).toBeNull();
  });

  it('lets one of many concurrent claims send a due notice; not due before its time; gone after', async () => {
    await store.replan(orderId, plan);
    expect(await store.claim(key('sign', 'reminder'), at(23))).toEqual({ kind: 'not_due', dueAt: at(24) });
    const claims = await Promise.all(Array.from({ length: 6 }, () => store.claim(key('sign', 'reminder'), at(24))));
    const won = claims.filter((c) => c.kind === 'claimed');
    expect(won).toHaveLength(1);
    expect(won[0]).toMatchObject({ notice: { deadlineAt: at(24), dueAt: at(24), claimedAt: at(24), order: { id: orderId, status: 'dispatched', leadDepartmentId: 'dept-water' } } });
    expect(claims.filter((c) => c.kind === 'gone')).toHaveLength(5);
  });

  it('a released claim is due again and is listed for the sweeper', async () => {
    await store.replan(orderId, plan);
    const claim = await store.claim(key('sign', 'warning'), at(20));
    expect(claim.kind).toBe('claimed');
    expect((await store.listDue(at(20), 100)).filter((k) => k.orderId === orderId)).toEqual([]);
    await store.release(key('sign', 'warning'), at(20));
    expect((await store.listDue(at(20), 100)).filter((k) => k.orderId === orderId)).toEqual([key('sign', 'warning')]);
    expect((await store.claim(key('sign', 'warning'), at(21))).kind).toBe('claimed');
  });

  it('a claim after the order was signed drops the sign notice; planning then drops the rest of the sign clock', async () => {
    await store.replan(orderId, plan);
    await store.claim(key('sign', 'warning'), at(20));
    await setOrder("status = 'signed', signed_at = $2", [at(22)]);
    expect(await store.claim(key('sign', 'reminder'), at(24))).toEqual({ kind: 'stale' });
    await store.replan(orderId, plan);
    const sign = (await rows()).filter((r) => r.deadline === 'sign');
    expect(sign.map((r) => [r.kind, r.sent_at])).toEqual([['warning', at(20)]]); // the sent one stays
    expect((await rows()).filter((r) => r.deadline === 'reply')).toHaveLength(4);
  });

  it('a moved deadline before anything was sent: the same round, new times', async () => {
    await setOrder("status = 'signed'");
    await store.replan(orderId, plan);
    await setOrder('reply_due_at = $2', [at(480)]);
    expect(await store.claim(key('reply', 'warning'), at(200))).toEqual({ kind: 'stale' }); // the old time, the deadline moved
    await store.replan(orderId, plan);
    expect((await rows()).map((r) => [r.kind, r.round, r.due_at.getTime() - T0.getTime(), r.sent_at])).toEqual([
      ['warning', 0, 384 * 3600_000, null],
      ['reminder', 0, 480 * 3600_000, null],
      ['supervision_yellow', 0, 504 * 3600_000, null],
      ['supervision_red', 0, 552 * 3600_000, null],
    ]);
  });

  it('a moved deadline after some notices were sent (extension, reopen): a new round, the sent ones stay', async () => {
    await setOrder("status = 'signed'");
    await store.replan(orderId, plan);
    expect((await store.claim(key('reply', 'warning'), at(192))).kind).toBe('claimed');
    expect((await store.claim(key('reply', 'reminder'), at(240))).kind).toBe('claimed');
    await setOrder('reply_due_at = $2', [at(480)]);
    const planned = await store.replan(orderId, plan);
    expect(planned?.map((n) => `${n.kind}/${n.round}`)).toEqual(['warning/1', 'reminder/1', 'supervision_yellow/1', 'supervision_red/1']);
    expect((await rows()).filter((r) => r.round === 0).map((r) => r.kind)).toEqual(['warning', 'reminder']);
    expect((await store.claim(key('reply', 'reminder', 1), at(480))).kind).toBe('claimed');
  });

  it('an order that leaves the department (replied) keeps no unsent notice', async () => {
    await store.replan(orderId, plan);
    await setOrder("status = 'replied', sign_due_at = NULL, reply_due_at = NULL");
    expect(await store.replan(orderId, plan)).toEqual([]);
    expect(await rows()).toEqual([]);
  });

  it('lists due unsent notices earliest first, up to the limit', async () => {
    await testDb.db.exec('DELETE FROM work_order_notices');
    await store.replan(orderId, plan);
    expect(await store.listDue(at(19), 10)).toEqual([]);
    expect(await store.listDue(at(48), 10)).toEqual([key('sign', 'warning'), key('sign', 'reminder'), key('sign', 'supervision_yellow')]);
    expect(await store.listDue(at(48), 2)).toEqual([key('sign', 'warning'), key('sign', 'reminder')]);
  });

  it('lists orders whose running deadline has no notices planned at its time', async () => {
    const unplanned = async () => (await store.listUnplanned(1000)).includes(orderId);
    expect(await unplanned()).toBe(true);
    await store.replan(orderId, plan);
    expect(await unplanned()).toBe(false);
    await setOrder('reply_due_at = $2', [at(300)]); // moved without a re-plan
    expect(await unplanned()).toBe(true);
    await store.replan(orderId, plan);
    expect(await unplanned()).toBe(false);
    await setOrder("status = 'replied'"); // no clock runs: nothing to plan
    expect(await unplanned()).toBe(false);
  });

  it('the due list reads the partial index of unsent notices', async () => {
    await testDb.db.exec('SET enable_seqscan = off');
    try {
      const planText = await testDb.db.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN SELECT order_id, deadline, kind, round FROM work_order_notices
         WHERE sent_at IS NULL AND due_at <= now() ORDER BY due_at LIMIT 200`,
      );
      expect(planText.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/work_order_notices_due/);
    } finally {
      await testDb.db.exec('RESET enable_seqscan');
    }
  });
});
