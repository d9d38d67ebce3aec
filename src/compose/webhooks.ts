// Department webhooks (outbound, signed, retried by BullMQ, logged in webhook_deliveries): the
// notifier the work orders call, the worker that POSTs, and the sweeper that queues again a
// pending delivery whose job was lost.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { createWebhookDeliveryStore } from '../adapters/db/webhook-delivery-store.js';
import type { Database } from '../adapters/db/database.js';
import { createWebhookJobQueue } from '../adapters/jobs/webhook-job-queue.js';
import { createWebhookJobWorker } from '../adapters/jobs/webhook-job-worker.js';
import { createFetchWebhookSender } from '../adapters/webhook/fetch-webhook-sender.js';
import { createDepartmentWebhooks } from '../app/webhook/department-webhooks.js';
import type { Config } from '../config.js';
import type { DepartmentNotifier } from '../ports/webhook/department-notifier.js';
import { every } from './periodic.js';

type WebhookConfig = Pick<Config, 'REDIS_URL' | 'REDIS_PREFIX' | 'WEBHOOK_MAX_ATTEMPTS' | 'WEBHOOK_BACKOFF_SECONDS' | 'WEBHOOK_TIMEOUT_MS' | 'WEBHOOK_SWEEP_SECONDS'>;

export function buildWebhooks(config: WebhookConfig, db: Database, logger: Logger, now: () => Date) {
  const backoffMs = Math.round(config.WEBHOOK_BACKOFF_SECONDS * 1000);
  const sweepMs = config.WEBHOOK_SWEEP_SECONDS * 1000;
  const jobs = createWebhookJobQueue({
    redisUrl: config.REDIS_URL,
    redisPrefix: config.REDIS_PREFIX,
    logger,
    maxAttempts: config.WEBHOOK_MAX_ATTEMPTS,
    backoffMs,
  });
  const webhooks = createDepartmentWebhooks({
    store: createWebhookDeliveryStore(db),
    jobs,
    sender: createFetchWebhookSender({ timeoutMs: config.WEBHOOK_TIMEOUT_MS }),
    maxAttempts: config.WEBHOOK_MAX_ATTEMPTS,
    sweepAfterMs: sweepMs,
    newId: randomUUID,
    now,
    logger,
  });
  const worker = createWebhookJobWorker({
    redisUrl: config.REDIS_URL,
    redisPrefix: config.REDIS_PREFIX,
    logger,
    handle: (id) => webhooks.deliver(id),
    backoffMs,
  });
  let sweep: { stop(): void } | null = null;
  const notifier: DepartmentNotifier = { notify: (notice) => webhooks.notify(notice) };
  return {
    name: 'department webhooks',
    /** What the work orders call: stores the delivery and queues it. */
    notifier,
    /** The delivery log and the dead-letter list, for the admin API. */
    webhooks,
    /** The BullMQ side, for tests. */
    jobs,
    worker,
    start() {
      worker.start();
      sweep = every(sweepMs, 'webhook sweep', () => webhooks.sweep(), logger);
    },
    async stop() {
      sweep?.stop();
      await worker.close();
      await jobs.close();
    },
  };
}

export type Webhooks = ReturnType<typeof buildWebhooks>;
