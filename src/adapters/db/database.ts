// The records store's view of a SQL database: PostgreSQL in production, embedded PGlite when
// DATABASE_URL is unset. Both speak PostgreSQL, so the SQL is shared; only this seam differs.

export type DatabaseKind = 'postgres' | 'pglite';

/** What a transaction callback (and the database itself) can run. */
export interface Queryable {
  /** One statement with `$1`-style parameters. Never build SQL from input strings. */
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /** A script of one or more statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly kind: DatabaseKind;
  /**
   * Runs `fn` in BEGIN … COMMIT (ROLLBACK if it throws). Inside `fn` use `tx` only: calling the
   * database itself from inside a transaction throws, because on PGlite it would wait forever.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
