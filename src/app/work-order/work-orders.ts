// Work orders (工单) as use cases: take one (checked against the directory; during a call its
// timeline gets the order number; then, in the same request, 直办, 派单 or submit for a
// dispatcher), read one with the viewer's scope, its timeline, a citizen's earlier orders, and
// the callback survey's answers landing on the order.
import { maskNumber } from '../../domain/privacy/mask-number.js';
import type { SurveyAnswers } from '../../domain/survey/survey-types.js';
import { allowedActions, type ActorKind } from '../../domain/work-order/lifecycle.js';
import type { WorkOrderAction } from '../../domain/work-order/work-order-types.js';
import type { AuditLog } from '../../ports/audit/audit-log.js';
import type { CallRecords } from '../../ports/call/call-records.js';
import type { DepartmentDirectory } from '../../ports/department/department-directory.js';
import type { Logger } from '../../ports/logger.js';
import type { OrderActor } from '../../ports/work-order/work-order-actions.js';
import type { NewWorkOrder, WorkOrder, WorkOrderEvent, WorkOrderStore } from '../../ports/work-order/work-order-store.js';
import { orderNoOfCase, surveyVerdict } from './survey-verdict.js';
import { checkScope, SYSTEM_ACTOR, type WorkOrderActionsService } from './work-order-actions.js';
import { WorkOrderActionRefusedError, WorkOrderConflictError, WorkOrderInputError, WorkOrderNotFoundError } from './work-order-errors.js';

export interface WorkOrdersDeps {
  store: WorkOrderStore;
  actions: WorkOrderActionsService;
  directory: DepartmentDirectory;
  calls: Pick<CallRecords, 'getCall' | 'appendEvent'>;
  audit: AuditLog;
  now: () => Date;
  logger: Logger;
}

/** What the agent does with the new order in the same request. */
export type FirstStep = { action: 'submit' } | { action: 'resolve_directly'; note: string } | { action: 'dispatch'; departmentId?: string };

export type NewOrderInput = Omit<NewWorkOrder, 'createdBy' | 'at'> & { then?: FirstStep };

/** Who reads: a department sees its own orders only, and the citizen's contact only when the order is not confidential. */
export interface Viewer {
  kind: ActorKind | 'auditor';
  departmentId: string | null;
}

export interface WorkOrderView extends WorkOrder {
  /** True when the contact was withheld from this viewer (a confidential order, a department). */
  contactHidden: boolean;
  /** The actions this viewer may take now (for consoles). */
  actions: WorkOrderAction[];
}

export interface FinishedSurvey {
  surveyId: number;
  caseId: string;
  status: string;
  answers: SurveyAnswers;
}

export interface WorkOrders {
  create(input: NewOrderInput, actor: OrderActor): Promise<WorkOrderView>;
  get(orderNo: string, viewer: Viewer): Promise<WorkOrderView>;
  events(orderNo: string, viewer: Viewer): Promise<WorkOrderEvent[]>;
  /** The repeat caller's earlier orders, newest first. */
  byCitizen(citizenNumber: string, limit: number): Promise<WorkOrder[]>;
  /** A callback survey finished: its answers land on the order (closed, or up for 重办). */
  surveyFinished(survey: FinishedSurvey): Promise<void>;
}

export function viewOf(order: WorkOrder, viewer: Viewer): WorkOrderView {
  const hide = viewer.departmentId !== null && order.confidential;
  const kind: ActorKind = viewer.kind === 'auditor' ? 'system' : viewer.kind;
  return {
    ...order,
    ...(hide ? { citizenNumber: null, citizenName: null } : {}),
    contactHidden: hide,
    actions: viewer.kind === 'auditor' ? [] : allowedActions(order.status, kind),
  };
}

export function createWorkOrders(deps: WorkOrdersDeps): WorkOrders {
  const { store, directory } = deps;
  const log = deps.logger.child({ component: 'work-orders' });

  async function check(input: NewOrderInput): Promise<string | null> {
    const problems: string[] = [];
    const category = await directory.category(input.categoryCode);
    if (!category?.active) problems.push(`categoryCode: no active category ${input.categoryCode}`);
    const departments = [...(input.districtId ? [input.districtId] : []), ...input.assistingDepartmentIds];
    if (input.then?.action === 'dispatch' && input.then.departmentId) departments.push(input.then.departmentId);
    for (const id of new Set(departments)) {
      if (!(await directory.department(id))?.active) problems.push(`no active department ${id}`);
    }
    if (input.callId && !(await deps.calls.getCall(input.callId))) problems.push(`callId: no call ${input.callId}`);
    let dispatchTo: string | null = null;
    if (input.then?.action === 'dispatch' && problems.length === 0) {
      dispatchTo = input.then.departmentId ?? (await directory.suggest(input.categoryCode, input.districtId))?.id ?? null;
      if (!dispatchTo) problems.push(`then.departmentId: the dispatch catalogue has no department for ${input.categoryCode}; name one`);
    }
    if (problems.length > 0) throw new WorkOrderInputError(problems);
    return dispatchTo;
  }

  async function noteOnCall(order: WorkOrder): Promise<void> {
    if (!order.callId) return;
    await deps.calls
      .appendEvent({ callId: order.callId, at: order.createdAt, type: 'work_order_created', leg: 'system', data: { orderNo: order.orderNo }, dedupKey: `work_order:${order.orderNo}` })
      .catch((err: unknown) => log.error({ orderNo: order.orderNo, callId: order.callId, err: (err as Error).message }, 'order number not added to the call timeline'));
  }

  async function scoped(orderNo: string, viewer: Viewer): Promise<WorkOrder> {
    const order = await store.get(orderNo);
    if (!order) throw new WorkOrderNotFoundError(orderNo);
    checkScope(order, { kind: viewer.kind === 'auditor' ? 'system' : viewer.kind, name: '', departmentId: viewer.departmentId });
    return order;
  }

  return {
    async create(input, actor) {
      const dispatchTo = await check(input);
      const { then, ...fields } = input;
      const order = await store.create({ ...fields, createdBy: actor.name, at: deps.now() });
      await deps.audit.append({
        kind: 'work_order',
        at: order.createdAt,
        actor: actor.name,
        subject: `work_order:${order.orderNo}`,
        data: { action: 'create', to: order.status, type: order.type, categoryCode: order.categoryCode, urgency: order.urgency, callId: order.callId },
      });
      log.info({ orderNo: order.orderNo, callId: order.callId, citizen: maskNumber(order.citizenNumber), actor: actor.name }, 'work order taken');
      await noteOnCall(order);
      if (then) {
        const command = then.action === 'dispatch' ? { action: 'dispatch' as const, departmentId: dispatchTo! } : then;
        await deps.actions.act(order.orderNo, command, actor);
      }
      return viewOf((await store.get(order.orderNo)) ?? order, { kind: actor.kind, departmentId: null });
    },

    async get(orderNo, viewer) {
      return viewOf(await scoped(orderNo, viewer), viewer);
    },

    async events(orderNo, viewer) {
      return store.events((await scoped(orderNo, viewer)).id);
    },

    byCitizen: (citizenNumber, limit) => store.listByCitizen(citizenNumber, limit),

    async surveyFinished(survey) {
      const orderNo = orderNoOfCase(survey.caseId);
      if (!orderNo) return;
      const verdict = surveyVerdict(survey.answers);
      const outcome = { surveyId: survey.surveyId, status: survey.status, ...survey.answers };
      const extras = { surveyId: survey.surveyId, surveyAnswers: outcome, data: { surveyId: survey.surveyId, surveyStatus: survey.status, ...survey.answers } };
      for (let attempt = 1; ; attempt += 1) {
        try {
          await deps.actions.act(orderNo, { action: 'survey_result', ...verdict }, SYSTEM_ACTOR, extras);
          return;
        } catch (err) {
          // another action won the race (e.g. start_survey still being stored): decide again
          if (err instanceof WorkOrderConflictError && attempt < 3) continue;
          if (!(err instanceof WorkOrderActionRefusedError || err instanceof WorkOrderNotFoundError)) throw err;
          log.warn({ orderNo, surveyId: survey.surveyId, err: err.message }, 'survey result not taken by the order');
          return;
        }
      }
    },
  };
}
