// Errors of console logins and console user edits, each with a stable code the HTTP layer maps to a status.
import { NamedError } from '../../domain/shared/named-error.js';

/** Unknown username or wrong password (which of the two is never said): 用户名或密码错误. */
export class LoginRefusedError extends NamedError {
  readonly code = 'invalid-credentials';
  constructor() {
    super('Wrong username or password');
  }
}

/** Too many failed logins in a row for this username: 账号已锁定. */
export class LoginLockedError extends NamedError {
  readonly code = 'locked';
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many failed logins: this username is locked; try again in ${Math.ceil(retryAfterSeconds / 60)} min`);
  }
}

/** Too many failed logins from this client address: 尝试过于频繁，请稍后再试. */
export class LoginRateLimitedError extends NamedError {
  readonly code = 'too-many-attempts';
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many failed logins from this address: try again in ${Math.ceil(retryAfterSeconds / 60)} min`);
  }
}

/** Right password, but the account is disabled or no longer works (its agent or department is gone): 账号已停用. */
export class LoginDisabledError extends NamedError {
  readonly code = 'account-disabled';
  constructor() {
    super('This account is disabled; ask an administrator');
  }
}

/** Too many password checks waiting: try again in a moment. */
export class LoginBusyError extends NamedError {
  readonly code = 'busy';
  constructor() {
    super('Too many logins at once; try again in a moment');
  }
}

/** The user asked for does not fit its role (agent users name an agent, department users a department). */
export class ConsoleUserInputError extends NamedError {
  readonly code = 'bad-request';
}

/** The agent or department a new user names does not exist. */
export class ConsoleUserLinkNotFoundError extends NamedError {
  readonly code = 'not-found';
}
