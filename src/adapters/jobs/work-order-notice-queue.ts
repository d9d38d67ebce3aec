// Deadline-notice jobs on BullMQ. A job is the notice's key only (order id, deadline, kind,
// round: no phone number, no text in Redis) under the job id of that key, so queueing a notice
// twice keeps one job. A notice whose time moved (an extension before anything was sent) has
// its delayed job moved. The producer fails fast while Redis is down: the notice is in the
// database and the sweeper sends it. Completed jobs are removed.
import { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { NoticeJobs } from '../../ports/work-order/notice-jobs.js';
import type { NoticeKey } from '../../ports/work-order/work-order-notice-store.js';
import { bullmqPrefix } from './survey-job-queue.js';

export const WORK_ORDER_NOTICE_QUEUE = 'work-order-notices';

export type WorkOrderNoticePayload = NoticeKey;

/** The job id of a notice (BullMQ ids may not contain ':'). */
export const noticeJobId = (k: NoticeKey): string => `notice-${k.orderId}-${k.deadline}-${k.kind}-${k.round}`;

export interface WorkOrderNoticeQueue extends NoticeJobs {
  /** Resolves when the queue's Redis connection is up (tests; the app does not wait). */
  ready(): Promise<void>;
  close(): Promise<void>;
  /** The BullMQ queue, for tests. */
  readonly queue: Queue<WorkOrderNoticePayload>;
}

export function createWorkOrderNoticeQueue(opts: { redisUrl: string; redisPrefix: string; logger: Logger }): WorkOrderNoticeQueue {
  const log = opts.logger.child({ component: 'work-order-notice-jobs' });
  const queue = new Queue<WorkOrderNoticePayload>(WORK_ORDER_NOTICE_QUEUE, {
    connection: { url: opts.redisUrl, enableOfflineQueue: false, maxRetriesPerRequest: 1 },
    prefix: bullmqPrefix(opts.redisPrefix),
    defaultJobOptions: { attempts: 1, removeOnComplete: true, removeOnFail: { age: 7 * 24 * 3600, count: 1000 } },
  });
  queue.on('error', (err: Error) => log.warn({ err: err.message }, 'work-order notice queue: Redis error'));

  return {
    queue,
    async schedule(key, delayMs) {
      const jobId = noticeJobId(key);
      const delay = Math.max(0, Math.round(delayMs));
      const existing = await queue.getJob(jobId);
      if (existing) {
        const state = await existing.getState();
        if (state === 'delayed') {
          await existing.changeDelay(delay);
          return;
        }
        // waiting or active: that job runs the notice (one not due goes back to delayed)
        if (state !== 'completed' && state !== 'failed' && state !== 'unknown') return;
        await existing.remove();
      }
      const data: WorkOrderNoticePayload = { orderId: key.orderId, deadline: key.deadline, kind: key.kind, round: key.round };
      await queue.add('notice', data, { jobId, delay });
      log.debug({ jobId, delay }, 'deadline notice queued');
    },
    ready: () => queue.waitUntilReady().then(() => undefined),
    close: () => queue.close(),
  };
}
