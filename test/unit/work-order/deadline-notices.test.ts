// The deadline-notice use cases over in-memory fakes of their ports: planning queues a job per
// notice at its time, a job that runs twice sends once, a warning goes to the department, 催办
// and 督办 go through the order's actions as `system`, a failed action is released and the
// sweeper sends it, a moved deadline is planned again.
import { beforeEach, describe, expect, it } from 'vitest';
import { createDeadlineNotices, SYSTEM_ACTOR, type DeadlineNotices } from '../../../src/app/work-order/deadline-notices.js';
import type { NoticeRules } from '../../../src/domain/work-order/notice-schedule.js';
import { deadlineApplies, deadlineAt } from '../../../src/domain/work-order/notice-schedule.js';
import type { WorkOrderCommand } from '../../../src/domain/work-order/lifecycle.js';
import type { AuditEntryInput, AuditLog } from '../../../src/ports/audit/audit-log.js';
import type { DepartmentNotice } from '../../../src/ports/webhook/department-notifier.js';
import type { NoticeKey, NoticeOrder, StoredNotice, WorkOrderNoticeStore } from '../../../src/ports/work-order/work-order-notice-store.js';
import type { OrderActor } from '../../../src/ports/work-order/work-order-actions.js';

const RULES: NoticeRules = { warningShare: 0.8, yellowAfterWorkingDays: 1, redAfterWorkingDays: 3 };
const DAY = 86_400_000;
/** Every day a working day (the calendar's rules are tested in notice-schedule.test.ts). */
const addDays = (from: Date, n: number) => new Date(from.getTime() + n * DAY);
const T0 = new Date('2026-11-26T02:00:00.000Z');
const at = (hours: number) => new Date(T0.getTime() + hours * 3600_000);
const silent = { child: () => silent, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

interface Row extends StoredNotice {
  sentAt: Date | null;
}
const same = (a: NoticeKey, b: NoticeKey) => a.orderId === b.orderId && a.deadline === b.deadline && a.kind === b.kind && a.round === b.round;

/** The store's contract in memory (replan keeps sent rows, replaces the unsent ones). */
function memoryStore(orders: Map<number, NoticeOrder>) {
  const rows: Row[] = [];
  const store: WorkOrderNoticeStore = {
    async replan(orderId, plan) {
      const order = orders.get(orderId);
      if (!order) return null;
      for (let i = rows.length - 1; i >= 0; i -= 1) if (rows[i]!.orderId === orderId && !rows[i]!.sentAt) rows.splice(i, 1);
      for (const p of plan(order)) {
        const round = Math.max(0, ...rows.filter((r) => r.orderId === orderId && r.deadline === p.deadline).map((r) => r.round + 1));
        for (const n of p.notices) rows.push({ orderId, deadline: p.deadline, kind: n.kind, round, dueAt: n.dueAt, sentAt: null });
      }
      return rows.filter((r) => r.orderId === orderId && !r.sentAt).map(({ sentAt: _s, ...n }) => n);
    },
    async claim(key, now) {
      const row = rows.find((r) => same(r, key));
      if (!row || row.sentAt) return { kind: 'gone' };
      if (row.dueAt > now) return { kind: 'not_due', dueAt: row.dueAt };
      const order = orders.get(key.orderId)!;
      const reminder = rows.find((r) => same(r, { ...key, kind: 'reminder' }))!;
      if (!deadlineApplies(key.deadline, order.status) || deadlineAt(order, key.deadline)?.getTime() !== reminder.dueAt.getTime()) {
        rows.splice(rows.indexOf(row), 1);
        return { kind: 'stale' };
      }
      row.sentAt = now;
      return { kind: 'claimed', notice: { ...key, dueAt: row.dueAt, deadlineAt: reminder.dueAt, order: { ...order }, claimedAt: now } };
    },
    async release(key, claimedAt) {
      const row = rows.find((r) => same(r, key));
      if (row && row.sentAt?.getTime() === claimedAt.getTime()) row.sentAt = null;
    },
    async listDue(now, limit) {
      return rows.filter((r) => !r.sentAt && r.dueAt <= now).sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime()).slice(0, limit);
    },
    async listUnplanned(limit) {
      const planned = (o: NoticeOrder, d: NoticeKey['deadline']) =>
        rows.some((r) => r.orderId === o.id && r.deadline === d && r.kind === 'reminder' && r.dueAt.getTime() === deadlineAt(o, d)?.getTime());
      return [...orders.values()]
        .filter((o) => (['dispatch', 'sign', 'reply'] as const).some((d) => deadlineAt(o, d) && deadlineApplies(d, o.status) && !planned(o, d)))
        .map((o) => o.id)
        .slice(0, limit);
    },
  };
  return { store, rows };
}

let clock: Date;
let orders: Map<number, NoticeOrder>;
let rows: Row[];
let queued: Array<{ key: NoticeKey; delayMs: number }>;
let acted: Array<{ orderNo: string; command: WorkOrderCommand; actor: OrderActor }>;
let notified: DepartmentNotice[];
let audited: AuditEntryInput[];
let actFails: Error | null;
let notices: DeadlineNotices;

const dispatched = (): NoticeOrder => ({
  id: 7,
  orderNo: '2026-000007',
  status: 'dispatched',
  supervision: 'none',
  leadDepartmentId: 'dept-water',
  reopenCount: 0,
  createdAt: at(-1),
  dispatchedAt: at(0),
  dispatchDueAt: null,
  signDueAt: at(24),
  replyDueAt: at(240),
});

beforeEach(() => {
  clock = T0;
  orders = new Map([[7, dispatched()]]);
  const mem = memoryStore(orders);
  rows = mem.rows;
  queued = [];
  acted = [];
  notified = [];
  audited = [];
  actFails = null;
  const audit: Pick<AuditLog, 'append'> = {
    append: async (e) => {
      audited.push(e);
      return { ...e, seq: audited.length, prevHash: '', hash: '' };
    },
  };
  notices = createDeadlineNotices({
    store: mem.store,
    jobs: { schedule: async (key, delayMs) => void queued.push({ key, delayMs }) },
    actions: () => ({
      act: async (orderNo, command, actor) => {
        if (actFails) throw actFails;
        acted.push({ orderNo, command, actor });
        const o = orders.get(7)!;
        if (command.action === 'supervise') o.supervision = o.supervision === 'none' ? 'yellow' : 'red';
        return { orderNo, status: o.status, version: 1 };
      },
    }),
    notifier: { notify: async (n) => void notified.push(n) },
    audit: audit as AuditLog,
    rules: RULES,
    addWorkingDays: addDays,
    now: () => clock,
    logger: silent,
  });
});

const key = (deadline: NoticeKey['deadline'], kind: NoticeKey['kind'], round = 0): NoticeKey => ({ orderId: 7, deadline, kind, round });

describe('deadline notices', () => {
  it('plans the notices of a dispatched order and queues each at its time, keys only', async () => {
    await notices.deadlinesChanged(7);
    expect(queued.map((q) => [q.key.deadline, q.key.kind, q.delayMs / 3600_000])).toEqual(
      expect.arrayContaining([
        ['sign', 'warning', 19.2],
        ['sign', 'reminder', 24],
        ['sign', 'supervision_yellow', 48],
        ['sign', 'supervision_red', 96],
        ['reply', 'warning', 192],
        ['reply', 'reminder', 240],
      ]),
    );
    expect(queued).toHaveLength(8);
    expect(Object.keys(queued[0]!.key).sort()).toEqual(['deadline', 'dueAt', 'kind', 'orderId', 'round']);
  });

  it('a job that fires early is not due; at its time the warning goes to the department and the audit log', async () => {
    await notices.deadlinesChanged(7);
    expect(await notices.send(key('sign', 'warning'))).toEqual({ kind: 'not_due', dueInMs: 19.2 * 3600_000 });
    clock = at(19.2);
    expect(await notices.send(key('sign', 'warning'))).toEqual({ kind: 'sent' });
    expect(notified).toEqual([
      { departmentId: 'dept-water', event: 'reminder', orderNo: '2026-000007', data: { stage: 'warning', deadline: 'sign', dueAt: at(24).toISOString() } },
    ]);
    expect(audited).toEqual([expect.objectContaining({ kind: 'work_order_notice', actor: 'system', subject: 'work_order:2026-000007' })]);
    expect(audited[0]?.data).toMatchObject({ deadline: 'sign', notice: 'warning', round: 0 });
    expect(acted).toEqual([]);
  });

  it('a job that runs twice sends 催办 once, through the order action as system', async () => {
    await notices.deadlinesChanged(7);
    clock = at(24);
    const results = await Promise.all([notices.send(key('sign', 'reminder')), notices.send(key('sign', 'reminder'))]);
    expect(results.map((r) => r.kind).sort()).toEqual(['sent', 'skipped']);
    expect(await notices.sweep()).toEqual({ sent: 1, skipped: 0, failed: 0 }); // the warning, still unsent
    expect(acted.filter((a) => a.command.action === 'remind')).toEqual([{ orderNo: '2026-000007', command: { action: 'remind' }, actor: SYSTEM_ACTOR }]);
    expect(notified).toHaveLength(1); // the warning; 催办 tells the department through the action
  });

  it('督办: yellow then red, each one supervise; a red notice on an unsupervised order takes two steps', async () => {
    await notices.deadlinesChanged(7);
    clock = at(48);
    await notices.sweep();
    expect(orders.get(7)?.supervision).toBe('yellow');
    clock = at(96);
    await notices.sweep();
    expect(orders.get(7)?.supervision).toBe('red');
    expect(acted.map((a) => a.command.action)).toEqual(['remind', 'supervise', 'supervise']);

    orders.set(7, { ...dispatched(), id: 7 });
    rows.splice(0);
    acted = [];
    await notices.deadlinesChanged(7);
    clock = at(96);
    expect(await notices.send(key('sign', 'supervision_red'))).toEqual({ kind: 'sent' });
    expect(acted.map((a) => a.command.action)).toEqual(['supervise', 'supervise']);
    expect(await notices.send(key('sign', 'supervision_yellow'))).toEqual({ kind: 'skipped', reason: 'the order is already under red supervision' });
  });

  it('a failed action releases the claim; the next sweep sends the notice', async () => {
    await notices.deadlinesChanged(7);
    clock = at(24);
    actFails = new Error('database busy');
    expect(await notices.send(key('sign', 'reminder'))).toEqual({ kind: 'failed', reason: 'database busy' });
    actFails = null;
    expect(await notices.sweep()).toEqual({ sent: 2, skipped: 0, failed: 0 });
    expect(acted.map((a) => a.command.action)).toEqual(['remind']);
  });

  it('a refusal by the order (e.g. already red) is not retried', async () => {
    await notices.deadlinesChanged(7);
    clock = at(24);
    actFails = Object.assign(new Error('工单状态为已签收, 不能催办'), { name: 'WorkOrderActionRefusedError' });
    expect(await notices.send(key('sign', 'reminder'))).toMatchObject({ kind: 'skipped' });
    actFails = null;
    await notices.sweep();
    expect(acted).toEqual([]);
  });

  it('a signed order: the sign notices still unsent are dropped, the reply ones stay', async () => {
    await notices.deadlinesChanged(7);
    clock = at(30);
    orders.get(7)!.status = 'signed';
    expect(await notices.send(key('sign', 'reminder'))).toEqual({ kind: 'skipped', reason: 'no longer applies' });
    await notices.deadlinesChanged(7);
    expect(rows.filter((r) => r.deadline === 'sign' && !r.sentAt)).toEqual([]);
    expect(rows.filter((r) => r.deadline === 'reply')).toHaveLength(4);
  });

  it('a moved deadline (extension approved) is planned again: new times queued, the old ones not sent', async () => {
    orders.get(7)!.status = 'signed';
    await notices.deadlinesChanged(7);
    clock = at(200);
    orders.get(7)!.replyDueAt = at(480);
    // the old reminder job fires before the replan: the deadline moved, so it is stale
    clock = at(240);
    expect(await notices.send(key('reply', 'reminder'))).toEqual({ kind: 'skipped', reason: 'no longer applies' });
    queued = [];
    await notices.deadlinesChanged(7);
    const reminder = queued.find((q) => q.key.deadline === 'reply' && q.key.kind === 'reminder');
    expect(reminder?.delayMs).toBe(240 * 3600_000);
    expect(acted).toEqual([]);
  });

  it('the dispatch clock: warning and reminder go to the audit log only, no department, no action', async () => {
    orders.set(7, { ...dispatched(), status: 'pending_dispatch', leadDepartmentId: null, dispatchedAt: null, dispatchDueAt: at(1), signDueAt: null, replyDueAt: null });
    await notices.deadlinesChanged(7);
    expect(queued.map((q) => q.key.kind)).toEqual(['warning', 'reminder']);
    clock = at(1);
    expect(await notices.sweep()).toEqual({ sent: 2, skipped: 0, failed: 0 });
    expect(audited.map((a) => a.data.notice)).toEqual(['warning', 'reminder']);
    expect(notified).toEqual([]);
    expect(acted).toEqual([]);
  });

  it('Redis down when planning: the notices are still planned and the sweeper sends them', async () => {
    const failingJobs = createDeadlineNotices({
      store: memoryStore(orders).store,
      jobs: { schedule: async () => Promise.reject(new Error('Stream isn\'t writeable')) },
      actions: () => ({ act: async (orderNo) => (acted.push({ orderNo, command: { action: 'remind' }, actor: SYSTEM_ACTOR }), { orderNo, status: 'dispatched', version: 1 }) }),
      notifier: { notify: async (n) => void notified.push(n) },
      audit: { append: async (e: AuditEntryInput) => ({ ...e, seq: 1, prevHash: '', hash: '' }) } as unknown as AuditLog,
      rules: RULES,
      addWorkingDays: addDays,
      now: () => clock,
      logger: silent,
    });
    await failingJobs.deadlinesChanged(7);
    clock = at(24);
    expect(await failingJobs.sweep()).toEqual({ sent: 2, skipped: 0, failed: 0 });
  });

  it('an order whose re-plan failed is planned by the sweeper\'s check for orders without notices', async () => {
    expect(await notices.planMissing()).toBe(1);
    expect(queued).toHaveLength(8);
    expect(await notices.planMissing()).toBe(0);
    orders.get(7)!.replyDueAt = at(300); // moved, and nobody said so
    expect(await notices.planMissing()).toBe(1);
    expect(queued.at(-1)).toMatchObject({ key: { deadline: 'reply', kind: 'supervision_red' }, delayMs: 372 * 3600_000 });
  });

  it('refuses rules where red does not come after yellow', () => {
    expect(() => createDeadlineNotices({ rules: { ...RULES, redAfterWorkingDays: 1 } } as never)).toThrow(/red must come after/);
  });
});
