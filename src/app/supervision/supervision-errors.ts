// Why a supervision request is refused; the HTTP routes map each to its status by `code`.
import { NamedError } from '../../domain/shared/named-error.js';

/** No such call, or no such session on it (HTTP 404). */
export class SupervisionNotFoundError extends NamedError {
  readonly code = 'supervision-not-found';
}

/** The call is not talking to an agent, the session has ended, or the phone is in another session (HTTP 409). */
export class SupervisionConflictError extends NamedError {
  readonly code = 'supervision-conflict';
}

/** The request names something that cannot be (the agent's own phone as the supervisor's) (HTTP 400). */
export class SupervisionInputError extends NamedError {
  readonly code = 'supervision-bad-input';
}

/** Asterisk could not ring the supervisor's phone (HTTP 502). */
export class SupervisionFailedError extends NamedError {
  readonly code = 'supervision-failed';
}
