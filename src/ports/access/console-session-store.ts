// Console sessions and login failure counts (per username and per client address), where every app instance sees them (Redis), so any
// instance serves any browser. Sessions are stored under a hash of their id: whoever reads the
// store cannot use what is there as a cookie.
import type { LoginFailures } from '../../domain/access/login-lockout.js';

export interface StoredSession {
  userId: string;
  csrfToken: string;
  createdAt: Date;
  lastSeenAt: Date;
}

export interface ConsoleSessionStore {
  /** Stores the session for `ttlMs`; it vanishes by itself after that unless touched. */
  create(key: string, session: StoredSession, ttlMs: number): Promise<void>;
  get(key: string): Promise<StoredSession | null>;
  /** The session was used at `at`: it lives `ttlMs` from now on. */
  touch(key: string, at: Date, ttlMs: number): Promise<void>;
  remove(key: string): Promise<void>;
  /** Ends every session of the user (disabled, password reset); returns how many there were. */
  removeAllOf(userId: string): Promise<number>;

  failures(username: string): Promise<LoginFailures>;
  /** Counts one more failure, remembered `forgetAfterMs` from now (each failure renews it); returns the count. */
  countFailure(username: string, forgetAfterMs: number): Promise<number>;
  clearFailures(username: string): Promise<void>;

  /** Failed logins from one client address (its bucket, src/domain/access/login-rate-limit.ts) in the current window. */
  addressFailures(bucket: string): Promise<LoginFailures>;
  /** Counts one more failure from the address; the window starts at its first failure and lasts `windowMs`. Returns the count. */
  countAddressFailure(bucket: string, windowMs: number): Promise<number>;
}
