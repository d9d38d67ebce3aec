// Deadline notices of work orders as use cases: plan an order's notices when its deadlines
// change (in the database, then a delayed job each), send one when its job fires or the sweeper
// finds it due (claim in the database first, so each is sent once), release the claim when the
// sending failed so the sweeper tries again.
//
// What a notice does, and where it is recorded:
// - warning of the sign or reply deadline: the department is told (webhook event 'reminder',
//   stage 'warning'); an audit entry `work_order_notice`.
// - warning and reminder of the dispatch deadline: the hotline's own (no department has the order
//   yet): an audit entry `work_order_notice` and a log line.
// - reminder (催办) of the sign or reply deadline: the order's action `remind` as `system`; the
//   work-order use case records the order event and tells the department.
// - 督办 yellow / red: the action `supervise` (once or twice, up to the level); a notice whose
//   level the order already has is recorded as done without an action.
import {
  checkNoticeRules,
  planNotices,
  supervisionSteps,
  type AddWorkingDays,
  type NoticeRules,
} from '../../domain/work-order/notice-schedule.js';
import type { AuditLog } from '../../ports/audit/audit-log.js';
import type { Logger } from '../../ports/logger.js';
import type { DepartmentNotifier } from '../../ports/webhook/department-notifier.js';
import type { NoticeJobs, NoticeRunResult } from '../../ports/work-order/notice-jobs.js';
import type { NoticeScheduler } from '../../ports/work-order/notice-scheduler.js';
import type { OrderActor, WorkOrderActions } from '../../ports/work-order/work-order-actions.js';
import type { ClaimedNotice, NoticeKey, WorkOrderNoticeStore } from '../../ports/work-order/work-order-notice-store.js';

export const SYSTEM_ACTOR: OrderActor = { kind: 'system', name: 'system', departmentId: null };

/** Refusals that a retry cannot change (names of the classes in src/app/work-order/work-order-errors.ts). */
const FINAL_REFUSALS = new Set(['WorkOrderNotFoundError', 'WorkOrderActionRefusedError']);

export interface DeadlineNoticesDeps {
  store: WorkOrderNoticeStore;
  jobs: NoticeJobs;
  /** Late-bound: the work-order use cases need this scheduler too. */
  actions: () => WorkOrderActions;
  notifier: DepartmentNotifier;
  audit: AuditLog;
  rules: NoticeRules;
  addWorkingDays: AddWorkingDays;
  /** The notice clock (the app's clock; a test clock in tests). */
  now: () => Date;
  logger: Logger;
  /** Notices sent per sweep at most (the rest wait for the next one). */
  sweepBatch?: number;
}

export interface DeadlineNotices extends NoticeScheduler {
  /** The job handler (and the sweeper's step): sends the notice if it is due and still applies. */
  send(key: NoticeKey): Promise<NoticeRunResult>;
  /** Sends every due unsent notice (those whose job was lost, or whose sending failed). */
  sweep(): Promise<{ sent: number; skipped: number; failed: number }>;
  /** Plans the notices of orders whose running deadline has none (a re-plan that failed, an order from before): how many. */
  planMissing(): Promise<number>;
}

export const describeNotice = (k: NoticeKey): string => `${k.orderId}/${k.deadline}/${k.kind}/${k.round}`;

export function createDeadlineNotices(deps: DeadlineNoticesDeps): DeadlineNotices {
  const problem = checkNoticeRules(deps.rules);
  if (problem) throw new Error(`deadline notice rules: ${problem}`);
  const { store, jobs, now } = deps;
  const log = deps.logger.child({ component: 'deadline-notices' });

  async function auditNotice(n: ClaimedNotice, extra: Record<string, unknown> = {}): Promise<void> {
    await deps.audit.append({
      kind: 'work_order_notice',
      at: n.claimedAt,
      actor: 'system',
      subject: `work_order:${n.order.orderNo}`,
      data: { deadline: n.deadline, notice: n.kind, round: n.round, deadlineAt: n.deadlineAt.toISOString(), dueAt: n.dueAt.toISOString(), ...extra },
    });
  }

  /** Carries the notice out; returns why nothing was done, or null when it was sent. */
  async function carryOut(n: ClaimedNotice): Promise<string | null> {
    const { order } = n;
    if (n.deadline === 'dispatch') {
      await auditNotice(n);
      log.warn({ orderNo: order.orderNo, notice: n.kind, deadlineAt: n.deadlineAt.toISOString() }, 'an order waits for dispatch: deadline notice');
      return null;
    }
    if (n.kind === 'warning') {
      if (order.leadDepartmentId) {
        await deps.notifier.notify({
          departmentId: order.leadDepartmentId,
          event: 'reminder',
          orderNo: order.orderNo,
          data: { stage: 'warning', deadline: n.deadline, dueAt: n.deadlineAt.toISOString() },
        });
      }
      // the webhook is queued: a failing audit append must not send it a second time
      await auditNotice(n, { departmentId: order.leadDepartmentId }).catch((err: unknown) =>
        log.error({ err, notice: describeNotice(n) }, 'warning sent but not audited'),
      );
      return null;
    }
    if (n.kind === 'reminder') {
      await deps.actions().act(order.orderNo, { action: 'remind' }, SYSTEM_ACTOR);
      return null;
    }
    const steps = supervisionSteps(n.kind, order.supervision);
    if (steps === 0) return `the order is already under ${order.supervision} supervision`;
    for (let i = 0; i < steps; i += 1) await deps.actions().act(order.orderNo, { action: 'supervise' }, SYSTEM_ACTOR);
    return null;
  }

  async function send(key: NoticeKey): Promise<NoticeRunResult> {
    const at = now();
    const claim = await store.claim(key, at);
    if (claim.kind === 'not_due') return { kind: 'not_due', dueInMs: Math.max(1, claim.dueAt.getTime() - at.getTime()) };
    if (claim.kind === 'gone') return { kind: 'skipped', reason: 'already sent' };
    if (claim.kind === 'stale') {
      log.debug({ notice: describeNotice(key) }, 'deadline notice no longer applies (status or deadline changed): dropped');
      return { kind: 'skipped', reason: 'no longer applies' };
    }
    const n = claim.notice;
    try {
      const nothing = await carryOut(n);
      if (nothing) {
        log.info({ orderNo: n.order.orderNo, notice: describeNotice(n) }, `deadline notice: nothing to do (${nothing})`);
        return { kind: 'skipped', reason: nothing };
      }
      log.info({ orderNo: n.order.orderNo, deadline: n.deadline, notice: n.kind, round: n.round }, 'deadline notice sent');
      return { kind: 'sent' };
    } catch (err) {
      const name = (err as Error)?.name ?? '';
      const reason = (err as Error)?.message ?? String(err);
      if (FINAL_REFUSALS.has(name)) {
        log.warn({ orderNo: n.order.orderNo, notice: describeNotice(n), reason }, 'deadline notice refused by the order: not retried');
        return { kind: 'skipped', reason };
      }
      await store.release(n, n.claimedAt);
      log.warn({ orderNo: n.order.orderNo, notice: describeNotice(n), reason }, 'deadline notice failed; the sweeper tries again');
      return { kind: 'failed', reason };
    }
  }

  async function deadlinesChanged(orderId: number): Promise<void> {
    const notices = await store.replan(orderId, (order) => planNotices(order, deps.rules, deps.addWorkingDays));
    if (!notices) {
      log.warn({ orderId }, 'deadlines changed for an order that does not exist');
      return;
    }
    const at = now().getTime();
    for (const n of notices) {
      try {
        await jobs.schedule(n, Math.max(0, n.dueAt.getTime() - at));
      } catch (err) {
        log.warn({ notice: describeNotice(n), err: (err as Error).message }, 'could not queue the deadline notice; the sweeper sends it');
      }
    }
  }

  return {
    deadlinesChanged,
    send,

    async sweep() {
      const counts = { sent: 0, skipped: 0, failed: 0 };
      for (const key of await store.listDue(now(), deps.sweepBatch ?? 200)) {
        const result = await send(key);
        if (result.kind === 'sent') counts.sent += 1;
        else if (result.kind === 'failed') counts.failed += 1;
        else counts.skipped += 1;
      }
      if (counts.sent || counts.failed) log.info(counts, 'deadline notice sweep');
      return counts;
    },

    async planMissing() {
      const orders = await store.listUnplanned(deps.sweepBatch ?? 200);
      for (const orderId of orders) await deadlinesChanged(orderId);
      if (orders.length) log.info({ orders: orders.length }, 'deadline notices planned for orders that had none');
      return orders.length;
    },
  };
}
