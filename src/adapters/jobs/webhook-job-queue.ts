// Department-webhook jobs on BullMQ. A job is `{ deliveryId }` only (no phone number ever sits
// in Redis), with the id webhook-<deliveryId>, so a delivery is queued once while its job
// exists. BullMQ retries a failed attempt up to WEBHOOK_MAX_ATTEMPTS times with the backoff of
// src/domain/webhook (the worker's "webhook" strategy). The producer fails fast while Redis is
// down: the delivery is already in the database and the sweeper queues it later.
import { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { WebhookJobs } from '../../ports/webhook/webhook-jobs.js';
import { bullmqPrefix } from './survey-job-queue.js';

export const WEBHOOK_QUEUE = 'department-webhooks';
/** The name of the custom backoff strategy the webhook worker registers. */
export const WEBHOOK_BACKOFF = 'webhook';

export interface WebhookJobPayload {
  deliveryId: string;
}

export const webhookJobId = (deliveryId: string): string => `webhook-${deliveryId}`;

export interface WebhookJobQueue extends WebhookJobs {
  /** Resolves when the queue's Redis connection is up (tests; the app does not wait). */
  ready(): Promise<void>;
  close(): Promise<void>;
  /** The BullMQ queue, for tests. */
  readonly queue: Queue<WebhookJobPayload>;
}

export function createWebhookJobQueue(opts: {
  redisUrl: string;
  redisPrefix: string;
  logger: Logger;
  maxAttempts: number;
  backoffMs: number;
}): WebhookJobQueue {
  const log = opts.logger.child({ component: 'webhook-jobs' });
  const queue = new Queue<WebhookJobPayload>(WEBHOOK_QUEUE, {
    connection: { url: opts.redisUrl, enableOfflineQueue: false, maxRetriesPerRequest: 1 },
    prefix: bullmqPrefix(opts.redisPrefix),
    defaultJobOptions: {
      attempts: opts.maxAttempts,
      backoff: { type: WEBHOOK_BACKOFF, delay: opts.backoffMs },
      removeOnComplete: true,
      removeOnFail: { age: 7 * 24 * 3600, count: 1000 },
    },
  });
  queue.on('error', (err: Error) => log.warn({ err: err.message }, 'webhook job queue: Redis error'));

  return {
    queue,
    async enqueue(deliveryId) {
      const jobId = webhookJobId(deliveryId);
      const existing = await queue.getJob(jobId);
      if (existing) {
        const state = await existing.getState();
        // waiting, delayed (a backoff) or active: that job carries the delivery
        if (state !== 'completed' && state !== 'failed' && state !== 'unknown') return false;
        await existing.remove();
      }
      await queue.add('deliver', { deliveryId }, { jobId });
      log.debug({ deliveryId }, 'webhook queued');
      return true;
    },
    ready: () => queue.waitUntilReady().then(() => undefined),
    close: () => queue.close(),
  };
}
