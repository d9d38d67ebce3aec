// The rules of a webhook delivery: when to try again (exponential backoff), and what one
// attempt's answer means — delivered (2xx), dead at once (a 4xx other than 408/429: the
// receiver refuses it, sending it again will not help; or a URL we never send to), or another
// try until the last attempt.

export type DeliveryStatus = 'pending' | 'delivered' | 'dead' | 'skipped';
export const DELIVERY_STATUSES: readonly DeliveryStatus[] = ['pending', 'delivered', 'dead', 'skipped'];

/** The longest wait between two attempts, whatever the base and the attempt. */
export const MAX_RETRY_DELAY_MS = 3_600_000;

/**
 * The wait before the next attempt once `attemptsMade` attempts failed (1 → base, 2 → 2×base,
 * 3 → 4×base…), capped at MAX_RETRY_DELAY_MS.
 */
export function retryDelayMs(attemptsMade: number, baseMs: number): number {
  const n = Math.max(1, Math.floor(attemptsMade));
  return Math.min(MAX_RETRY_DELAY_MS, baseMs * 2 ** Math.min(n - 1, 40));
}

/** The waits between the attempts of one delivery: maxAttempts - 1 of them. */
export function retrySchedule(maxAttempts: number, baseMs: number): number[] {
  return Array.from({ length: Math.max(0, maxAttempts - 1) }, (_, i) => retryDelayMs(i + 1, baseMs));
}

/** What one POST came to, as the HTTP adapter reports it. */
export type AttemptResult =
  | { kind: 'response'; status: number; excerpt?: string }
  /** No answer: connection refused or reset, DNS, the timeout. */
  | { kind: 'failed'; error: string }
  /** Not sent at all: a URL the hotline never posts to (not http or https). */
  | { kind: 'refused'; error: string };

export type AttemptVerdict = 'delivered' | 'retry' | 'dead';

export interface JudgedAttempt {
  verdict: AttemptVerdict;
  statusCode: number | null;
  error: string | null;
}

const RETRIED_4XX = new Set([408, 429]);

/** The verdict on attempt number `attempt` (1-based) of at most `maxAttempts`. */
export function judgeAttempt(result: AttemptResult, attempt: number, maxAttempts: number): JudgedAttempt {
  const last = attempt >= maxAttempts;
  if (result.kind === 'refused') return { verdict: 'dead', statusCode: null, error: result.error };
  if (result.kind === 'failed') return { verdict: last ? 'dead' : 'retry', statusCode: null, error: result.error };
  const { status } = result;
  if (status >= 200 && status < 300) return { verdict: 'delivered', statusCode: status, error: null };
  const error = `HTTP ${status}${result.excerpt ? `: ${result.excerpt}` : ''}`;
  const permanent = status >= 400 && status < 500 && !RETRIED_4XX.has(status);
  return { verdict: permanent || last ? 'dead' : 'retry', statusCode: status, error };
}
