// Runs deadline-notice jobs. A job that fires before its notice is due (a test clock, clocks a
// little apart, a deadline moved later) goes back to delayed; everything else is decided by the
// handler against the database, so a stalled job that runs twice sends nothing twice.
import { DelayedError, Worker, type Job } from 'bullmq';
import type { Logger } from 'pino';
import { DEADLINE_KINDS, NOTICE_KINDS } from '../../domain/work-order/notice-schedule.js';
import type { NoticeJobHandler } from '../../ports/work-order/notice-jobs.js';
import type { NoticeKey } from '../../ports/work-order/work-order-notice-store.js';
import { bullmqPrefix } from './survey-job-queue.js';
import { WORK_ORDER_NOTICE_QUEUE, type WorkOrderNoticePayload } from './work-order-notice-queue.js';

export interface WorkOrderNoticeWorkerOptions {
  redisUrl: string;
  redisPrefix: string;
  logger: Logger;
  handle: NoticeJobHandler;
  concurrency?: number;
  /** BullMQ lock and stall-check timings (tests shorten them). */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
}

export interface WorkOrderNoticeWorker {
  readonly worker: Worker<WorkOrderNoticePayload>;
  start(): void;
  /** Stops taking jobs; waits for running ones unless `force`. */
  close(force?: boolean): Promise<void>;
}

/** The key in a job's data, or null when the data is not one. */
export function noticeKeyOf(data: unknown): NoticeKey | null {
  const d = (data ?? {}) as Record<string, unknown>;
  const orderId = Number(d.orderId);
  const round = Number(d.round);
  if (!Number.isSafeInteger(orderId) || orderId <= 0 || !Number.isSafeInteger(round) || round < 0) return null;
  const deadline = DEADLINE_KINDS.find((k) => k === d.deadline);
  const kind = NOTICE_KINDS.find((k) => k === d.kind);
  return deadline && kind ? { orderId, deadline, kind, round } : null;
}

export function createWorkOrderNoticeWorker(opts: WorkOrderNoticeWorkerOptions): WorkOrderNoticeWorker {
  const log = opts.logger.child({ component: 'work-order-notice-worker' });
  const worker = new Worker<WorkOrderNoticePayload>(
    WORK_ORDER_NOTICE_QUEUE,
    async (job: Job<WorkOrderNoticePayload>, token?: string) => {
      const key = noticeKeyOf(job.data);
      if (!key) {
        log.warn({ jobId: job.id }, 'deadline notice job without a valid key: dropped');
        return 'invalid';
      }
      const result = await opts.handle(key);
      if (result.kind === 'not_due') {
        await job.moveToDelayed(Date.now() + result.dueInMs, token);
        throw new DelayedError();
      }
      log.debug({ jobId: job.id, result }, 'deadline notice job done');
      return result.kind;
    },
    {
      connection: { url: opts.redisUrl, maxRetriesPerRequest: null },
      prefix: bullmqPrefix(opts.redisPrefix),
      concurrency: opts.concurrency ?? 4,
      autorun: false,
      ...(opts.lockDurationMs ? { lockDuration: opts.lockDurationMs } : {}),
      ...(opts.stalledIntervalMs ? { stalledInterval: opts.stalledIntervalMs } : {}),
    },
  );
  worker.on('error', (err: Error) => log.warn({ err: err.message }, 'work-order notice worker: Redis error'));
  worker.on('failed', (job, err) => log.warn({ jobId: job?.id, err: err.message }, 'deadline notice job failed (the sweeper sends the notice)'));
  return {
    worker,
    start() {
      void worker.run().catch((err: unknown) => log.error({ err }, 'work-order notice worker stopped'));
    },
    close: (force = false) => worker.close(force),
  };
}
