// In-memory fakes of the work-order use cases' ports, for unit tests.
import type { AuditEntry, AuditEntryInput, AuditLog } from '../../../src/ports/audit/audit-log.js';
import type { CallRecords, NewCallEvent } from '../../../src/ports/call/call-records.js';
import type { DeadlineClock } from '../../../src/ports/calendar/deadline-clock.js';
import type { CategoryRef, DepartmentDirectory, DepartmentRef } from '../../../src/ports/department/department-directory.js';
import type { Logger } from '../../../src/ports/logger.js';
import type { DepartmentNotice, DepartmentNotifier } from '../../../src/ports/webhook/department-notifier.js';
import type { NoticeScheduler } from '../../../src/ports/work-order/notice-scheduler.js';
import type { WorkOrder, WorkOrderEvent, WorkOrderStore } from '../../../src/ports/work-order/work-order-store.js';
import { formatOrderNo, chinaYearOf } from '../../../src/domain/work-order/order-number.js';

export function memoryWorkOrderStore(): WorkOrderStore & { orders: Map<number, WorkOrder>; log: Map<number, WorkOrderEvent[]> } {
  const orders = new Map<number, WorkOrder>();
  const log = new Map<number, WorkOrderEvent[]>();
  const counters = new Map<number, number>();
  const addEvent = (id: number, e: Omit<WorkOrderEvent, 'seq'>) => {
    const list = log.get(id) ?? [];
    list.push({ ...e, seq: list.length + 1 });
    log.set(id, list);
  };
  return {
    orders,
    log,
    async create(o) {
      const year = chinaYearOf(o.at);
      const seq = (counters.get(year) ?? 0) + 1;
      counters.set(year, seq);
      const id = orders.size + 1;
      const { at, ...fields } = o;
      const order: WorkOrder = {
        ...fields,
        id,
        orderNo: formatOrderNo(year, seq),
        status: 'accepted',
        statusBeforeDispute: null,
        version: 1,
        leadDepartmentId: null,
        supervision: 'none',
        extension: null,
        reopenCount: 0,
        mergedInto: null,
        dispatchDueAt: null,
        signDueAt: null,
        replyDueAt: null,
        surveyId: null,
        surveyAnswers: null,
        createdAt: at,
        updatedAt: at,
        dispatchedAt: null,
        signedAt: null,
        repliedAt: null,
        closedAt: null,
      };
      orders.set(id, order);
      addEvent(id, { at, action: 'create', actor: o.createdBy, fromStatus: null, toStatus: 'accepted', data: {} });
      return structuredClone(order);
    },
    get: async (no) => structuredClone([...orders.values()].find((o) => o.orderNo === no) ?? null),
    getById: async (id) => structuredClone(orders.get(id) ?? null),
    events: async (id) => structuredClone(log.get(id) ?? []),
    async apply(transitions) {
      if (transitions.some((t) => orders.get(t.orderId)?.version !== t.expectedVersion)) return null;
      return transitions.map((t) => {
        const before = orders.get(t.orderId)!;
        const after: WorkOrder = {
          ...before,
          ...t.next,
          ...t.deadlines,
          version: before.version + 1,
          updatedAt: t.at,
          ...(t.mergedInto ? { mergedInto: t.mergedInto } : {}),
          ...(t.surveyId !== undefined ? { surveyId: t.surveyId } : {}),
          ...(t.surveyAnswers ? { surveyAnswers: t.surveyAnswers } : {}),
        };
        orders.set(t.orderId, after);
        addEvent(t.orderId, { at: t.at, action: t.action, actor: t.actor, fromStatus: t.fromStatus, toStatus: t.next.status, data: t.data });
        return structuredClone(after);
      });
    },
    listByCitizen: async (n, limit) => [...orders.values()].filter((o) => o.citizenNumber === n).reverse().slice(0, limit),
  };
}

export function memoryDirectory(): DepartmentDirectory {
  const departments: Record<string, DepartmentRef> = {
    'd-east': { id: 'd-east', name: '东城区', active: true },
    roads: { id: 'roads', name: '市政管理局', active: true },
    parks: { id: 'parks', name: '园林局', active: true },
    closed: { id: 'closed', name: '已撤销单位', active: false },
  };
  const categories: Record<string, CategoryRef> = {
    'urban.road': { code: 'urban.road', name: '道路', level: 2, timeClass: 'general', active: true },
    'urban.misc': { code: 'urban.misc', name: '其他', level: 2, timeClass: null, active: true },
  };
  return {
    department: async (id) => departments[id] ?? null,
    category: async (code) => categories[code] ?? null,
    suggest: async (code) => (code === 'urban.road' ? departments.roads! : null),
  };
}

/** Deadlines one hour (dispatch), one day (sign) or seven days (reply) from the start. */
export const fakeClock: DeadlineClock = {
  deadlineFor: (kind, _subject, from) => new Date(from.getTime() + { dispatch: 3_600_000, sign: 86_400_000, reply: 7 * 86_400_000 }[kind]),
};

export function recorder() {
  const notices: DepartmentNotice[] = [];
  const planned: number[] = [];
  const audit: AuditEntryInput[] = [];
  const callEvents: NewCallEvent[] = [];
  const surveyRequests: Array<{ caseId: string; number: string }> = [];
  const logLines: string[] = [];
  const notifier: DepartmentNotifier = { notify: async (n) => void notices.push(n) };
  const scheduler: NoticeScheduler = { deadlinesChanged: async (id) => void planned.push(id) };
  const auditLog: AuditLog = {
    append: async (e) => {
      audit.push(e);
      return { ...e, seq: audit.length, prevHash: '', hash: '' } as AuditEntry;
    },
    list: async () => [],
    verify: async () => ({ ok: true, entries: 0, lastSeq: 0, lastHash: '' }),
  };
  const calls: Pick<CallRecords, 'getCall' | 'appendEvent'> = {
    getCall: async (id) => (id === 'call-1' ? ({ callId: id, events: [] } as unknown as Awaited<ReturnType<CallRecords['getCall']>>) : null),
    appendEvent: async (e) => void callEvents.push(e),
  };
  const surveys = {
    request: async (caseId: string, number: string) => {
      surveyRequests.push({ caseId, number });
      return { survey: { id: 40 + surveyRequests.length } };
    },
  };
  const logger: Logger = {
    child: () => logger,
    debug: (o, m) => void logLines.push(JSON.stringify([o, m])),
    info: (o, m) => void logLines.push(JSON.stringify([o, m])),
    warn: (o, m) => void logLines.push(JSON.stringify([o, m])),
    error: (o, m) => void logLines.push(JSON.stringify([o, m])),
  };
  return { notices, planned, audit, callEvents, surveyRequests, logLines, notifier, scheduler, auditLog, calls, surveys, logger };
}
