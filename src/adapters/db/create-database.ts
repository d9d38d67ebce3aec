import type { Database } from './database.js';
import { createPgliteDatabase } from './pglite-database.js';
import { createPostgresDatabase } from './postgres-database.js';

export interface CreateDatabaseOptions {
  /** DATABASE_URL. Set: PostgreSQL. Unset: embedded PGlite in `pgliteDir`. */
  databaseUrl?: string;
  /** PGLITE_DIR. */
  pgliteDir: string;
  /** Errors of idle PostgreSQL connections (logged by the caller; the pool recovers). */
  onError?: (err: Error) => void;
}

/** Opens the records database chosen by the configuration. Throws DatabaseConnectionError. */
export function createDatabase(options: CreateDatabaseOptions): Promise<Database> {
  if (options.databaseUrl !== undefined && options.databaseUrl !== '') {
    return createPostgresDatabase({
      connectionString: options.databaseUrl,
      ...(options.onError ? { onError: options.onError } : {}),
    });
  }
  return createPgliteDatabase({ dataDir: options.pgliteDir });
}
