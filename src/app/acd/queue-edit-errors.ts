// Errors of the queue edits, each with a stable code the HTTP layer maps to a status.
import { NamedError } from '../../domain/shared/named-error.js';

/** The change would leave an invalid set (an overflow target missing, an overflow cycle…). */
export class QueueSetInvalidError extends NamedError {
  readonly code = 'bad-request';
  constructor(readonly problems: string[]) {
    super(`Invalid queue set: ${problems.join('; ')}`);
  }
}

export class QueueNotFoundError extends NamedError {
  readonly code = 'not-found';
  constructor(readonly queueId: string) {
    super(`No queue with id ${queueId}`);
  }
}

/** Another queue overflows to this one, so it cannot be deleted. */
export class QueueInUseError extends NamedError {
  readonly code = 'queue-in-use';
  constructor(readonly queueId: string, readonly users: string[]) {
    super(`Queue ${queueId} is in use: ${users.join('; ')}`);
  }
}
