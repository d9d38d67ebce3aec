// Database on a node-postgres Pool. Timestamps come back as Date and bigints as numbers (the
// same shapes PGlite returns). A dropped idle connection is reported to `onError`, not thrown.
import pg from 'pg';
import type { PoolClient } from 'pg';
import type { Database, Queryable } from './database.js';
import { DatabaseConnectionError } from './database-connection-error.js';
import { redactDatabaseUrl } from './redact-database-url.js';
import { TransactionScope } from './transaction-scope.js';

export interface PostgresDatabaseOptions {
  connectionString: string;
  /** Errors of idle or broken connections; the pool replaces them. Default: console.error. */
  onError?: (err: Error) => void;
  /** Default 10. */
  maxConnections?: number;
  /** How long to wait for a connection before failing. Default 10 s. */
  connectTimeoutMs?: number;
}

const INT8_OID = 20;

function parseInt8(value: string): number | bigint {
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : BigInt(value);
}

// Per pool, not pg.types.setTypeParser, so nothing global changes. timestamptz keeps pg's own
// parser, which returns a Date (infinity and BC dates included); the store relies on that.
const typeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID && format !== 'binary') return parseInt8;
    return pg.types.getTypeParser(oid, format);
  },
};

/** Opens a pool and checks one connection, so a wrong DATABASE_URL fails at startup. */
export async function createPostgresDatabase(options: PostgresDatabaseOptions): Promise<Database> {
  const onError = options.onError ?? ((err: Error) => console.error(`PostgreSQL connection error: ${err.message}`));
  const where = `DATABASE_URL=${redactDatabaseUrl(options.connectionString)}`;

  let pool: pg.Pool;
  try {
    pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.maxConnections ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
      application_name: 'hotline12345',
      types: typeParsers,
    });
  } catch (err) {
    throw new DatabaseConnectionError(`Invalid ${where}: ${(err as Error).message}`, { cause: err });
  }
  pool.on('error', onError);

  try {
    await pool.query('SELECT 1');
  } catch (err) {
    await pool.end().catch(onError);
    throw new DatabaseConnectionError(`Cannot connect to PostgreSQL at ${where}: ${describe(err)}`, { cause: err });
  }

  const scope = new TransactionScope();

  return {
    kind: 'postgres',
    async query<T>(sql: string, params?: unknown[]): Promise<T[]> {
      scope.assertOutside();
      const result = await pool.query(sql, params ?? []);
      return result.rows as T[];
    },
    async exec(sql: string): Promise<void> {
      scope.assertOutside();
      await pool.query(sql);
    },
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      scope.assertOutside();
      const client = await pool.connect();
      // A checked-out client has no pool error listener: without this a dropped connection
      // during the transaction would be an unhandled 'error' event and stop the process.
      client.on('error', onError);
      const outcome: TransactionOutcome = { clientBroken: undefined };
      try {
        return await scope.run(() => runInTransaction(client, fn, outcome));
      } finally {
        client.off('error', onError);
        // A client whose ROLLBACK failed is handed back as broken: the pool discards it.
        client.release(outcome.clientBroken);
      }
    },
    async close(): Promise<void> {
      await pool.end();
    },
  };
}

interface TransactionOutcome {
  clientBroken: Error | undefined;
}

async function runInTransaction<T>(
  client: PoolClient,
  fn: (tx: Queryable) => Promise<T>,
  outcome: TransactionOutcome,
): Promise<T> {
  let open = true;
  const ensureOpen = () => {
    if (!open) throw new Error('Transaction already finished: tx used after transaction(fn) returned.');
  };
  const tx: Queryable = {
    async query<R>(sql: string, params?: unknown[]): Promise<R[]> {
      ensureOpen();
      const result = await client.query(sql, params ?? []);
      return result.rows as R[];
    },
    async exec(sql: string): Promise<void> {
      ensureOpen();
      await client.query(sql);
    },
  };

  try {
    await client.query('BEGIN');
    const value = await fn(tx);
    await client.query('COMMIT');
    return value;
  } catch (err) {
    await client.query('ROLLBACK').catch((rollbackErr: unknown) => {
      outcome.clientBroken = rollbackErr instanceof Error ? rollbackErr : new Error(String(rollbackErr));
    });
    throw err;
  } finally {
    open = false;
  }
}

function describe(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) {
    return err.errors.map((e: unknown) => describe(e)).join('; ');
  }
  if (err instanceof Error) return err.message || (err as NodeJS.ErrnoException).code || err.name;
  return String(err);
}
