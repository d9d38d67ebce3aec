// Callback retries on BullMQ: a delayed job per failed attempt, payload { callbackId } only.
// The worker has its own connection with maxRetriesPerRequest: null (BullMQ's requirement for
// blocking commands); the producer fails fast. A job id per (callback, attempt) keeps a retry
// from being scheduled twice; a stalled job running twice is harmless because the handler's
// status change (retry_wait -> waiting) is atomic in the database.
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { CallbackRetryJobs } from '../../ports/callback/callback-retry-jobs.js';

const QUEUE_NAME = 'callback-retry';

export function createBullmqCallbackRetries(o: {
  redisUrl: string;
  /** BullMQ key prefix, e.g. "hotline:bull" (keys are <prefix>:callback-retry:…). */
  prefix: string;
  logger: Logger;
  onDue: (callbackId: string) => Promise<void>;
}): CallbackRetryJobs {
  const log = o.logger.child({ component: 'callback-retries' });
  const producer = new Redis(o.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false });
  const workerConnection = new Redis(o.redisUrl, { maxRetriesPerRequest: null });
  producer.on('error', (err: Error) => log.warn({ err: err.message }, 'redis error (retry producer)'));
  workerConnection.on('error', (err: Error) => log.warn({ err: err.message }, 'redis error (retry worker)'));
  const queue = new Queue<{ callbackId: string }>(QUEUE_NAME, { connection: producer, prefix: o.prefix });
  const worker = new Worker<{ callbackId: string }>(
    QUEUE_NAME,
    async (job) => {
      await o.onDue(job.data.callbackId);
    },
    { connection: workerConnection, prefix: o.prefix, concurrency: 4 },
  );
  worker.on('failed', (job, err) => log.warn({ err: err.message, callbackId: job?.data.callbackId }, 'callback retry job failed'));
  worker.on('error', (err) => log.warn({ err: err.message }, 'callback retry worker error'));
  return {
    async schedule(callbackId, attempt, delayMs) {
      await queue.add(
        'retry',
        { callbackId },
        {
          jobId: `${callbackId}-${attempt}`,
          delay: delayMs,
          attempts: 5,
          backoff: { type: 'exponential', delay: 2_000 },
          removeOnComplete: 1000,
          removeOnFail: 1000,
        },
      );
    },
    async close() {
      await worker.close();
      await queue.close();
      producer.disconnect();
      workerConnection.disconnect();
    },
  };
}
