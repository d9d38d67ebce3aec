// Applies src/adapters/db/migrations/NNN-name.sql in order, each in its own transaction, and
// records it in schema_migrations. Safe when several instances start at once: every migration
// transaction first takes a transaction-scoped advisory lock, then re-checks what is applied.
import { readFile, readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Database } from './database.js';

/** Next to this module in src (tsx) and in dist: the build must copy the .sql files. */
export const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);

const FILE_NAME = /^(\d{3})-[a-z0-9][a-z0-9-]*\.sql$/;
/** Arbitrary, fixed: "12345" + "001". Serialises migrations across all instances. */
const MIGRATION_LOCK_KEY = 12_345_001;

const CREATE_TRACKING_TABLE = `
  CREATE TABLE IF NOT EXISTS schema_migrations (
    version     text PRIMARY KEY,
    name        text NOT NULL,
    applied_at  timestamptz NOT NULL DEFAULT now()
  )`;

export interface Migration {
  /** The three-digit prefix, e.g. "001". */
  version: string;
  /** The file name, e.g. "001-calls.sql". */
  name: string;
  sql: string;
}

/** Reads the migration files of `dir`, ordered by version. Throws if there are none. */
export async function loadMigrations(dir: URL = MIGRATIONS_DIR): Promise<Migration[]> {
  const path = fileURLToPath(dir);
  let files: string[];
  try {
    files = await readdir(path);
  } catch (err) {
    throw new Error(`Cannot read the database migrations in ${path}: ${(err as Error).message}. ` +
      'The build must copy src/adapters/db/migrations/*.sql next to migrate.js.', { cause: err });
  }
  const names = files.filter((f) => FILE_NAME.test(f)).sort();
  if (names.length === 0) {
    throw new Error(`No database migrations (NNN-name.sql) in ${path}. ` +
      'The build must copy src/adapters/db/migrations/*.sql next to migrate.js.');
  }
  const migrations: Migration[] = [];
  for (const name of names) {
    const version = name.slice(0, 3);
    if (migrations.some((m) => m.version === version)) {
      throw new Error(`Two database migrations share version ${version} in ${path}.`);
    }
    migrations.push({ version, name, sql: await readFile(new URL(name, dir), 'utf8') });
  }
  return migrations;
}

/** Brings the schema up to date. Returns the names of the migrations applied now. */
export async function migrate(db: Database, options: { dir?: URL } = {}): Promise<string[]> {
  const migrations = await loadMigrations(options.dir);
  const applied: string[] = [];
  for (const migration of migrations) {
    const ran = await db.transaction(async (tx) => {
      // Held until COMMIT/ROLLBACK; a second instance waits here, then sees the row below.
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      await tx.exec(CREATE_TRACKING_TABLE);
      const done = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [migration.version]);
      if (done.length > 0) return false;
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      return true;
    });
    if (ran) applied.push(migration.name);
  }
  return applied;
}
