// Database on embedded PGlite (PostgreSQL in WebAssembly) in a local folder, for a single
// instance without a PostgreSQL server. PGlite has one connection: its transaction() holds a
// mutex that every other query waits on, so transactions run one at a time, never interleaved.
// Its folder holds every record (and agents' SIP credentials): owner only, tightened before
// and after PGlite opens it and again at close; files written meanwhile follow the process
// umask (077, set in main.ts).
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { OWNER_ONLY_DIR_MODE, restrictToOwner } from '../files/owner-only.js';
import type { Database, Queryable } from './database.js';
import { DatabaseConnectionError } from './database-connection-error.js';
import { TransactionScope } from './transaction-scope.js';

export interface PgliteDatabaseOptions {
  /** Folder of the database files; created if missing. */
  dataDir: string;
}

/** Opens (or creates) the embedded database in `dataDir`. */
export async function createPgliteDatabase(options: PgliteDatabaseOptions): Promise<Database> {
  const dataDir = resolve(options.dataDir);
  let pglite: PGlite;
  try {
    await mkdir(dataDir, { recursive: true, mode: OWNER_ONLY_DIR_MODE });
    await restrictToOwner(dataDir);
    pglite = await PGlite.create(dataDir);
    // the files PGlite writes while opening (pg_internal.init) too
    await restrictToOwner(dataDir);
  } catch (err) {
    throw new DatabaseConnectionError(
      `Cannot open the embedded database in PGLITE_DIR=${dataDir} (DATABASE_URL is unset): ${(err as Error).message}`,
      { cause: err },
    );
  }

  const scope = new TransactionScope();

  return {
    kind: 'pglite',
    async query<T>(sql: string, params?: unknown[]): Promise<T[]> {
      scope.assertOutside();
      const result = await pglite.query<T>(sql, params);
      return result.rows;
    },
    async exec(sql: string): Promise<void> {
      scope.assertOutside();
      await pglite.exec(sql);
    },
    transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      scope.assertOutside();
      return pglite.transaction((tx) => scope.run(() => fn(wrap(tx))));
    },
    async close(): Promise<void> {
      if (!pglite.closed) await pglite.close();
      await restrictToOwner(dataDir);
    },
  };
}

function wrap(tx: Transaction): Queryable {
  return {
    async query<T>(sql: string, params?: unknown[]): Promise<T[]> {
      const result = await tx.query<T>(sql, params);
      return result.rows;
    },
    async exec(sql: string): Promise<void> {
      await tx.exec(sql);
    },
  };
}
