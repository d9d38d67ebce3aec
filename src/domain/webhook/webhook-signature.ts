// How a department webhook is signed, and how a receiver checks it. This file needs nothing but
// node:crypto, so a department may copy it whole into its receiver.
//
// The hotline sends, with every POST:
//   X-Hotline-Timestamp: <unix seconds>
//   X-Hotline-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + raw body)>
//   X-Hotline-Delivery:  <uuid> (the idempotency key: the same event is always the same id)
//   X-Hotline-Event:     dispatched | reminder | supervision | reopened
// A receiver verifies the signature over the raw bytes of the body (before any JSON parsing),
// refuses a timestamp outside its tolerance window (a replayed old request), and ignores a
// delivery id it has already processed.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const TIMESTAMP_HEADER = 'X-Hotline-Timestamp';
export const SIGNATURE_HEADER = 'X-Hotline-Signature';
export const DELIVERY_HEADER = 'X-Hotline-Delivery';
export const EVENT_HEADER = 'X-Hotline-Event';

/** Five minutes either way, the window most webhook senders use. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** "sha256=<hex>" of HMAC-SHA256(secret, `${timestamp}.${body}`). */
export function webhookSignature(secret: string, timestamp: number | string, body: string | Uint8Array): string {
  const mac = createHmac('sha256', secret);
  mac.update(`${timestamp}.`, 'utf8');
  mac.update(body);
  return `sha256=${mac.digest('hex')}`;
}

export type WebhookVerdict =
  | { ok: true; timestampSeconds: number }
  | { ok: false; reason: 'missing-header' | 'bad-timestamp' | 'stale-timestamp' | 'bad-signature'; message: string };

export interface WebhookToVerify {
  secret: string;
  /** The raw body as received (string or bytes), not re-serialised JSON. */
  body: string | Uint8Array;
  /** The X-Hotline-Timestamp header. */
  timestamp: string | null | undefined;
  /** The X-Hotline-Signature header. */
  signature: string | null | undefined;
  /** The receiver's clock, in unix seconds. */
  nowSeconds: number;
  toleranceSeconds?: number;
}

/** Checks a received webhook: the timestamp within the window, then the signature (constant time). */
export function verifyWebhook(w: WebhookToVerify): WebhookVerdict {
  if (!w.timestamp || !w.signature) return { ok: false, reason: 'missing-header', message: 'the timestamp or signature header is missing' };
  if (!/^\d{1,12}$/.test(w.timestamp)) return { ok: false, reason: 'bad-timestamp', message: 'the timestamp is not unix seconds' };
  const timestampSeconds = Number(w.timestamp);
  const tolerance = w.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (Math.abs(w.nowSeconds - timestampSeconds) > tolerance) {
    return { ok: false, reason: 'stale-timestamp', message: `the timestamp is more than ${tolerance} s from now` };
  }
  const expected = Buffer.from(webhookSignature(w.secret, w.timestamp, w.body), 'utf8');
  const given = Buffer.from(w.signature.trim(), 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'bad-signature', message: 'the signature does not match the body and timestamp' };
  }
  return { ok: true, timestampSeconds };
}
