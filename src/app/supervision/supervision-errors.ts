// Why a supervision request is refused; the HTTP routes map each to its status by `code`.

/** No such call, or no such session on it (HTTP 404). */
export class SupervisionNotFoundError extends Error {
  readonly code = 'supervision-not-found';
  constructor(message: string) {
    super(message);
    this.name = 'SupervisionNotFoundError';
  }
}

/** The call is not talking to an agent, the session has ended, or the phone is in another session (HTTP 409). */
export class SupervisionConflictError extends Error {
  readonly code = 'supervision-conflict';
  constructor(message: string) {
    super(message);
    this.name = 'SupervisionConflictError';
  }
}

/** The request names something that cannot be (the agent's own phone as the supervisor's) (HTTP 400). */
export class SupervisionInputError extends Error {
  readonly code = 'supervision-bad-input';
  constructor(message: string) {
    super(message);
    this.name = 'SupervisionInputError';
  }
}

/** Asterisk could not ring the supervisor's phone (HTTP 502). */
export class SupervisionFailedError extends Error {
  readonly code = 'supervision-failed';
  constructor(message: string) {
    super(message);
    this.name = 'SupervisionFailedError';
  }
}
