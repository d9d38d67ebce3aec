// The browser consoles' access: console users (database), their sessions and login failures
// per username and per client address (Redis, shared by every instance), logins in the audit
// log, the password hashing, the pages and bundle, and the routes of sessions and users. The
// API's access check takes the sessions from here (web).
import type { Router } from 'express';
import type { Logger } from 'pino';
import { createConsoleUserStore } from '../adapters/db/console-user-store.js';
import { sessionCookie } from '../adapters/http/console-session-cookie.js';
import type { ConsoleWeb } from '../adapters/http/console-pages.js';
import { sessionRoutes } from '../adapters/http/session-routes.js';
import { usersRoutes } from '../adapters/http/users-routes.js';
import { createRedisConsoleSessions } from '../adapters/redis/redis-console-sessions.js';
import { createConsoleLogins } from '../app/access/console-logins.js';
import { createConsoleUsers } from '../app/access/console-users.js';
import { createPasswordHashing } from '../app/access/password-hashing.js';
import type { Config } from '../config.js';
import { departmentDirectoryOn } from './departments.js';
import type { LiveState } from './live-state.js';
import type { Records } from './records.js';

export interface Consoles {
  web: ConsoleWeb;
  routers: Router[];
}

export function buildConsoles(config: Config, records: Records, live: Pick<LiveState, 'redis'>, logger: Logger, now: () => Date): Consoles {
  const departments = departmentDirectoryOn(records.db);
  const passwords = createPasswordHashing({ log2N: config.CONSOLE_PASSWORD_SCRYPT_LOG2N, r: 8, p: 1 });
  const logins = createConsoleLogins({
    users: createConsoleUserStore(records.db),
    sessions: createRedisConsoleSessions(live.redis, config.REDIS_PREFIX),
    passwords,
    departments,
    limits: { idleMs: config.CONSOLE_SESSION_IDLE_SECONDS * 1000, absoluteMs: config.CONSOLE_SESSION_MAX_HOURS * 3600 * 1000 },
    lockout: { maxFailures: config.CONSOLE_LOCKOUT_FAILURES, lockMs: config.CONSOLE_LOCKOUT_MINUTES * 60 * 1000 },
    addressRate: { maxFailures: config.CONSOLE_LOGIN_RATE_PER_ADDRESS, windowMs: config.CONSOLE_LOGIN_RATE_WINDOW_SECONDS * 1000 },
    audit: records.audit,
    now,
    logger,
  });
  const users = createConsoleUsers({
    store: createConsoleUserStore(records.db), passwords, logins, agents: records.agentDirectory, departments, audit: records.audit, now, logger,
  });
  const cookie = sessionCookie(config.CONSOLE_COOKIE_SECURE);
  return {
    web: { webDir: config.CONSOLE_WEB_DIR, cookie, logins },
    routers: [sessionRoutes(logins, cookie), usersRoutes(users)],
  };
}
