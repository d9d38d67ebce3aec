/** The records database cannot be opened. The message names the setting, never a password. */
export class DatabaseConnectionError extends Error {
  readonly code = 'database-unreachable';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DatabaseConnectionError';
  }
}
