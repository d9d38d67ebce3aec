// Runs department-webhook jobs. The worker's Redis connection has maxRetriesPerRequest null
// (BullMQ requires it for blocking commands). The handler decides against the database; an
// attempt to try again makes the job fail, and BullMQ runs it again after the "webhook"
// backoff (src/domain/webhook: base × 2^(n-1), capped). A stalled job that runs twice sends at
// most one more POST with the same delivery id, which the receiver dedupes.
import { Worker, type Job, type MinimalJob } from 'bullmq';
import type { Logger } from 'pino';
import { retryDelayMs } from '../../domain/webhook/webhook-delivery-rules.js';
import type { DeliveryJobHandler } from '../../ports/webhook/webhook-jobs.js';
import { bullmqPrefix } from './survey-job-queue.js';
import { WEBHOOK_QUEUE, type WebhookJobPayload } from './webhook-job-queue.js';
import { NamedError } from '../../domain/shared/named-error.js';

export interface WebhookJobWorkerOptions {
  redisUrl: string;
  redisPrefix: string;
  logger: Logger;
  handle: DeliveryJobHandler;
  /** The backoff base when a job does not carry its own (WEBHOOK_BACKOFF_SECONDS). */
  backoffMs: number;
  concurrency?: number;
  autorun?: boolean;
}

export interface WebhookJobWorker {
  readonly worker: Worker<WebhookJobPayload>;
  start(): void;
  /** Stops taking jobs; waits for running ones unless `force`. */
  close(force?: boolean): Promise<void>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An attempt that is to be tried again: the job fails with it and BullMQ backs off. */
export class WebhookAttemptFailed extends NamedError {
}

export function createWebhookJobWorker(opts: WebhookJobWorkerOptions): WebhookJobWorker {
  const log = opts.logger.child({ component: 'webhook-worker' });
  const worker = new Worker<WebhookJobPayload>(
    WEBHOOK_QUEUE,
    async (job: Job<WebhookJobPayload>) => {
      const deliveryId = String(job.data?.deliveryId ?? '');
      if (!UUID.test(deliveryId)) {
        log.warn({ jobId: job.id }, 'webhook job without a valid delivery id: dropped');
        return 'invalid';
      }
      const result = await opts.handle(deliveryId);
      if (result.kind === 'retry') throw new WebhookAttemptFailed(`attempt ${result.attempts ?? '?'}: ${result.error ?? 'failed'}`);
      return result.kind;
    },
    {
      connection: { url: opts.redisUrl, maxRetriesPerRequest: null },
      prefix: bullmqPrefix(opts.redisPrefix),
      concurrency: opts.concurrency ?? 8,
      autorun: opts.autorun ?? false,
      settings: {
        backoffStrategy: (attemptsMade: number, _type?: string, _err?: Error, job?: MinimalJob) => {
          const backoff = job?.opts.backoff;
          const base = typeof backoff === 'object' && typeof backoff.delay === 'number' ? backoff.delay : opts.backoffMs;
          return retryDelayMs(attemptsMade, base);
        },
      },
    },
  );
  worker.on('error', (err: Error) => log.warn({ err: err.message }, 'webhook worker: Redis error'));
  worker.on('failed', (job, err) => {
    if (err instanceof WebhookAttemptFailed) return; // logged by the use case; BullMQ backs off
    log.warn({ jobId: job?.id, err: err.message }, 'webhook job failed (retried; the sweeper queues it again if it runs out)');
  });
  return {
    worker,
    start() {
      void worker.run().catch((err: unknown) => log.error({ err }, 'webhook worker stopped'));
    },
    close: (force = false) => worker.close(force),
  };
}
