// Work orders (工单): the store, the actions (the lifecycle decides; deadlines on the working-day
// calendar, the department told, notices re-planned, the callback survey on the reply), the use
// cases the routes call, and progress by phone. The other parts it needs are built before it.
import type { Logger } from 'pino';
import type { Database } from '../adapters/db/database.js';
import { createProgressLookup } from '../adapters/db/work-order-progress.js';
import { createWorkOrderStore } from '../adapters/db/work-order-store.js';
import { createWorkOrderActions } from '../app/work-order/work-order-actions.js';
import { createWorkOrders } from '../app/work-order/work-orders.js';
import type { AuditLog } from '../ports/audit/audit-log.js';
import type { DeadlineClock } from '../ports/calendar/deadline-clock.js';
import type { CallRecords } from '../ports/call/call-records.js';
import type { DepartmentDirectory } from '../ports/department/department-directory.js';
import type { DepartmentNotifier } from '../ports/webhook/department-notifier.js';
import type { NoticeScheduler } from '../ports/work-order/notice-scheduler.js';

export interface WorkOrdersParts {
  /** Kept for symmetry with the other parts (no setting of its own yet). */
  config?: unknown;
  db: Database;
  audit: AuditLog;
  clock: DeadlineClock;
  directory: DepartmentDirectory;
  notifier: DepartmentNotifier;
  scheduler: NoticeScheduler;
  /** The callback surveys (一事一评): the reply of an order requests one for it. */
  caseSurveys: { request(caseId: string, number: string): Promise<{ survey: { id: number } }> };
  /** Call records: an order taken during a call goes on the call's timeline. */
  records: Pick<CallRecords, 'getCall' | 'appendEvent'>;
  logger: Logger;
  now: () => Date;
}

export function buildWorkOrders(p: WorkOrdersParts) {
  const store = createWorkOrderStore(p.db);
  const actions = createWorkOrderActions({
    store,
    directory: p.directory,
    clock: p.clock,
    notifier: p.notifier,
    scheduler: p.scheduler,
    surveys: p.caseSurveys,
    audit: p.audit,
    now: p.now,
    logger: p.logger,
  });
  const workOrders = createWorkOrders({ store, actions, directory: p.directory, calls: p.records, audit: p.audit, now: p.now, logger: p.logger });
  return {
    name: 'work orders',
    store,
    /** create, get (scoped), events, byCitizen, surveyFinished. */
    workOrders,
    /** act(orderNo, command, actor): for the routes, the deadline notices and the survey results. */
    actions,
    progress: createProgressLookup(p.db),
  };
}

export type WorkOrdersPart = ReturnType<typeof buildWorkOrders>;
