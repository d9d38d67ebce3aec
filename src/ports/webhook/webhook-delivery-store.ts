// The delivery log of department webhooks (table webhook_deliveries): one row per event, its id
// the idempotency key the receiver sees. Every change is one statement guarded by the status it
// expects, so a job that runs twice, or a sweeper racing a worker, changes nothing twice.
import type { DeliveryStatus } from '../../domain/webhook/webhook-delivery-rules.js';
import type { WebhookPayload } from '../../domain/webhook/webhook-body.js';

export interface WebhookDelivery {
  id: string;
  departmentId: string;
  orderNo: string | null;
  event: string;
  payload: WebhookPayload;
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
  deadAt: Date | null;
}

/** A pending delivery with where it goes: the department's webhook URL and secret (null when unset). */
export interface DeliveryTarget {
  delivery: WebhookDelivery;
  url: string | null;
  secret: string | null;
  departmentActive: boolean;
}

export interface AttemptRecord {
  id: string;
  /** retry keeps it pending; the others close it. */
  verdict: 'delivered' | 'retry' | 'dead' | 'skipped';
  /** True when the POST was sent (or tried): attempts goes up by one. */
  counted: boolean;
  statusCode: number | null;
  error: string | null;
  at: Date;
}

export interface DeliveryListFilter {
  status?: DeliveryStatus;
  departmentId?: string;
  orderNo?: string;
  limit: number;
  offset: number;
}

export interface WebhookDeliveryStore {
  insert(d: { id: string; departmentId: string; orderNo: string; event: string; payload: WebhookPayload; createdAt: Date }): Promise<void>;
  get(id: string): Promise<WebhookDelivery | null>;
  /** The delivery and its department's webhook settings, or null when there is no such delivery. */
  target(id: string): Promise<DeliveryTarget | null>;
  /** Records one attempt on a pending delivery; the status after it, or null when it was not pending. */
  recordAttempt(a: AttemptRecord): Promise<DeliveryStatus | null>;
  list(filter: DeliveryListFilter): Promise<WebhookDelivery[]>;
  /** Ids of pending deliveries created before `before`, oldest first, after the id `afterId` (keyset page). */
  pendingIds(before: Date, limit: number, after?: { createdAt: Date; id: string }): Promise<Array<{ id: string; createdAt: Date }>>;
  /** A dead or skipped delivery back to pending with a fresh round of attempts; null when it is not dead or skipped. */
  reopen(id: string): Promise<WebhookDelivery | null>;
}
