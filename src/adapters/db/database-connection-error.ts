import { NamedError } from '../../domain/shared/named-error.js';

/** The records database cannot be opened. The message names the setting, never a password. */
export class DatabaseConnectionError extends NamedError {
  readonly code = 'database-unreachable';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
