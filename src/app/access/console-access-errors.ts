// Errors of console logins and console user edits, each with a stable code the HTTP layer maps to a status.

/** Unknown username or wrong password (which of the two is never said): 用户名或密码错误. */
export class LoginRefusedError extends Error {
  readonly code = 'invalid-credentials';
  constructor() {
    super('Wrong username or password');
    this.name = 'LoginRefusedError';
  }
}

/** Too many failed logins in a row for this username: 账号已锁定. */
export class LoginLockedError extends Error {
  readonly code = 'locked';
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many failed logins: this username is locked; try again in ${Math.ceil(retryAfterSeconds / 60)} min`);
    this.name = 'LoginLockedError';
  }
}

/** Too many failed logins from this client address: 尝试过于频繁，请稍后再试. */
export class LoginRateLimitedError extends Error {
  readonly code = 'too-many-attempts';
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many failed logins from this address: try again in ${Math.ceil(retryAfterSeconds / 60)} min`);
    this.name = 'LoginRateLimitedError';
  }
}

/** Right password, but the account is disabled or no longer works (its agent or department is gone): 账号已停用. */
export class LoginDisabledError extends Error {
  readonly code = 'account-disabled';
  constructor() {
    super('This account is disabled; ask an administrator');
    this.name = 'LoginDisabledError';
  }
}

/** Too many password checks waiting: try again in a moment. */
export class LoginBusyError extends Error {
  readonly code = 'busy';
  constructor() {
    super('Too many logins at once; try again in a moment');
    this.name = 'LoginBusyError';
  }
}

/** The user asked for does not fit its role (agent users name an agent, department users a department). */
export class ConsoleUserInputError extends Error {
  readonly code = 'bad-request';
  constructor(message: string) {
    super(message);
    this.name = 'ConsoleUserInputError';
  }
}

/** The agent or department a new user names does not exist. */
export class ConsoleUserLinkNotFoundError extends Error {
  readonly code = 'not-found';
  constructor(message: string) {
    super(message);
    this.name = 'ConsoleUserLinkNotFoundError';
  }
}
