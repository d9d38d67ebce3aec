// Deadline notices of work orders (warning, 催办, 督办 yellow and red): the database plans and
// decides, BullMQ wakes each notice at its time, a sweeper sends what a lost job missed. The
// work-order actions are late-bound: the work orders need this part's scheduler too.
import type { Logger } from 'pino';
import { createAuditLogStore } from '../adapters/db/audit-log-store.js';
import type { Database } from '../adapters/db/database.js';
import { createWorkOrderNoticeStore } from '../adapters/db/work-order-notice-store.js';
import { createWorkOrderNoticeQueue } from '../adapters/jobs/work-order-notice-queue.js';
import { createWorkOrderNoticeWorker } from '../adapters/jobs/work-order-notice-worker.js';
import { createDeadlineNotices, type DeadlineNotices } from '../app/work-order/deadline-notices.js';
import type { Config } from '../config.js';
import { addWorkingDays } from '../domain/calendar/working-days.js';
import type { AuditLog } from '../ports/audit/audit-log.js';
import type { WorkingDayCalendar } from '../ports/calendar/working-day-calendar.js';
import type { DepartmentNotifier } from '../ports/webhook/department-notifier.js';
import type { NoticeScheduler } from '../ports/work-order/notice-scheduler.js';
import type { WorkOrderActions } from '../ports/work-order/work-order-actions.js';
import { every, type Periodic } from './periodic.js';

const PLAN_MISSING_EVERY_SWEEPS = 10;

export type NoticeConfig = Pick<
  Config,
  'REDIS_URL' | 'REDIS_PREFIX' | 'WORK_ORDER_WARNING_SHARE' | 'WORK_ORDER_YELLOW_AFTER_WORKING_DAYS' | 'WORK_ORDER_RED_AFTER_WORKING_DAYS' | 'WORK_ORDER_NOTICE_SWEEP_SECONDS'
>;

export interface WorkOrderNoticesDeps {
  config: NoticeConfig;
  db: Database;
  actions: () => WorkOrderActions;
  notifier: DepartmentNotifier;
  calendar: Pick<WorkingDayCalendar, 'isWorkingDay'>;
  logger: Logger;
  /** The notice clock. */
  now: () => Date;
  /** The audit log (by default one on `db`). */
  audit?: AuditLog;
}

export interface WorkOrderNotices {
  readonly name: string;
  readonly scheduler: NoticeScheduler;
  /** The use cases (job handler, sweep), for tests and operations. */
  readonly notices: DeadlineNotices;
  start(): void;
  /** Settles when the sweep that start() runs at once (orders without notices planned, due notices sent) is over. */
  firstSweep(): Promise<void>;
  stop(): Promise<void>;
}

export function buildWorkOrderNotices(deps: WorkOrderNoticesDeps): WorkOrderNotices {
  const { config, logger } = deps;
  const redis = { redisUrl: config.REDIS_URL, redisPrefix: config.REDIS_PREFIX, logger };
  const jobs = createWorkOrderNoticeQueue(redis);
  const notices = createDeadlineNotices({
    store: createWorkOrderNoticeStore(deps.db),
    jobs,
    actions: deps.actions,
    notifier: deps.notifier,
    audit: deps.audit ?? createAuditLogStore(deps.db),
    rules: {
      warningShare: config.WORK_ORDER_WARNING_SHARE,
      yellowAfterWorkingDays: config.WORK_ORDER_YELLOW_AFTER_WORKING_DAYS,
      redAfterWorkingDays: config.WORK_ORDER_RED_AFTER_WORKING_DAYS,
    },
    addWorkingDays: (from, n) => addWorkingDays(from, n, (day) => deps.calendar.isWorkingDay(day)),
    now: deps.now,
    logger,
  });
  const worker = createWorkOrderNoticeWorker({ ...redis, handle: (key) => notices.send(key) });
  // orders whose running deadline has no notices (a re-plan that failed): checked at start and every tenth sweep
  const sweepAndPlan = async (round: number) => {
    if (round % PLAN_MISSING_EVERY_SWEEPS === 0) await notices.planMissing();
    await notices.sweep();
  };
  let sweeps = 0;
  let sweep: Periodic | null = null;
  let first: Promise<void> = Promise.resolve();
  return {
    name: 'work-order deadline notices',
    scheduler: notices,
    notices,
    start() {
      worker.start();
      first = sweepAndPlan(0).catch((err: unknown) => logger.warn({ err }, 'deadline notice sweep failed'));
      sweep = every(config.WORK_ORDER_NOTICE_SWEEP_SECONDS * 1000, 'deadline notice sweep', () => sweepAndPlan((sweeps += 1)), logger);
    },
    firstSweep: () => first,
    async stop() {
      sweep?.stop();
      await first;
      await worker.close();
      await jobs.close();
    },
  };
}
