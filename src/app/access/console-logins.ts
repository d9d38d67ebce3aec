// People log in to the browser consoles: username and password (scrypt), a session kept in
// Redis under the hash of its id (any app instance serves any browser), its CSRF token, idle and
// absolute expiry, lockout per username after failures in a row, a limit of failed logins per
// client address (login-rate-limit.ts), and each login, failure, lockout and logout in the audit
// log (console-login-audit.ts). A live session yields the same
// Principal as an API token of the user's role (kind 'user'), so the API access policy applies
// unchanged. The user is read again on every request: a disabled user, or an agent user whose
// agent is gone, stops at once.
import { createHash, randomBytes } from 'node:crypto';
import type { Principal } from '../../domain/access/api-roles.js';
import { sessionTtlMs, sessionVerdict, type SessionLimits } from '../../domain/access/console-session-rule.js';
import { consoleUsernameSchema, normaliseUsername } from '../../domain/access/console-username.js';
import { lockoutVerdict, locksNow, type LockoutRule } from '../../domain/access/login-lockout.js';
import { addressBucket, addressRateVerdict, clientAddress, type AddressRateRule } from '../../domain/access/login-rate-limit.js';
import type { ConsoleSessionStore } from '../../ports/access/console-session-store.js';
import type { ConsoleUser, ConsoleUserStore } from '../../ports/access/console-user-store.js';
import type { AuditLog } from '../../ports/audit/audit-log.js';
import type { DepartmentDirectory } from '../../ports/department/department-directory.js';
import type { Logger } from '../../ports/logger.js';
import { LoginDisabledError, LoginLockedError, LoginRateLimitedError, LoginRefusedError } from './console-access-errors.js';
import { consoleLoginAudit } from './console-login-audit.js';
import type { PasswordHashing } from './password-hashing.js';

export interface ConsoleLoginsDeps {
  users: ConsoleUserStore;
  sessions: ConsoleSessionStore;
  passwords: PasswordHashing;
  departments?: Pick<DepartmentDirectory, 'department'>;
  limits: SessionLimits;
  lockout: LockoutRule;
  /** Failed logins per client address; absent: no limit per address. */
  addressRate?: AddressRateRule;
  /** Where logins, failures, lockouts and logouts are entered (kind console_login). */
  audit?: AuditLog;
  now: () => Date;
  logger?: Logger;
}

export interface ConsoleSession {
  /** The cookie's value: shown to the browser only, stored as its hash. */
  sessionId: string;
  csrfToken: string;
  user: ConsoleUser;
  principal: Principal;
}

export interface ConsoleLogins {
  /**
   * `address`: the client's, for the limit per address and the audit log. Throws LoginRefusedError,
   * LoginLockedError, LoginRateLimitedError, LoginDisabledError or LoginBusyError.
   */
  login(username: string, password: string, address?: string): Promise<ConsoleSession>;
  /** The live session of this cookie value (renewed), or null when it is unknown, expired or its user can no longer log in. */
  authenticate(sessionId: string): Promise<ConsoleSession | null>;
  /** With `by` (the person logging out, from `address`), the logout is audited; without, the session just ends (replaced by a new login). */
  logout(sessionId: string, by?: { user: ConsoleUser; address?: string }): Promise<void>;
  /** Ends every session of the user (disabled, new password). */
  endSessionsOf(userId: string): Promise<number>;
  /** Forgets the username's failed logins (an admin set a new password). */
  unlock(username: string): Promise<void>;
}

/** Session ids are 256 random bits; the store sees only their SHA-256. */
export const sessionKeyOf = (sessionId: string): string => createHash('sha256').update(sessionId, 'utf8').digest('hex');
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

export function principalOfUser(user: ConsoleUser): Principal {
  return { tokenId: `user:${user.id}`, name: user.username, role: user.role, agentId: user.agentId, departmentId: user.departmentId, kind: 'user' };
}

export function createConsoleLogins(deps: ConsoleLoginsDeps): ConsoleLogins {
  const { users, sessions, passwords, limits, lockout, now } = deps;
  const log = deps.logger?.child({ component: 'console-logins' });
  const audited = consoleLoginAudit(deps.audit, now);

  /** Counts a failed login against the client's address; true when this failure closed the address. */
  async function countAgainstAddress(bucket: string | null): Promise<boolean> {
    if (!bucket || !deps.addressRate) return false;
    const count = await sessions.countAddressFailure(bucket, deps.addressRate.windowMs);
    if (count !== deps.addressRate.maxFailures) return false;
    log?.warn({ address: bucket, failures: count }, 'console logins from this address refused for a while after failed logins');
    return true;
  }

  /** Whether the user may work now: not disabled, an agent user still has its agent, a department user an active department. */
  async function canWork(user: ConsoleUser): Promise<boolean> {
    if (user.disabledAt) return false;
    if (user.role === 'agent' && !user.agentId) return false;
    if (user.role === 'department') return Boolean(user.departmentId && (await deps.departments?.department(user.departmentId))?.active);
    return true;
  }

  return {
    async login(typedUsername, password, rawAddress) {
      const username = normaliseUsername(typedUsername);
      const address = rawAddress === undefined ? undefined : clientAddress(rawAddress);
      const bucket = address === undefined ? null : addressBucket(address);
      if (bucket && deps.addressRate) {
        const limit = addressRateVerdict(await sessions.addressFailures(bucket), deps.addressRate);
        if (limit.limited) throw new LoginRateLimitedError(limit.retryAfterSeconds);
      }
      const before = lockoutVerdict(await sessions.failures(username), lockout);
      if (before.locked) {
        const addressLimited = await countAgainstAddress(bucket);
        await audited({ event: 'refused_locked', username, address, addressLimited });
        throw new LoginLockedError(before.retryAfterSeconds);
      }

      const found = consoleUsernameSchema.safeParse(username).success ? await users.findByUsername(username) : null;
      const right = found ? await passwords.verify(password, found.passwordHash) : (await passwords.verifyNothing(password), false);
      if (!right || !found) {
        const count = await sessions.countFailure(username, lockout.lockMs);
        const addressLimited = await countAgainstAddress(bucket);
        const locks = locksNow(count, lockout);
        await audited({ event: locks ? 'locked' : 'failed', username, address, addressLimited });
        if (locks) {
          log?.warn({ username, failures: count }, 'console username locked after failed logins');
          throw new LoginLockedError(lockout.lockMs / 1000);
        }
        throw new LoginRefusedError();
      }
      await sessions.clearFailures(username);
      if (!(await canWork(found.user))) {
        await audited({ event: 'refused_disabled', username: found.user.username, address, role: found.user.role });
        throw new LoginDisabledError();
      }
      // entered before the session exists: a login the audit log does not have never starts
      await audited({ event: 'logged_in', username: found.user.username, address, role: found.user.role });

      const at = now();
      const sessionId = randomBytes(32).toString('base64url');
      const csrfToken = randomBytes(32).toString('base64url');
      await sessions.create(sessionKeyOf(sessionId), { userId: found.user.id, csrfToken, createdAt: at, lastSeenAt: at }, sessionTtlMs(at, at, limits));
      log?.info({ username, role: found.user.role }, 'console login');
      return { sessionId, csrfToken, user: found.user, principal: principalOfUser(found.user) };
    },

    async authenticate(sessionId) {
      if (!SESSION_ID.test(sessionId)) return null;
      const key = sessionKeyOf(sessionId);
      const stored = await sessions.get(key);
      if (!stored) return null;
      const at = now();
      if (sessionVerdict(stored, at, limits) !== 'live') {
        await sessions.remove(key);
        return null;
      }
      const user = await users.get(stored.userId);
      if (!user || !(await canWork(user))) {
        await sessions.remove(key);
        return null;
      }
      await sessions.touch(key, at, sessionTtlMs(stored.createdAt, at, limits));
      return { sessionId, csrfToken: stored.csrfToken, user, principal: principalOfUser(user) };
    },

    async logout(sessionId, by) {
      if (!SESSION_ID.test(sessionId)) return;
      await sessions.remove(sessionKeyOf(sessionId));
      if (by) await audited({ event: 'logged_out', username: by.user.username, address: by.address && clientAddress(by.address), role: by.user.role });
    },

    endSessionsOf: (userId) => sessions.removeAllOf(userId),
    unlock: (username) => sessions.clearFailures(username),
  };
}
