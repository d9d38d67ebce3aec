// One attempt of a department webhook, run by its job: load the delivery and the department's
// webhook settings, build the body, sign it, POST it, record what came of it. The database
// decides: a delivery that is no longer pending is not sent again (a job that ran twice, a
// sweeper that queued it again); a department without a URL or secret is skipped, never sent
// unsigned.
import { webhookBody } from '../../domain/webhook/webhook-body.js';
import { judgeAttempt } from '../../domain/webhook/webhook-delivery-rules.js';
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, webhookSignature } from '../../domain/webhook/webhook-signature.js';
import type { Logger } from '../../ports/logger.js';
import type { DeliveryTarget, WebhookDeliveryStore } from '../../ports/webhook/webhook-delivery-store.js';
import type { DeliveryRunResult } from '../../ports/webhook/webhook-jobs.js';
import type { WebhookSender } from '../../ports/webhook/webhook-sender.js';

export interface DeliverWebhookDeps {
  store: WebhookDeliveryStore;
  sender: WebhookSender;
  maxAttempts: number;
  now: () => Date;
  logger: Logger;
}

export const WEBHOOK_USER_AGENT = 'hotline12345-webhooks/1';

function whySkipped(t: DeliveryTarget): string | null {
  if (!t.departmentActive) return 'the department is inactive';
  if (!t.url) return 'the department has no webhook URL';
  if (!t.secret) return 'the department has no webhook secret (nothing is sent unsigned)';
  return null;
}

export function createDeliverWebhook(deps: DeliverWebhookDeps): (deliveryId: string) => Promise<DeliveryRunResult> {
  const { store, sender, maxAttempts, now } = deps;
  const log = deps.logger.child({ component: 'webhook-delivery' });

  return async function deliver(deliveryId) {
    const target = await store.target(deliveryId);
    if (!target) return { kind: 'missing' };
    const d = target.delivery;
    if (d.status !== 'pending') return { kind: 'not-pending' };

    const skipped = whySkipped(target);
    if (skipped) {
      const status = await store.recordAttempt({ id: d.id, verdict: 'skipped', counted: false, statusCode: null, error: skipped, at: now() });
      log.info({ deliveryId: d.id, departmentId: d.departmentId, reason: skipped }, 'webhook skipped');
      return status ? { kind: 'skipped', error: skipped } : { kind: 'not-pending' };
    }

    const body = webhookBody(d.payload);
    const timestamp = Math.floor(now().getTime() / 1000);
    const result = await sender.post({
      url: target.url!,
      body,
      headers: {
        'Content-Type': 'application/json; charset=utf-8',
        'User-Agent': WEBHOOK_USER_AGENT,
        [TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: webhookSignature(target.secret!, timestamp, body),
        [DELIVERY_HEADER]: d.id,
        [EVENT_HEADER]: d.event,
      },
    });
    const attempt = d.attempts + 1;
    const judged = judgeAttempt(result, attempt, maxAttempts);
    const status = await store.recordAttempt({ id: d.id, verdict: judged.verdict, counted: true, statusCode: judged.statusCode, error: judged.error, at: now() });
    const facts = { deliveryId: d.id, departmentId: d.departmentId, event: d.event, attempt, statusCode: judged.statusCode };
    if (status === null) return { kind: 'not-pending' };
    if (status === 'delivered') {
      log.info(facts, 'webhook delivered');
      return { kind: 'delivered', attempts: attempt };
    }
    if (status === 'dead') {
      log.warn({ ...facts, err: judged.error }, 'webhook dead: on the dead-letter list');
      return { kind: 'dead', attempts: attempt, error: judged.error };
    }
    log.info({ ...facts, err: judged.error }, 'webhook attempt failed; retried with backoff');
    return { kind: 'retry', attempts: attempt, error: judged.error };
  };
}
