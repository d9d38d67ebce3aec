// Where skill-queue events go in Asterisk's queue_log format (a file in src/adapters/log, or
// nowhere). Writes keep their order; a failed write rejects and never stops the calls.
import type { QueueLogEvent } from '../../domain/acd/queue-log-line.js';
import { NamedError } from '../../domain/shared/named-error.js';

export interface QueueLog {
  /** Resolves once the line is written; lines appear in the order write was called. */
  write(event: QueueLogEvent): Promise<void>;
  /** Waits for the writes already asked for, then releases the file. Later writes reject. */
  close(): Promise<void>;
}

/** A write after close. */
export class QueueLogClosedError extends NamedError {
  readonly code = 'queue-log-closed';
  constructor(readonly path: string) {
    super(`The queue log ${path} is closed`);
  }
}
