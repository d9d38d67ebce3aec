// The work order's lifecycle, table-driven: every (status, action, actor) the hotline allows
// and what it leads to, written out here from the loop (受理 → 派单 → 签收 → 办理 →
// 反馈 → 回访 → 办结 → 归档 and its side paths); every other combination is refused, naming the
// status and the action.
import { describe, expect, it } from 'vitest';
import { allowedActions, decide, type ActorKind, type LifecycleEffect, type WorkOrderCommand } from '../../../src/domain/work-order/lifecycle.js';
import {
  STATUS_LABELS,
  WORK_ORDER_ACTIONS,
  WORK_ORDER_STATUSES,
  type WorkOrderAction,
  type WorkOrderSnapshot,
  type WorkOrderStatus,
} from '../../../src/domain/work-order/work-order-types.js';

const AT = new Date('2026-11-23T02:00:00.000Z');
const LATER = new Date('2026-12-01T09:00:00.000Z');
const ACTORS: ActorKind[] = ['agent', 'hotline', 'department', 'system'];

/** A valid command of each action (for an order led by dept-a, with a pending extension where it matters). */
const COMMANDS: Record<WorkOrderAction, WorkOrderCommand> = {
  submit: { action: 'submit' },
  resolve_directly: { action: 'resolve_directly', note: '已当场解答' },
  dispatch: { action: 'dispatch', departmentId: 'dept-b' },
  sign: { action: 'sign' },
  dispute: { action: 'dispute', reason: '不属于本单位职责' },
  redispatch: { action: 'redispatch', departmentId: 'dept-b', reason: '改派城管' },
  reject_dispute: { action: 'reject_dispute', reason: '属于贵单位职责' },
  request_extension: { action: 'request_extension', until: LATER, reason: '需协调多部门' },
  approve_extension: { action: 'approve_extension' },
  reject_extension: { action: 'reject_extension', reason: '理由不充分' },
  record_progress: { action: 'record_progress', note: '已派人现场查看' },
  record_contact: { action: 'record_contact', note: '已电话联系市民' },
  reply: { action: 'reply', note: '已修复' },
  start_survey: { action: 'start_survey' },
  survey_result: { action: 'survey_result', resolved: true, satisfied: true },
  reopen: { action: 'reopen', reason: '市民反映未解决' },
  confirm_close: { action: 'confirm_close', reason: '已按政策答复' },
  remind: { action: 'remind' },
  supervise: { action: 'supervise' },
  merge: { action: 'merge', intoOrderNo: '2026-000001' },
  cancel: { action: 'cancel', reason: '市民撤回诉求' },
  archive: { action: 'archive' },
  append: { action: 'append', note: '市民再次来电补充' },
};

const snapshot = (status: WorkOrderStatus, more: Partial<WorkOrderSnapshot> = {}): WorkOrderSnapshot => ({
  status,
  statusBeforeDispute: status === 'dispute_review' ? 'signed' : null,
  leadDepartmentId: 'dept-a',
  supervision: 'none',
  extension: null,
  reopenCount: 0,
  ...more,
});

/** Extension approvals need a pending request. */
const orderFor = (status: WorkOrderStatus, action: WorkOrderAction): WorkOrderSnapshot =>
  action === 'approve_extension' || action === 'reject_extension'
    ? snapshot(status, { extension: { requestedUntil: LATER, reason: '需协调', requestedAt: AT } })
    : snapshot(status);

const OPEN: WorkOrderStatus[] = ['accepted', 'pending_dispatch', 'dispatched', 'signed', 'in_progress', 'replied', 'surveying', 'reopen_review', 'dispute_review'];
const AT_DEPARTMENT: WorkOrderStatus[] = ['dispatched', 'signed', 'in_progress'];
const DISPATCH_EFFECTS = (event: 'dispatched' | 'reopened'): LifecycleEffect[] => [
  { kind: 'clear_deadlines' },
  { kind: 'start_deadline', which: 'sign' },
  { kind: 'start_deadline', which: 'reply' },
  { kind: 'notify_department', event },
];

interface Allowed {
  action: WorkOrderAction;
  from: WorkOrderStatus[];
  by: ActorKind[];
  /** The next status; 'same' keeps it. */
  to: WorkOrderStatus | 'same' | ((from: WorkOrderStatus) => WorkOrderStatus);
  effects: LifecycleEffect[];
}

const ALLOWED: Allowed[] = [
  { action: 'submit', from: ['accepted'], by: ['agent', 'hotline'], to: 'pending_dispatch', effects: [{ kind: 'start_deadline', which: 'dispatch' }] },
  { action: 'resolve_directly', from: ['accepted', 'pending_dispatch'], by: ['agent', 'hotline'], to: 'closed', effects: [{ kind: 'clear_deadlines' }] },
  { action: 'dispatch', from: ['accepted', 'pending_dispatch'], by: ['agent', 'hotline'], to: 'dispatched', effects: DISPATCH_EFFECTS('dispatched') },
  { action: 'sign', from: ['dispatched'], by: ['department'], to: 'signed', effects: [] },
  { action: 'dispute', from: ['dispatched', 'signed'], by: ['department'], to: 'dispute_review', effects: [] },
  { action: 'redispatch', from: ['dispute_review', ...AT_DEPARTMENT], by: ['hotline'], to: 'dispatched', effects: DISPATCH_EFFECTS('dispatched') },
  { action: 'reject_dispute', from: ['dispute_review'], by: ['hotline'], to: 'signed', effects: [] },
  { action: 'request_extension', from: ['signed', 'in_progress'], by: ['department'], to: 'same', effects: [] },
  { action: 'approve_extension', from: ['signed', 'in_progress'], by: ['hotline'], to: 'same', effects: [{ kind: 'move_reply_deadline', until: LATER }] },
  { action: 'reject_extension', from: ['signed', 'in_progress'], by: ['hotline'], to: 'same', effects: [] },
  { action: 'record_progress', from: ['signed', 'in_progress'], by: ['department'], to: 'in_progress', effects: [] },
  { action: 'record_contact', from: ['signed', 'in_progress'], by: ['department'], to: 'in_progress', effects: [] },
  { action: 'reply', from: ['signed', 'in_progress'], by: ['department'], to: 'replied', effects: [{ kind: 'clear_deadlines' }, { kind: 'request_survey' }] },
  { action: 'start_survey', from: ['replied'], by: ['system', 'hotline'], to: 'surveying', effects: [] },
  { action: 'survey_result', from: ['surveying', 'replied'], by: ['system'], to: 'closed', effects: [] },
  { action: 'reopen', from: ['reopen_review', 'closed'], by: ['hotline'], to: 'dispatched', effects: DISPATCH_EFFECTS('reopened') },
  { action: 'confirm_close', from: ['reopen_review'], by: ['hotline'], to: 'closed', effects: [] },
  { action: 'remind', from: AT_DEPARTMENT, by: ['system', 'hotline'], to: 'same', effects: [{ kind: 'notify_department', event: 'reminder' }] },
  { action: 'supervise', from: AT_DEPARTMENT, by: ['system', 'hotline'], to: 'same', effects: [{ kind: 'notify_department', event: 'supervision' }] },
  { action: 'merge', from: ['accepted', 'pending_dispatch', ...AT_DEPARTMENT, 'dispute_review'], by: ['hotline'], to: 'merged', effects: [{ kind: 'clear_deadlines' }] },
  { action: 'cancel', from: ['accepted', 'pending_dispatch', 'dispatched', 'dispute_review'], by: ['hotline', 'agent'], to: 'cancelled', effects: [{ kind: 'clear_deadlines' }] },
  { action: 'archive', from: ['closed'], by: ['system', 'hotline'], to: 'archived', effects: [] },
  { action: 'append', from: OPEN, by: ['agent', 'hotline'], to: 'same', effects: [] },
];

const allowedCases = ALLOWED.flatMap((a) => a.from.flatMap((from) => a.by.map((by) => ({ ...a, fromStatus: from, actor: by }))));
const isAllowed = (status: WorkOrderStatus, action: WorkOrderAction, by: ActorKind) =>
  ALLOWED.some((a) => a.action === action && a.from.includes(status) && a.by.includes(by));
const refusedCases = WORK_ORDER_STATUSES.flatMap((status) =>
  WORK_ORDER_ACTIONS.flatMap((action) => ACTORS.filter((by) => !isAllowed(status, action, by)).map((by) => ({ status, action, by }))),
);

describe('work order lifecycle', () => {
  it('has a line in this table for every action', () => {
    expect(new Set(ALLOWED.map((a) => a.action))).toEqual(new Set(WORK_ORDER_ACTIONS));
  });

  it.each(allowedCases.map((c) => [c.fromStatus, c.action, c.actor, c] as const))('%s + %s by %s is allowed', (from, action, by, c) => {
    const decision = decide(orderFor(from, action), COMMANDS[action], by, AT);
    if (!decision.ok) throw new Error(`refused: ${decision.message}`);
    const to = c.to === 'same' ? from : typeof c.to === 'function' ? c.to(from) : c.to;
    expect(decision.next.status).toBe(to);
    expect(decision.effects).toEqual(c.effects);
  });

  it.each(refusedCases.map((c) => [c.status, c.action, c.by] as const))('%s + %s by %s is refused', (status, action, by) => {
    const decision = decide(orderFor(status, action), COMMANDS[action], by, AT);
    expect(decision.ok).toBe(false);
    if (decision.ok) return;
    expect(decision.message).toContain(action);
    if (decision.reason === 'not_allowed') {
      expect(decision.message).toContain(status);
      expect(decision.message).toContain(STATUS_LABELS[status]);
    } else {
      expect(decision.reason).toBe('not_permitted');
      expect(decision.message).toContain(by);
    }
  });

  it('refuses a status the action does not start from as not_allowed when the actor may take the action', () => {
    const decision = decide(snapshot('closed'), COMMANDS.sign, 'department', AT);
    expect(decision).toEqual({ ok: false, reason: 'not_allowed', message: expect.stringMatching(/已办结 \(closed\).*签收 \(sign\)/) });
  });

  it('answers the buttons of a status for an actor from the same table', () => {
    for (const status of WORK_ORDER_STATUSES) {
      for (const by of ACTORS) {
        const expected = WORK_ORDER_ACTIONS.filter((a) => isAllowed(status, a, by));
        expect(new Set(allowedActions(status, by)), `${status} by ${by}`).toEqual(new Set(expected));
      }
    }
  });
});

describe('what the transitions carry', () => {
  it('dispatch names the lead department and resets supervision and extension', () => {
    const d = decide(snapshot('pending_dispatch', { leadDepartmentId: null, supervision: 'yellow' }), COMMANDS.dispatch, 'agent', AT);
    expect(d).toMatchObject({ ok: true, next: { status: 'dispatched', leadDepartmentId: 'dept-b', supervision: 'none', extension: null } });
  });

  it('a dispute remembers the status to go back to; a refused dispute returns there', () => {
    const disputed = decide(snapshot('dispatched'), COMMANDS.dispute, 'department', AT);
    expect(disputed).toMatchObject({ ok: true, next: { status: 'dispute_review', statusBeforeDispute: 'dispatched' } });
    if (!disputed.ok) return;
    expect(decide(disputed.next, COMMANDS.reject_dispute, 'hotline', AT)).toMatchObject({ ok: true, next: { status: 'dispatched', statusBeforeDispute: null } });
  });

  it('redispatch needs another department unless the dispute is being reviewed', () => {
    expect(decide(snapshot('signed'), { action: 'redispatch', departmentId: 'dept-a', reason: 'x' }, 'hotline', AT)).toMatchObject({ ok: false, reason: 'invalid' });
    expect(decide(snapshot('dispute_review'), { action: 'redispatch', departmentId: 'dept-a', reason: 'x' }, 'hotline', AT)).toMatchObject({ ok: true });
  });

  it('an extension request is kept until approved (the reply deadline moves) or refused; one at a time; in the future', () => {
    const requested = decide(snapshot('signed'), COMMANDS.request_extension, 'department', AT);
    expect(requested).toMatchObject({ ok: true, next: { extension: { requestedUntil: LATER, reason: '需协调多部门', requestedAt: AT } } });
    if (!requested.ok) return;
    expect(decide(requested.next, COMMANDS.request_extension, 'department', AT)).toMatchObject({ ok: false, reason: 'invalid' });
    expect(decide(requested.next, COMMANDS.approve_extension, 'hotline', AT)).toMatchObject({ ok: true, next: { extension: null } });
    expect(decide(requested.next, COMMANDS.reject_extension, 'hotline', AT)).toMatchObject({ ok: true, next: { extension: null }, effects: [] });
    expect(decide(snapshot('signed'), COMMANDS.approve_extension, 'hotline', AT)).toMatchObject({ ok: false, reason: 'invalid' });
    expect(decide(snapshot('signed'), { ...COMMANDS.request_extension, until: AT } as WorkOrderCommand, 'department', AT)).toMatchObject({ ok: false, reason: 'invalid' });
    expect(decide(snapshot('signed'), { ...COMMANDS.request_extension, until: new Date(Number.NaN) } as WorkOrderCommand, 'department', AT)).toMatchObject({
      ok: false,
      reason: 'invalid',
    });
  });

  it.each([
    [false, true, 'reopen_review'],
    [true, false, 'reopen_review'],
    [false, null, 'reopen_review'],
    [true, true, 'closed'],
    [null, null, 'closed'],
    [true, null, 'closed'],
  ] as const)('a survey with resolved %s, satisfied %s leads to %s', (resolved, satisfied, status) => {
    expect(decide(snapshot('surveying'), { action: 'survey_result', resolved, satisfied }, 'system', AT)).toMatchObject({ ok: true, next: { status } });
  });

  it('supervision goes yellow, then red, then no further', () => {
    const yellow = decide(snapshot('signed'), COMMANDS.supervise, 'system', AT);
    expect(yellow).toMatchObject({ ok: true, next: { supervision: 'yellow' } });
    const red = decide(snapshot('signed', { supervision: 'yellow' }), COMMANDS.supervise, 'system', AT);
    expect(red).toMatchObject({ ok: true, next: { supervision: 'red' } });
    expect(decide(snapshot('signed', { supervision: 'red' }), COMMANDS.supervise, 'system', AT)).toMatchObject({ ok: false, reason: 'invalid' });
  });

  it('a reopened order goes back to its department and counts the reopening; one closed directly cannot', () => {
    expect(decide(snapshot('reopen_review', { reopenCount: 1 }), COMMANDS.reopen, 'hotline', AT)).toMatchObject({
      ok: true,
      next: { status: 'dispatched', leadDepartmentId: 'dept-a', reopenCount: 2 },
    });
    expect(decide(snapshot('closed', { leadDepartmentId: null }), COMMANDS.reopen, 'hotline', AT)).toMatchObject({ ok: false, reason: 'invalid' });
  });
});
