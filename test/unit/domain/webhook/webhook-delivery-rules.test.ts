// The delivery rules of department webhooks: the backoff between attempts, and what each
// answer means (delivered, tried again, or dead on the dead-letter list).
import { describe, expect, it } from 'vitest';
import { judgeAttempt, MAX_RETRY_DELAY_MS, retryDelayMs, retrySchedule, type AttemptResult } from '../../../../src/domain/webhook/webhook-delivery-rules.js';

describe('backoff', () => {
  it('doubles from the base: 5, 10, 20, 40, 80, 160, 320 s between the 8 attempts of the defaults', () => {
    expect(retrySchedule(8, 5_000)).toEqual([5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 320_000]);
  });

  it('waits base × 2^(n-1) after n failed attempts, and never more than an hour', () => {
    expect(retryDelayMs(1, 250)).toBe(250);
    expect(retryDelayMs(3, 250)).toBe(1_000);
    expect(retryDelayMs(20, 5_000)).toBe(MAX_RETRY_DELAY_MS);
    expect(retryDelayMs(10_000, 5_000)).toBe(MAX_RETRY_DELAY_MS);
    expect(retryDelayMs(0, 5_000)).toBe(5_000);
  });

  it('has no wait for a single attempt', () => {
    expect(retrySchedule(1, 5_000)).toEqual([]);
  });
});

describe('judgeAttempt', () => {
  const response = (status: number, excerpt?: string): AttemptResult => ({ kind: 'response', status, ...(excerpt ? { excerpt } : {}) });

  it.each([200, 201, 202, 204, 299])('a %i is delivered, on any attempt', (status) => {
    expect(judgeAttempt(response(status), 1, 8)).toEqual({ verdict: 'delivered', statusCode: status, error: null });
    expect(judgeAttempt(response(status), 8, 8).verdict).toBe('delivered');
  });

  it.each([500, 502, 503, 504, 408, 429, 301, 302, 100])('a %i is tried again, and is dead on the last attempt', (status) => {
    expect(judgeAttempt(response(status), 1, 8)).toEqual({ verdict: 'retry', statusCode: status, error: `HTTP ${status}` });
    expect(judgeAttempt(response(status), 7, 8).verdict).toBe('retry');
    expect(judgeAttempt(response(status), 8, 8).verdict).toBe('dead');
  });

  it.each([400, 401, 403, 404, 405, 409, 410, 413, 422, 451])('a %i (the receiver refuses it) is dead at once', (status) => {
    expect(judgeAttempt(response(status, 'gone'), 1, 8)).toEqual({ verdict: 'dead', statusCode: status, error: `HTTP ${status}: gone` });
  });

  it('no answer (refused connection, timeout) is tried again until the last attempt', () => {
    const failed: AttemptResult = { kind: 'failed', error: 'no answer within 5000 ms' };
    expect(judgeAttempt(failed, 1, 3)).toEqual({ verdict: 'retry', statusCode: null, error: 'no answer within 5000 ms' });
    expect(judgeAttempt(failed, 3, 3)).toEqual({ verdict: 'dead', statusCode: null, error: 'no answer within 5000 ms' });
  });

  it('a URL the hotline never posts to is dead at once', () => {
    expect(judgeAttempt({ kind: 'refused', error: 'refused: ftp' }, 1, 8)).toEqual({ verdict: 'dead', statusCode: null, error: 'refused: ftp' });
  });

  it('a single allowed attempt that fails is dead', () => {
    expect(judgeAttempt(response(503), 1, 1).verdict).toBe('dead');
  });
});
