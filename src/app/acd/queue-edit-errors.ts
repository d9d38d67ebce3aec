// Errors of the queue edits, each with a stable code the HTTP layer maps to a status.

/** The change would leave an invalid set (an overflow target missing, an overflow cycle…). */
export class QueueSetInvalidError extends Error {
  readonly code = 'bad-request';
  constructor(readonly problems: string[]) {
    super(`Invalid queue set: ${problems.join('; ')}`);
    this.name = 'QueueSetInvalidError';
  }
}

export class QueueNotFoundError extends Error {
  readonly code = 'not-found';
  constructor(readonly queueId: string) {
    super(`No queue with id ${queueId}`);
    this.name = 'QueueNotFoundError';
  }
}

/** Another queue overflows to this one, so it cannot be deleted. */
export class QueueInUseError extends Error {
  readonly code = 'queue-in-use';
  constructor(readonly queueId: string, readonly users: string[]) {
    super(`Queue ${queueId} is in use: ${users.join('; ')}`);
    this.name = 'QueueInUseError';
  }
}
