// The work-order use cases over in-memory fakes: what an agent's new order sets off (deadlines,
// the department told, notices planned, the call's timeline, the audit chain), a department's
// reply starting the callback survey, scope and masking, 并单, and the survey's answers on the order.
import { beforeEach, describe, expect, it } from 'vitest';
import { createWorkOrderActions, type WorkOrderActionsService } from '../../../src/app/work-order/work-order-actions.js';
import {
  WorkOrderActionRefusedError,
  WorkOrderConflictError,
  WorkOrderInputError,
  WorkOrderNotFoundError,
} from '../../../src/app/work-order/work-order-errors.js';
import { createWorkOrders, type NewOrderInput, type WorkOrders } from '../../../src/app/work-order/work-orders.js';
import type { OrderActor } from '../../../src/ports/work-order/work-order-actions.js';
import { fakeClock, memoryDirectory, memoryWorkOrderStore, recorder } from './work-order-fakes.js';

const NOW = new Date('2026-11-23T02:00:00.000Z');
const AGENT: OrderActor = { kind: 'agent', name: 'token:agent-1', departmentId: null };
const HOTLINE: OrderActor = { kind: 'hotline', name: 'token:supervisor', departmentId: null };
const ROADS: OrderActor = { kind: 'department', name: 'token:roads', departmentId: 'roads' };
const PARKS: OrderActor = { kind: 'department', name: 'token:parks', departmentId: 'parks' };

const input = (more: Partial<NewOrderInput> = {}): NewOrderInput => ({
  channel: 'phone',
  callId: 'call-1',
  citizenNumber: '13800138000',
  citizenName: '张先生',
  confidential: false,
  type: 'complaint',
  categoryCode: 'urban.road',
  districtId: 'd-east',
  location: '人民路',
  description: '路面塌陷',
  urgency: 'normal',
  assistingDepartmentIds: [],
  ...more,
});

describe('work order use cases', () => {
  let store: ReturnType<typeof memoryWorkOrderStore>;
  let r: ReturnType<typeof recorder>;
  let actions: WorkOrderActionsService;
  let orders: WorkOrders;

  beforeEach(() => {
    store = memoryWorkOrderStore();
    r = recorder();
    const directory = memoryDirectory();
    const now = () => NOW;
    actions = createWorkOrderActions({
      store, directory, clock: fakeClock, notifier: r.notifier, scheduler: r.scheduler, surveys: r.surveys, audit: r.auditLog, now, logger: r.logger,
    });
    orders = createWorkOrders({ store, actions, directory, calls: r.calls, audit: r.auditLog, now, logger: r.logger });
  });

  it('an order dispatched during a call goes to the catalogue suggestion with its clocks, notice, call timeline entry and audit entries', async () => {
    const order = await orders.create(input({ then: { action: 'dispatch' } }), AGENT);
    expect(order).toMatchObject({
      orderNo: '2026-000001',
      status: 'dispatched',
      leadDepartmentId: 'roads',
      signDueAt: new Date(NOW.getTime() + 86_400_000),
      replyDueAt: new Date(NOW.getTime() + 7 * 86_400_000),
      dispatchDueAt: null,
    });
    expect(r.notices).toEqual([expect.objectContaining({ departmentId: 'roads', event: 'dispatched', orderNo: '2026-000001' })]);
    expect(JSON.stringify(r.notices)).not.toContain('13800138000');
    expect(r.planned).toEqual([order.id]);
    expect(r.callEvents).toEqual([expect.objectContaining({ callId: 'call-1', type: 'work_order_created', data: { orderNo: '2026-000001' } })]);
    expect(r.audit.map((a) => [a.kind, a.actor, a.subject, a.data.action])).toEqual([
      ['work_order', 'token:agent-1', 'work_order:2026-000001', 'create'],
      ['work_order', 'token:agent-1', 'work_order:2026-000001', 'dispatch'],
    ]);
    expect(r.logLines.join('\n')).not.toContain('13800138000');
    expect(r.logLines.join('\n')).toContain('138****8000');
  });

  it('dispatches to the department the agent names, answers directly, or leaves it for a dispatcher', async () => {
    expect(await orders.create(input({ then: { action: 'dispatch', departmentId: 'parks' } }), AGENT)).toMatchObject({ status: 'dispatched', leadDepartmentId: 'parks' });
    expect(await orders.create(input({ then: { action: 'resolve_directly', note: '已解答' } }), AGENT)).toMatchObject({ status: 'closed' });
    expect(await orders.create(input({ then: { action: 'submit' } }), AGENT)).toMatchObject({ status: 'pending_dispatch', dispatchDueAt: new Date(NOW.getTime() + 3_600_000) });
    expect(await orders.create(input({ callId: null }), AGENT)).toMatchObject({ status: 'accepted', orderNo: '2026-000004' });
  });

  it('refuses a new order naming an unknown category, an inactive department, an unknown call, or nothing to dispatch to — and stores nothing', async () => {
    await expect(orders.create(input({ categoryCode: 'no.such' }), AGENT)).rejects.toThrow(WorkOrderInputError);
    await expect(orders.create(input({ assistingDepartmentIds: ['closed'] }), AGENT)).rejects.toThrow(/no active department closed/);
    await expect(orders.create(input({ callId: 'call-x' }), AGENT)).rejects.toThrow(/no call call-x/);
    await expect(orders.create(input({ categoryCode: 'urban.misc', then: { action: 'dispatch' } }), AGENT)).rejects.toThrow(/catalogue has no department/);
    expect(store.orders.size).toBe(0);
  });

  it('a department signs and replies; the reply starts the callback survey of the order', async () => {
    const { orderNo } = await orders.create(input({ then: { action: 'dispatch' } }), AGENT);
    await actions.act(orderNo, { action: 'sign' }, ROADS);
    const outcome = await actions.act(orderNo, { action: 'reply', note: '已修复' }, ROADS);
    expect(outcome).toMatchObject({ orderNo, status: 'surveying' });
    expect(r.surveyRequests).toEqual([{ caseId: orderNo, number: '13800138000' }]);
    const stored = await orders.get(orderNo, { kind: 'hotline', departmentId: null });
    expect(stored).toMatchObject({ status: 'surveying', surveyId: 41, replyDueAt: null, signDueAt: null });
    expect((await orders.events(orderNo, { kind: 'hotline', departmentId: null })).map((e) => e.action)).toEqual(['create', 'dispatch', 'sign', 'reply', 'start_survey']);
  });

  it('a reply stays stored when starting its survey fails', async () => {
    const { orderNo } = await orders.create(input({ then: { action: 'dispatch' } }), AGENT);
    await actions.act(orderNo, { action: 'sign' }, ROADS);
    r.surveys.request = () => Promise.reject(new Error('database down'));
    const apply = store.apply.bind(store);
    store.apply = async (t) => (t[0]?.action === 'survey_result' ? null : apply(t));
    expect(await actions.act(orderNo, { action: 'reply', note: '已修复' }, ROADS)).toMatchObject({ status: 'replied' });
    expect(r.logLines.join('\n')).toContain('callback survey not started');
  });

  it('an order without a citizen number closes on the reply, without a survey, saying so', async () => {
    const { orderNo } = await orders.create(input({ citizenNumber: null, then: { action: 'dispatch' } }), AGENT);
    await actions.act(orderNo, { action: 'sign' }, ROADS);
    expect(await actions.act(orderNo, { action: 'reply', note: '已修复' }, ROADS)).toMatchObject({ status: 'closed' });
    expect(r.surveyRequests).toEqual([]);
    expect((await orders.events(orderNo, { kind: 'hotline', departmentId: null })).at(-1)).toMatchObject({ action: 'survey_result', data: { surveyStatus: 'none' } });
  });

  it("another department's order is not found, exactly like an unknown one; an assisting department sees but does not act", async () => {
    const { orderNo } = await orders.create(input({ assistingDepartmentIds: ['parks'], then: { action: 'dispatch' } }), AGENT);
    const { orderNo: other } = await orders.create(input({ then: { action: 'dispatch', departmentId: 'parks' } }), AGENT);
    await expect(actions.act(other, { action: 'sign' }, ROADS)).rejects.toThrow(WorkOrderNotFoundError);
    await expect(orders.get(other, { kind: 'department', departmentId: 'roads' })).rejects.toThrow(`No work order ${other}`);
    await expect(orders.get('2026-999999', { kind: 'department', departmentId: 'roads' })).rejects.toThrow('No work order 2026-999999');
    await expect(orders.events(other, { kind: 'department', departmentId: 'roads' })).rejects.toThrow(WorkOrderNotFoundError);
    expect(await orders.get(orderNo, { kind: 'department', departmentId: 'parks' })).toMatchObject({ orderNo });
    await expect(actions.act(orderNo, { action: 'sign' }, PARKS)).rejects.toMatchObject({ reason: 'not_permitted' });
  });

  it('a department sees the citizen number only when the order is not confidential; the hotline always', async () => {
    const open = await orders.create(input({ then: { action: 'dispatch' } }), AGENT);
    const secret = await orders.create(input({ confidential: true, then: { action: 'dispatch' } }), AGENT);
    const dept = { kind: 'department' as const, departmentId: 'roads' };
    expect(await orders.get(open.orderNo, dept)).toMatchObject({ citizenNumber: '13800138000', contactHidden: false, actions: expect.arrayContaining(['sign', 'dispute']) });
    expect(await orders.get(secret.orderNo, dept)).toMatchObject({ citizenNumber: null, citizenName: null, contactHidden: true });
    expect(await orders.get(secret.orderNo, { kind: 'agent', departmentId: null })).toMatchObject({ citizenNumber: '13800138000' });
    expect(await orders.get(secret.orderNo, { kind: 'auditor', departmentId: null })).toMatchObject({ citizenNumber: '13800138000', actions: [] });
  });

  it('refuses an action the lifecycle does not allow, naming the status and the action', async () => {
    const { orderNo } = await orders.create(input(), AGENT);
    const refusal = await actions.act(orderNo, { action: 'reply', note: 'x' }, ROADS).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(WorkOrderNotFoundError); // not yet the department's order
    const err = await actions.act(orderNo, { action: 'archive' }, HOTLINE).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkOrderActionRefusedError);
    expect(err).toMatchObject({ reason: 'not_allowed', status: 'accepted', action: 'archive', message: expect.stringMatching(/受理 \(accepted\).*归档 \(archive\)/) });
    await expect(actions.act(orderNo, { action: 'sign' }, AGENT)).rejects.toMatchObject({ reason: 'not_permitted' });
  });

  it('a concurrent change in between is a conflict, and nothing more is done', async () => {
    const { orderNo } = await orders.create(input(), AGENT);
    const apply = store.apply;
    store.apply = async () => null;
    await expect(actions.act(orderNo, { action: 'dispatch', departmentId: 'roads' }, AGENT)).rejects.toThrow(WorkOrderConflictError);
    store.apply = apply;
    expect(r.notices).toEqual([]);
    expect(r.audit.map((a) => a.data.action)).toEqual(['create']);
  });

  it('an approved extension moves the reply deadline and re-plans the notices', async () => {
    const { orderNo, id } = await orders.create(input({ then: { action: 'dispatch' } }), AGENT);
    await actions.act(orderNo, { action: 'sign' }, ROADS);
    const until = new Date('2026-12-20T09:00:00Z');
    await actions.act(orderNo, { action: 'request_extension', until, reason: '需协调' }, ROADS);
    r.planned.length = 0;
    await actions.act(orderNo, { action: 'approve_extension' }, HOTLINE);
    expect(await store.getById(id)).toMatchObject({ replyDueAt: until, extension: null });
    expect(r.planned).toEqual([id]);
  });

  it('并单: the merged order names the other, which gets an append event naming it; never into itself', async () => {
    const a = await orders.create(input(), AGENT);
    const b = await orders.create(input({ then: { action: 'dispatch' } }), AGENT);
    await expect(actions.act(a.orderNo, { action: 'merge', intoOrderNo: a.orderNo }, HOTLINE)).rejects.toMatchObject({ reason: 'invalid' });
    await expect(actions.act(a.orderNo, { action: 'merge', intoOrderNo: '2026-999999' }, HOTLINE)).rejects.toMatchObject({ reason: 'invalid' });
    expect(await actions.act(a.orderNo, { action: 'merge', intoOrderNo: b.orderNo }, HOTLINE)).toMatchObject({ status: 'merged' });
    expect(await store.get(a.orderNo)).toMatchObject({ mergedInto: b.orderNo });
    expect((await store.events(b.id)).at(-1)).toMatchObject({ action: 'append', data: { mergedOrderNo: a.orderNo } });
    expect(r.audit.filter((x) => x.subject === `work_order:${b.orderNo}`).at(-1)?.data.action).toBe('append');
  });

  describe('the callback survey lands on the order', () => {
    async function surveyed() {
      const { orderNo } = await orders.create(input({ then: { action: 'dispatch' } }), AGENT);
      await actions.act(orderNo, { action: 'sign' }, ROADS);
      await actions.act(orderNo, { action: 'reply', note: '已修复' }, ROADS);
      return orderNo;
    }

    it.each([
      ['completed', 'no', 'satisfied', 'reopen_review'],
      ['completed', 'yes', 'dissatisfied', 'reopen_review'],
      ['failed', 'no', null, 'reopen_review'],
      ['completed', 'yes', 'basically_satisfied', 'closed'],
      ['completed', 'yes', 'satisfied', 'closed'],
      ['not_reached', null, null, 'closed'],
    ] as const)('a %s survey answering %s / %s leaves the order %s', async (status, resolved, satisfaction, expected) => {
      const orderNo = await surveyed();
      await orders.surveyFinished({ surveyId: 41, caseId: orderNo, status, answers: { resolved, satisfaction } });
      const order = await orders.get(orderNo, { kind: 'hotline', departmentId: null });
      expect(order).toMatchObject({ status: expected, surveyAnswers: { surveyId: 41, status, resolved, satisfaction } });
      expect((await orders.events(orderNo, { kind: 'hotline', departmentId: null })).at(-1)).toMatchObject({ action: 'survey_result', data: { surveyStatus: status } });
    });

    it('a reopened order gets a survey of its own round; a survey of no order is ignored', async () => {
      const orderNo = await surveyed();
      await orders.surveyFinished({ surveyId: 41, caseId: orderNo, status: 'completed', answers: { resolved: 'no', satisfaction: 'dissatisfied' } });
      await actions.act(orderNo, { action: 'reopen', reason: '市民不满意' }, HOTLINE);
      await actions.act(orderNo, { action: 'sign' }, ROADS);
      await actions.act(orderNo, { action: 'reply', note: '再次处理' }, ROADS);
      expect(r.surveyRequests.map((s) => s.caseId)).toEqual([orderNo, `${orderNo}-R1`]);
      await orders.surveyFinished({ surveyId: 42, caseId: `${orderNo}-R1`, status: 'completed', answers: { resolved: 'yes', satisfaction: 'satisfied' } });
      expect(await store.get(orderNo)).toMatchObject({ status: 'closed', reopenCount: 1 });
      await expect(orders.surveyFinished({ surveyId: 9, caseId: 'WO-1', status: 'completed', answers: { resolved: 'no', satisfaction: null } })).resolves.toBeUndefined();
    });
  });
});
