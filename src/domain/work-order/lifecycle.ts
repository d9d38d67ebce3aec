// The work order's lifecycle as a pure table: for each action, who may take it, from which
// statuses, and what it does (the next status and the effects the use case carries out). An
// action the table does not allow is refused with the status and the action named (HTTP 409).
import {
  ACTION_LABELS,
  STATUS_LABELS,
  type DeadlineKind,
  type SupervisionLevel,
  type WorkOrderAction,
  type WorkOrderSnapshot,
  type WorkOrderStatus,
} from './work-order-types.js';

/** Who acts: the agent who took the call, the hotline's dispatchers and supervisors, the department, the app itself. */
export type ActorKind = 'agent' | 'hotline' | 'department' | 'system';

export type WorkOrderCommand =
  | { action: 'submit' }
  | { action: 'resolve_directly'; note: string }
  | { action: 'dispatch'; departmentId: string }
  | { action: 'sign' }
  | { action: 'dispute'; reason: string }
  | { action: 'redispatch'; departmentId: string; reason: string }
  | { action: 'reject_dispute'; reason: string }
  | { action: 'request_extension'; until: Date; reason: string }
  | { action: 'approve_extension' }
  | { action: 'reject_extension'; reason: string }
  | { action: 'record_progress'; note: string }
  | { action: 'record_contact'; note: string }
  | { action: 'reply'; note: string }
  | { action: 'start_survey' }
  /** null: the citizen was not reached or did not answer that question. */
  | { action: 'survey_result'; resolved: boolean | null; satisfied: boolean | null }
  | { action: 'reopen'; reason: string }
  | { action: 'confirm_close'; reason: string }
  | { action: 'remind' }
  | { action: 'supervise' }
  | { action: 'merge'; intoOrderNo: string }
  | { action: 'cancel'; reason: string }
  | { action: 'archive' }
  | { action: 'append'; note: string };

export type LifecycleEffect =
  /** Start the clock of this deadline from now (the deadline policy decides how long). */
  | { kind: 'start_deadline'; which: DeadlineKind }
  /** No clock runs any more (the order left the department's hands or closed). */
  | { kind: 'clear_deadlines' }
  /** An approved extension: the reply deadline becomes this time. */
  | { kind: 'move_reply_deadline'; until: Date }
  /** Tell the lead department (webhook): a new order, a reminder, a supervision order, a reopened order. */
  | { kind: 'notify_department'; event: 'dispatched' | 'reminder' | 'supervision' | 'reopened' }
  /** Start the callback survey (回访) of this order. */
  | { kind: 'request_survey' };

export type Decision =
  | { ok: true; next: WorkOrderSnapshot; effects: LifecycleEffect[] }
  | { ok: false; reason: 'not_allowed' | 'not_permitted' | 'invalid'; message: string };

const OPEN_AT_DEPARTMENT: readonly WorkOrderStatus[] = ['dispatched', 'signed', 'in_progress'];
const NOT_FINAL: readonly WorkOrderStatus[] = [
  'accepted', 'pending_dispatch', 'dispatched', 'signed', 'in_progress', 'replied', 'surveying', 'reopen_review', 'dispute_review',
];

interface Rule {
  from: readonly WorkOrderStatus[];
  by: readonly ActorKind[];
  /** The next snapshot and effects; a string refuses the command as invalid with that message. */
  apply: (order: WorkOrderSnapshot, command: WorkOrderCommand, at: Date) => { next: WorkOrderSnapshot; effects: LifecycleEffect[] } | string;
}

const to = (order: WorkOrderSnapshot, status: WorkOrderStatus, more: Partial<WorkOrderSnapshot> = {}): WorkOrderSnapshot => ({ ...order, status, ...more });
const only = (next: WorkOrderSnapshot, ...effects: LifecycleEffect[]) => ({ next, effects });
const HOTLINE: readonly ActorKind[] = ['hotline'];
const DEPARTMENT: readonly ActorKind[] = ['department'];
const SYSTEM_OR_HOTLINE: readonly ActorKind[] = ['system', 'hotline'];

const dispatchTo = (order: WorkOrderSnapshot, departmentId: string, event: 'dispatched' | 'reopened') =>
  only(
    to(order, 'dispatched', { leadDepartmentId: departmentId, statusBeforeDispute: null, extension: null, supervision: 'none' }),
    { kind: 'clear_deadlines' },
    { kind: 'start_deadline', which: 'sign' },
    { kind: 'start_deadline', which: 'reply' },
    { kind: 'notify_department', event },
  );

const NEXT_SUPERVISION: Readonly<Record<SupervisionLevel, SupervisionLevel | null>> = { none: 'yellow', yellow: 'red', red: null };

const RULES: Readonly<Record<WorkOrderAction, Rule>> = {
  submit: { from: ['accepted'], by: ['agent', 'hotline'], apply: (o) => only(to(o, 'pending_dispatch'), { kind: 'start_deadline', which: 'dispatch' }) },
  resolve_directly: { from: ['accepted', 'pending_dispatch'], by: ['agent', 'hotline'], apply: (o) => only(to(o, 'closed'), { kind: 'clear_deadlines' }) },
  dispatch: {
    from: ['accepted', 'pending_dispatch'],
    by: ['agent', 'hotline'],
    apply: (o, c) => (c.action === 'dispatch' ? dispatchTo(o, c.departmentId, 'dispatched') : 'bad command'),
  },
  sign: { from: ['dispatched'], by: DEPARTMENT, apply: (o) => only(to(o, 'signed')) },
  dispute: { from: ['dispatched', 'signed'], by: DEPARTMENT, apply: (o) => only(to(o, 'dispute_review', { statusBeforeDispute: o.status })) },
  redispatch: {
    from: ['dispute_review', 'dispatched', 'signed', 'in_progress'],
    by: HOTLINE,
    apply: (o, c) => {
      if (c.action !== 'redispatch') return 'bad command';
      if (c.departmentId === o.leadDepartmentId && o.status !== 'dispute_review') return '改派须选择另一个承办单位 (redispatch needs another department)';
      return dispatchTo(o, c.departmentId, 'dispatched');
    },
  },
  reject_dispute: {
    from: ['dispute_review'],
    by: HOTLINE,
    apply: (o) => only(to(o, o.statusBeforeDispute ?? 'dispatched', { statusBeforeDispute: null })),
  },
  request_extension: {
    from: ['signed', 'in_progress'],
    by: DEPARTMENT,
    apply: (o, c, at) => {
      if (c.action !== 'request_extension') return 'bad command';
      if (o.extension) return '已有待审核的延期申请 (an extension request is already pending)';
      if (!(c.until.getTime() > at.getTime())) return '延期时间须在当前时间之后 (the new deadline must be in the future)';
      return only({ ...o, extension: { requestedUntil: c.until, reason: c.reason, requestedAt: at } });
    },
  },
  approve_extension: {
    from: ['signed', 'in_progress'],
    by: HOTLINE,
    apply: (o) => (o.extension ? only({ ...o, extension: null }, { kind: 'move_reply_deadline', until: o.extension.requestedUntil }) : '没有待审核的延期申请 (no extension request is pending)'),
  },
  reject_extension: {
    from: ['signed', 'in_progress'],
    by: HOTLINE,
    apply: (o) => (o.extension ? only({ ...o, extension: null }) : '没有待审核的延期申请 (no extension request is pending)'),
  },
  record_progress: { from: ['signed', 'in_progress'], by: DEPARTMENT, apply: (o) => only(to(o, 'in_progress')) },
  record_contact: { from: ['signed', 'in_progress'], by: DEPARTMENT, apply: (o) => only(to(o, 'in_progress')) },
  reply: {
    from: ['signed', 'in_progress'],
    by: DEPARTMENT,
    apply: (o) => only(to(o, 'replied', { extension: null }), { kind: 'clear_deadlines' }, { kind: 'request_survey' }),
  },
  start_survey: { from: ['replied'], by: SYSTEM_OR_HOTLINE, apply: (o) => only(to(o, 'surveying')) },
  survey_result: {
    from: ['surveying', 'replied'],
    by: ['system'],
    apply: (o, c) => {
      if (c.action !== 'survey_result') return 'bad command';
      const unhappy = c.resolved === false || c.satisfied === false;
      return only(to(o, unhappy ? 'reopen_review' : 'closed'));
    },
  },
  reopen: {
    from: ['reopen_review', 'closed'],
    by: HOTLINE,
    apply: (o) => {
      if (!o.leadDepartmentId) return '直办工单没有承办单位, 请改派 (an order closed directly has no department: dispatch it anew)';
      const done = dispatchTo(o, o.leadDepartmentId, 'reopened');
      return { next: { ...done.next, reopenCount: o.reopenCount + 1 }, effects: done.effects };
    },
  },
  confirm_close: { from: ['reopen_review'], by: HOTLINE, apply: (o) => only(to(o, 'closed')) },
  remind: { from: OPEN_AT_DEPARTMENT, by: SYSTEM_OR_HOTLINE, apply: (o) => only(o, { kind: 'notify_department', event: 'reminder' }) },
  supervise: {
    from: OPEN_AT_DEPARTMENT,
    by: SYSTEM_OR_HOTLINE,
    apply: (o) => {
      const level = NEXT_SUPERVISION[o.supervision];
      if (!level) return '已是红牌督办 (already under red-card supervision)';
      return only({ ...o, supervision: level }, { kind: 'notify_department', event: 'supervision' });
    },
  },
  merge: {
    from: ['accepted', 'pending_dispatch', 'dispatched', 'signed', 'in_progress', 'dispute_review'],
    by: HOTLINE,
    apply: (o) => only(to(o, 'merged', { extension: null }), { kind: 'clear_deadlines' }),
  },
  cancel: {
    from: ['accepted', 'pending_dispatch', 'dispatched', 'dispute_review'],
    by: ['hotline', 'agent'],
    apply: (o) => only(to(o, 'cancelled', { extension: null }), { kind: 'clear_deadlines' }),
  },
  archive: { from: ['closed'], by: SYSTEM_OR_HOTLINE, apply: (o) => only(to(o, 'archived')) },
  append: { from: NOT_FINAL, by: ['agent', 'hotline'], apply: (o) => only(o) },
};

/** Which actions the table allows from a status, for an actor (for consoles: the buttons to show). */
export function allowedActions(status: WorkOrderStatus, by: ActorKind): WorkOrderAction[] {
  return (Object.keys(RULES) as WorkOrderAction[]).filter((a) => RULES[a].from.includes(status) && RULES[a].by.includes(by));
}

/** The statuses an action may be taken from (for tests and documentation). */
export const actionSources = (action: WorkOrderAction): readonly WorkOrderStatus[] => RULES[action].from;
export const actionActors = (action: WorkOrderAction): readonly ActorKind[] => RULES[action].by;

export function decide(order: WorkOrderSnapshot, command: WorkOrderCommand, by: ActorKind, at: Date): Decision {
  const rule = RULES[command.action];
  const label = `${ACTION_LABELS[command.action]} (${command.action})`;
  if (!rule.by.includes(by)) {
    return { ok: false, reason: 'not_permitted', message: `${label} is not an action for ${by}` };
  }
  if (!rule.from.includes(order.status)) {
    return {
      ok: false,
      reason: 'not_allowed',
      message: `工单状态为${STATUS_LABELS[order.status]} (${order.status}), 不能${label}`,
    };
  }
  const result = rule.apply(order, command, at);
  if (typeof result === 'string') return { ok: false, reason: 'invalid', message: result };
  return { ok: true, ...result };
}
