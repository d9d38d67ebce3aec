// Taking an action on a work order: the pure lifecycle decides, the store keeps the decision at
// the version it was made on (one of concurrent actions wins), the audit chain records it, and
// then the effects are carried out — the department told, the callback survey started, the
// deadline notices re-planned. Effects after the store never undo it: a failure is logged.
import { decide, type LifecycleEffect, type WorkOrderCommand } from '../../domain/work-order/lifecycle.js';
import type { AuditLog } from '../../ports/audit/audit-log.js';
import type { DeadlineClock, DeadlineSubject } from '../../ports/calendar/deadline-clock.js';
import type { DepartmentDirectory } from '../../ports/department/department-directory.js';
import type { Logger } from '../../ports/logger.js';
import type { DepartmentNotifier } from '../../ports/webhook/department-notifier.js';
import type { NoticeScheduler } from '../../ports/work-order/notice-scheduler.js';
import type { ActionOutcome, OrderActor, WorkOrderActions } from '../../ports/work-order/work-order-actions.js';
import type { StoredTransition, SurveyOutcome, WorkOrder, WorkOrderStore } from '../../ports/work-order/work-order-store.js';
import { changesDeadlines, deadlinePatch, needsSubject } from './deadline-patch.js';
import { surveyCaseId } from './survey-verdict.js';
import { WorkOrderActionRefusedError, WorkOrderConflictError, WorkOrderNotFoundError } from './work-order-errors.js';

export interface WorkOrderActionDeps {
  store: WorkOrderStore;
  directory: Pick<DepartmentDirectory, 'category'>;
  clock: DeadlineClock;
  notifier: DepartmentNotifier;
  scheduler: NoticeScheduler;
  /** The callback surveys (一事一评): one per case id. */
  surveys: { request(caseId: string, number: string): Promise<{ survey: { id: number } }> };
  audit: AuditLog;
  now: () => Date;
  logger: Logger;
}

/** What a caller adds to the stored transition besides the command (survey results). */
export interface ActExtras {
  data?: Record<string, unknown>;
  surveyId?: number;
  surveyAnswers?: SurveyOutcome;
}

export interface WorkOrderActionsService extends WorkOrderActions {
  act(orderNo: string, command: WorkOrderCommand, actor: OrderActor, extras?: ActExtras): Promise<ActionOutcome>;
}

export const SYSTEM_ACTOR: OrderActor = { kind: 'system', name: 'system', departmentId: null };

/** The command's fields for the event row and the audit entry (dates as ISO text; no phone numbers in commands). */
function commandData(command: WorkOrderCommand): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(command)) {
    if (key !== 'action') data[key] = value instanceof Date ? value.toISOString() : value;
  }
  return data;
}

/** A department token acts on its own orders only: another department's order is not found. */
export function checkScope(order: WorkOrder, actor: OrderActor): void {
  if (actor.departmentId === null && actor.kind !== 'department') return;
  const mine = actor.departmentId !== null && (order.leadDepartmentId === actor.departmentId || order.assistingDepartmentIds.includes(actor.departmentId));
  if (!mine) throw new WorkOrderNotFoundError(order.orderNo);
}

export function createWorkOrderActions(deps: WorkOrderActionDeps): WorkOrderActionsService {
  const { store } = deps;
  const log = deps.logger.child({ component: 'work-orders' });

  async function subjectOf(order: WorkOrder): Promise<DeadlineSubject> {
    const category = await deps.directory.category(order.categoryCode);
    return { type: order.type, urgency: order.urgency, categoryCode: order.categoryCode, timeClass: category?.timeClass ?? null };
  }

  function refuse(order: WorkOrder, command: WorkOrderCommand, reason: WorkOrderActionRefusedError['reason'], message: string): never {
    throw new WorkOrderActionRefusedError(reason, order.status, command.action, message);
  }

  async function transitionOf(order: WorkOrder, command: WorkOrderCommand, actor: OrderActor, at: Date, extras: ActExtras) {
    const decision = decide(order, command, actor.kind, at);
    if (!decision.ok) refuse(order, command, decision.reason, decision.message);
    const deadlines = deadlinePatch(decision.effects, deps.clock, needsSubject(decision.effects) ? await subjectOf(order) : null, at);
    const transition: StoredTransition = {
      orderId: order.id,
      expectedVersion: order.version,
      fromStatus: order.status,
      next: decision.next,
      action: command.action,
      actor: actor.name,
      at,
      data: { ...commandData(command), ...extras.data },
      deadlines,
      ...(command.action === 'merge' ? { mergedInto: command.intoOrderNo } : {}),
      ...(extras.surveyId !== undefined ? { surveyId: extras.surveyId } : {}),
      ...(extras.surveyAnswers ? { surveyAnswers: extras.surveyAnswers } : {}),
    };
    return { transition, effects: decision.effects };
  }

  /** 并单: the other order gets an `append` event naming this one, in the same transaction. */
  async function mergeTarget(order: WorkOrder, intoOrderNo: string, actor: OrderActor, at: Date) {
    const target = intoOrderNo === order.orderNo ? null : await store.get(intoOrderNo);
    if (!target) refuse(order, { action: 'merge', intoOrderNo }, 'invalid', `并单目标工单 ${intoOrderNo} 不存在或就是本工单 (no other order ${intoOrderNo} to merge into)`);
    const append = decide(target, { action: 'append', note: `并入工单 ${order.orderNo}` }, actor.kind, at);
    if (!append.ok) refuse(order, { action: 'merge', intoOrderNo }, 'invalid', `并单目标工单 ${intoOrderNo}: ${append.message}`);
    return (await transitionOf(target, { action: 'append', note: `并入工单 ${order.orderNo}` }, actor, at, { data: { mergedOrderNo: order.orderNo } })).transition;
  }

  async function audit(t: StoredTransition, orderNo: string): Promise<void> {
    await deps.audit.append({
      kind: 'work_order',
      at: t.at,
      actor: t.actor,
      subject: `work_order:${orderNo}`,
      data: { action: t.action, from: t.fromStatus, to: t.next.status, ...t.data },
    });
  }

  async function notify(order: WorkOrder, event: Extract<LifecycleEffect, { kind: 'notify_department' }>['event']): Promise<void> {
    if (!order.leadDepartmentId) return;
    const data: Record<string, unknown> = { status: order.status, replyDueAt: order.replyDueAt?.toISOString() ?? null };
    if (event === 'supervision') data.level = order.supervision;
    await deps.notifier.notify({ departmentId: order.leadDepartmentId, event, orderNo: order.orderNo, data });
  }

  /** 回访: the order's survey, or closing without one when there is no number to call. */
  async function startSurvey(order: WorkOrder): Promise<ActionOutcome> {
    const withoutSurvey = (reason: string) =>
      act(order.orderNo, { action: 'survey_result', resolved: null, satisfied: null }, SYSTEM_ACTOR, { data: { surveyStatus: 'none', reason } });
    if (!order.citizenNumber) return withoutSurvey('no citizen number');
    let surveyId: number;
    try {
      surveyId = (await deps.surveys.request(surveyCaseId(order.orderNo, order.reopenCount), order.citizenNumber)).survey.id;
    } catch (err) {
      log.warn({ orderNo: order.orderNo, err: (err as Error).message }, 'callback survey not requested; the order closes without one');
      return withoutSurvey(`survey not requested: ${(err as Error).message}`);
    }
    return act(order.orderNo, { action: 'start_survey' }, SYSTEM_ACTOR, { surveyId, data: { surveyId } });
  }

  async function carryOut(order: WorkOrder, effects: LifecycleEffect[], deadlinesChanged: boolean): Promise<ActionOutcome | null> {
    for (const effect of effects) {
      if (effect.kind !== 'notify_department') continue;
      await notify(order, effect.event).catch((err: unknown) =>
        log.error({ orderNo: order.orderNo, event: effect.event, err: (err as Error).message }, 'department notice not recorded'),
      );
    }
    if (deadlinesChanged) {
      await deps.scheduler.deadlinesChanged(order.id).catch((err: unknown) =>
        log.error({ orderNo: order.orderNo, err: (err as Error).message }, 'deadline notices not re-planned; the sweeper will'),
      );
    }
    if (!effects.some((e) => e.kind === 'request_survey')) return null;
    // the reply is stored whatever happens here; a survey result is taken from `replied` too
    return startSurvey(order).catch((err: unknown) => {
      log.error({ orderNo: order.orderNo, err: (err as Error).message }, 'callback survey not started; the order stays replied');
      return null;
    });
  }

  async function act(orderNo: string, command: WorkOrderCommand, actor: OrderActor, extras: ActExtras = {}): Promise<ActionOutcome> {
    const order = await store.get(orderNo);
    if (!order) throw new WorkOrderNotFoundError(orderNo);
    checkScope(order, actor);
    if (actor.kind === 'department' && order.leadDepartmentId !== actor.departmentId) {
      refuse(order, command, 'not_permitted', `协办单位不能${command.action} (only the lead department acts on order ${orderNo})`);
    }
    const at = deps.now();
    const { transition, effects } = await transitionOf(order, command, actor, at, extras);
    const transitions = command.action === 'merge' ? [transition, await mergeTarget(order, command.intoOrderNo, actor, at)] : [transition];
    const stored = await store.apply(transitions);
    if (!stored) throw new WorkOrderConflictError(orderNo);
    for (const [i, t] of transitions.entries()) await audit(t, stored[i]!.orderNo);
    const after = stored[0]!;
    log.info({ orderNo, action: command.action, from: order.status, to: after.status, actor: actor.name }, 'work order action');
    const followUp = await carryOut(after, effects, changesDeadlines(transition.deadlines));
    return followUp ?? { orderNo, status: after.status, version: after.version };
  }

  return { act };
}
