// People log in to the browser consoles: username and password (scrypt), a session kept in
// Redis under the hash of its id (any app instance serves any browser), its CSRF token, idle and
// absolute expiry, lockout per username after failures in a row. A live session yields the same
// Principal as an API token of the user's role (kind 'user'), so the API access policy applies
// unchanged. The user is read again on every request: a disabled user, or an agent user whose
// agent is gone, stops at once.
import { createHash, randomBytes } from 'node:crypto';
import type { Principal } from '../../domain/access/api-roles.js';
import { sessionTtlMs, sessionVerdict, type SessionLimits } from '../../domain/access/console-session-rule.js';
import { consoleUsernameSchema, normaliseUsername } from '../../domain/access/console-username.js';
import { lockoutVerdict, locksNow, type LockoutRule } from '../../domain/access/login-lockout.js';
import type { ConsoleSessionStore } from '../../ports/access/console-session-store.js';
import type { ConsoleUser, ConsoleUserStore } from '../../ports/access/console-user-store.js';
import type { DepartmentDirectory } from '../../ports/department/department-directory.js';
import type { Logger } from '../../ports/logger.js';
import { LoginDisabledError, LoginLockedError, LoginRefusedError } from './console-access-errors.js';
import type { PasswordHashing } from './password-hashing.js';

export interface ConsoleLoginsDeps {
  users: ConsoleUserStore;
  sessions: ConsoleSessionStore;
  passwords: PasswordHashing;
  departments?: Pick<DepartmentDirectory, 'department'>;
  limits: SessionLimits;
  lockout: LockoutRule;
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
  /** Throws LoginRefusedError, LoginLockedError, LoginDisabledError or LoginBusyError. */
  login(username: string, password: string): Promise<ConsoleSession>;
  /** The live session of this cookie value (renewed), or null when it is unknown, expired or its user can no longer log in. */
  authenticate(sessionId: string): Promise<ConsoleSession | null>;
  logout(sessionId: string): Promise<void>;
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

  /** Whether the user may work now: not disabled, an agent user still has its agent, a department user an active department. */
  async function canWork(user: ConsoleUser): Promise<boolean> {
    if (user.disabledAt) return false;
    if (user.role === 'agent' && !user.agentId) return false;
    if (user.role === 'department') return Boolean(user.departmentId && (await deps.departments?.department(user.departmentId))?.active);
    return true;
  }

  return {
    async login(typedUsername, password) {
      const username = normaliseUsername(typedUsername);
      const before = lockoutVerdict(await sessions.failures(username), lockout);
      if (before.locked) throw new LoginLockedError(before.retryAfterSeconds);

      const found = consoleUsernameSchema.safeParse(username).success ? await users.findByUsername(username) : null;
      const right = found ? await passwords.verify(password, found.passwordHash) : (await passwords.verifyNothing(password), false);
      if (!right || !found) {
        const count = await sessions.countFailure(username, lockout.lockMs);
        if (locksNow(count, lockout)) {
          log?.warn({ username, failures: count }, 'console username locked after failed logins');
          throw new LoginLockedError(lockout.lockMs / 1000);
        }
        throw new LoginRefusedError();
      }
      await sessions.clearFailures(username);
      if (!(await canWork(found.user))) throw new LoginDisabledError();

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

    async logout(sessionId) {
      if (SESSION_ID.test(sessionId)) await sessions.remove(sessionKeyOf(sessionId));
    },

    endSessionsOf: (userId) => sessions.removeAllOf(userId),
    unlock: (username) => sessions.clearFailures(username),
  };
}
