// Posts one signed webhook (Node's fetch in src/adapters/webhook). Never throws for a failed
// POST: the outcome is data for the delivery rules.
import type { AttemptResult } from '../../domain/webhook/webhook-delivery-rules.js';

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface WebhookSender {
  post(request: WebhookRequest): Promise<AttemptResult>;
}
