// Lockout after repeated failed logins, per username: after `maxFailures` wrong passwords in a
// row, each less than `lockMs` after the one before, the username is locked for `lockMs` after
// the last failure; logins are then refused without looking at the password (账号已锁定). A
// correct password before the limit clears the count. Counts are kept where every app instance
// sees them (Redis); this is the rule, pure.

export interface LockoutRule {
  /** Failures in a row that lock the username (CONSOLE_LOCKOUT_FAILURES). */
  maxFailures: number;
  /** How long a lock lasts after the last failure, and how long a failure is remembered (CONSOLE_LOCKOUT_MINUTES). */
  lockMs: number;
}

/** The username's failures as stored: how many, and how long until they are forgotten. */
export interface LoginFailures {
  count: number;
  /** Milliseconds until the count is forgotten (0 when there is none). */
  remainingMs: number;
}

export type LockoutVerdict = { locked: false; failuresLeft: number } | { locked: true; retryAfterSeconds: number };

export function lockoutVerdict(failures: LoginFailures, rule: LockoutRule): LockoutVerdict {
  if (failures.count >= rule.maxFailures && failures.remainingMs > 0) {
    return { locked: true, retryAfterSeconds: Math.max(1, Math.ceil(failures.remainingMs / 1000)) };
  }
  return { locked: false, failuresLeft: Math.max(0, rule.maxFailures - failures.count) };
}

/** Whether the failure just counted (the count now `count`) is the one that locks the username. */
export const locksNow = (count: number, rule: LockoutRule): boolean => count === rule.maxFailures;
