// The job queue that carries webhook deliveries (BullMQ in src/adapters/jobs). A job holds the
// delivery id only — never a phone number —; BullMQ retries it with the backoff of
// src/domain/webhook; a lost job is queued again by the sweeper under the same id.

export interface WebhookJobs {
  /** Queues the delivery; false when its job is already waiting, delayed or running. */
  enqueue(deliveryId: string): Promise<boolean>;
}

/** What one run of a delivery's job did; `retry` makes the job fail so BullMQ tries again later. */
export type DeliveryRunResult =
  | { kind: 'delivered' | 'dead' | 'skipped' | 'retry'; attempts?: number; error?: string | null }
  | { kind: 'not-pending' | 'missing' };

export type DeliveryJobHandler = (deliveryId: string) => Promise<DeliveryRunResult>;
