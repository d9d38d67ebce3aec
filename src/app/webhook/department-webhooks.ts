// Department webhooks as use cases: notify (store the delivery, then queue its job), deliver
// (the job's attempt, see deliver-webhook.ts), the sweeper that queues pending deliveries whose
// job was lost (a Redis restart) under the same id, and the admin's delivery log with a retry
// from the dead-letter list.
import { personalDataIn, type WebhookPayload } from '../../domain/webhook/webhook-body.js';
import type { Logger } from '../../ports/logger.js';
import type { DepartmentNotice, DepartmentNotifier } from '../../ports/webhook/department-notifier.js';
import type { DeliveryListFilter, WebhookDelivery, WebhookDeliveryStore } from '../../ports/webhook/webhook-delivery-store.js';
import type { DeliveryRunResult, WebhookJobs } from '../../ports/webhook/webhook-jobs.js';
import type { WebhookSender } from '../../ports/webhook/webhook-sender.js';
import { createDeliverWebhook } from './deliver-webhook.js';
import { WebhookNoticeError } from './webhook-notice-error.js';
import { WebhookRetryError } from './webhook-retry-error.js';

export interface DepartmentWebhooksDeps {
  store: WebhookDeliveryStore;
  jobs: WebhookJobs;
  sender: WebhookSender;
  maxAttempts: number;
  /** A pending delivery this old is queued again by the sweeper when its job is gone. */
  sweepAfterMs: number;
  newId: () => string;
  now: () => Date;
  logger: Logger;
}

export interface DepartmentWebhooks extends DepartmentNotifier {
  /** The job handler: one attempt of the delivery. */
  deliver(deliveryId: string): Promise<DeliveryRunResult>;
  /** Queues pending deliveries whose job was lost; how many were queued. */
  sweep(): Promise<{ queued: number }>;
  get(id: string): Promise<WebhookDelivery | null>;
  list(filter: DeliveryListFilter): Promise<WebhookDelivery[]>;
  /** A dead (or skipped) delivery back to pending and queued again, with the same id. */
  retry(id: string): Promise<WebhookDelivery>;
}

const SWEEP_PAGE = 200;
const SWEEP_MAX = 5_000;

export function createDepartmentWebhooks(deps: DepartmentWebhooksDeps): DepartmentWebhooks {
  const { store, jobs, now } = deps;
  const log = deps.logger.child({ component: 'department-webhooks' });
  const deliver = createDeliverWebhook({ store, sender: deps.sender, maxAttempts: deps.maxAttempts, now, logger: deps.logger });

  /** Queues the job; a Redis failure is logged, the sweeper queues it later from the database. */
  async function enqueue(deliveryId: string): Promise<boolean> {
    try {
      return await jobs.enqueue(deliveryId);
    } catch (err) {
      log.warn({ deliveryId, err: (err as Error).message }, 'could not queue the webhook; the sweeper will');
      return false;
    }
  }

  return {
    async notify(notice: DepartmentNotice) {
      const data = notice.data ?? {};
      const personal = personalDataIn(data);
      if (personal) throw new WebhookNoticeError(personal);
      const id = deps.newId();
      const at = now();
      const payload: WebhookPayload = { id, event: notice.event, orderNo: notice.orderNo, occurredAt: at.toISOString(), data };
      await store.insert({ id, departmentId: notice.departmentId, orderNo: notice.orderNo, event: notice.event, payload, createdAt: at });
      log.debug({ deliveryId: id, departmentId: notice.departmentId, event: notice.event, orderNo: notice.orderNo }, 'webhook stored');
      await enqueue(id);
    },

    deliver,

    async sweep() {
      const before = new Date(now().getTime() - deps.sweepAfterMs);
      let queued = 0;
      let seen = 0;
      let after: { createdAt: Date; id: string } | undefined;
      while (seen < SWEEP_MAX) {
        const page = await store.pendingIds(before, SWEEP_PAGE, after);
        for (const p of page) {
          // a Redis failure stops this sweep (the next one tries again)
          if (await jobs.enqueue(p.id)) queued += 1;
        }
        seen += page.length;
        if (page.length < SWEEP_PAGE) break;
        after = page.at(-1);
      }
      if (queued > 0) log.info({ queued }, 'webhook sweep: pending deliveries queued again');
      return { queued };
    },

    get: (id) => store.get(id),
    list: (filter) => store.list(filter),

    async retry(id) {
      const reopened = await store.reopen(id);
      if (!reopened) {
        const existing = await store.get(id);
        if (!existing) throw new WebhookRetryError('not-found', `No webhook delivery with id ${id}`);
        throw new WebhookRetryError('not-retryable', `Webhook delivery ${id} is ${existing.status}; only a dead or skipped delivery can be retried`, existing.status);
      }
      log.info({ deliveryId: id, departmentId: reopened.departmentId }, 'webhook retried from the dead-letter list');
      await enqueue(id);
      return reopened;
    },
  };
}
