// Signing and verifying department webhooks: the signature is HMAC-SHA256 over
// "<timestamp>.<raw body>", and a receiver accepts it only with the right secret, the exact
// bytes, and a timestamp inside its tolerance window.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TOLERANCE_SECONDS, verifyWebhook, webhookSignature } from '../../../../src/domain/webhook/webhook-signature.js';

const SECRET = 'whsec_3f9a1c0e5b7d2a4c6e8f0a1b2c3d4e5f';
const BODY = '{"id":"6f1c2b9e-0c55-4b8e-9d7e-1a2b3c4d5e6f","event":"dispatched","orderNo":"2026-000123","occurredAt":"2026-12-05T08:00:00.000Z","data":{"title":"路灯不亮"}}';
const TS = 1_796_457_600;

describe('webhookSignature', () => {
  it('is sha256= and the hex HMAC-SHA256 of "timestamp.body" under the secret', () => {
    const expected = createHmac('sha256', SECRET).update(`${TS}.${BODY}`).digest('hex');
    expect(webhookSignature(SECRET, TS, BODY)).toBe(`sha256=${expected}`);
    expect(webhookSignature(SECRET, TS, BODY)).toMatch(/^sha256=[0-9a-f]{64}$/);
  });

  it('is the same for the body as a string or as its UTF-8 bytes (Chinese text included)', () => {
    expect(webhookSignature(SECRET, TS, Buffer.from(BODY, 'utf8'))).toBe(webhookSignature(SECRET, TS, BODY));
  });

  it('changes with the secret, the timestamp and any byte of the body', () => {
    const base = webhookSignature(SECRET, TS, BODY);
    expect(webhookSignature(`${SECRET}x`, TS, BODY)).not.toBe(base);
    expect(webhookSignature(SECRET, TS + 1, BODY)).not.toBe(base);
    expect(webhookSignature(SECRET, TS, BODY.replace('路灯', '路燈'))).not.toBe(base);
  });
});

describe('verifyWebhook', () => {
  const signed = { secret: SECRET, body: BODY, timestamp: String(TS), signature: webhookSignature(SECRET, TS, BODY), nowSeconds: TS + 2 };

  it('accepts a correctly signed request, as a string or as raw bytes', () => {
    expect(verifyWebhook(signed)).toEqual({ ok: true, timestampSeconds: TS });
    expect(verifyWebhook({ ...signed, body: Buffer.from(BODY, 'utf8') })).toEqual({ ok: true, timestampSeconds: TS });
  });

  it.each([
    ['another secret', { secret: 'whsec_other' }, 'bad-signature'],
    ['a changed body', { body: BODY.replace('2026-000123', '2026-000124') }, 'bad-signature'],
    ['re-serialised JSON (spaces)', { body: JSON.stringify(JSON.parse(BODY), null, 1) }, 'bad-signature'],
    ['a signature for another timestamp', { signature: webhookSignature(SECRET, TS - 1, BODY) }, 'bad-signature'],
    ['a truncated signature', { signature: webhookSignature(SECRET, TS, BODY).slice(0, 40) }, 'bad-signature'],
    ['a bare hex signature', { signature: webhookSignature(SECRET, TS, BODY).slice(7) }, 'bad-signature'],
    ['no signature', { signature: undefined }, 'missing-header'],
    ['no timestamp', { timestamp: '' }, 'missing-header'],
    ['a timestamp that is no number', { timestamp: '2026-12-05T08:00:00Z' }, 'bad-timestamp'],
    ['a negative timestamp', { timestamp: '-1' }, 'bad-timestamp'],
  ])('refuses %s', (_name, change, reason) => {
    expect(verifyWebhook({ ...signed, ...change })).toMatchObject({ ok: false, reason });
  });

  it('takes a timestamp inside the tolerance window either way, and refuses one just outside', () => {
    const at = (nowSeconds: number, toleranceSeconds?: number) => verifyWebhook({ ...signed, nowSeconds, ...(toleranceSeconds ? { toleranceSeconds } : {}) }).ok;
    expect(at(TS + DEFAULT_TOLERANCE_SECONDS)).toBe(true);
    expect(at(TS - DEFAULT_TOLERANCE_SECONDS)).toBe(true);
    expect(at(TS + DEFAULT_TOLERANCE_SECONDS + 1)).toBe(false);
    expect(at(TS - DEFAULT_TOLERANCE_SECONDS - 1)).toBe(false);
    expect(at(TS + 60, 30)).toBe(false);
    expect(verifyWebhook({ ...signed, nowSeconds: TS + 3600 })).toMatchObject({ ok: false, reason: 'stale-timestamp' });
  });
});
