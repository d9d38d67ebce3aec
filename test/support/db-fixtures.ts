// Throwaway databases for integration tests: a fresh schema in the real PostgreSQL per test
// file, or an embedded PGlite in a temp folder. Each is removed by dispose().
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Database, DatabaseKind } from '../../src/adapters/db/database.js';
import { createPgliteDatabase } from '../../src/adapters/db/pglite-database.js';
import { createPostgresDatabase } from '../../src/adapters/db/postgres-database.js';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  db: Database;
  /** Opens another handle on the same database (a second app instance). Closed by dispose(). */
  openAnother(): Promise<Database>;
  dispose(): Promise<void>;
}

export interface TestDatabaseFactory {
  kind: DatabaseKind;
  create(): Promise<TestDatabase>;
}

/** A schema `t_<random>` in TEST_DATABASE_URL, selected by search_path, dropped on dispose. */
export async function createPostgresTestDatabase(): Promise<TestDatabase> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const url = new URL(TEST_DATABASE_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const opened: Database[] = [];
  const open = async () => {
    const db = await createPostgresDatabase({ connectionString: url.toString(), onError: () => undefined });
    opened.push(db);
    return db;
  };
  const db = await open();
  return {
    db,
    openAnother: open,
    async dispose() {
      await Promise.all(opened.map((d) => d.close()));
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    },
  };
}

/** PGlite in a fresh temp folder, deleted on dispose. PGlite allows one handle per folder. */
export async function createPgliteTestDatabase(): Promise<TestDatabase> {
  const dir = await mkdtemp(join(tmpdir(), 'hotline-pglite-'));
  const db = await createPgliteDatabase({ dataDir: join(dir, 'data') });
  return {
    db,
    openAnother: () => Promise.reject(new Error('PGlite has a single handle per data folder')),
    async dispose() {
      await db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export const testDatabaseFactories: TestDatabaseFactory[] = [
  { kind: 'postgres', create: createPostgresTestDatabase },
  { kind: 'pglite', create: createPgliteTestDatabase },
];
