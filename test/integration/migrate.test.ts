// Migrations: applied once, in order, tracked; a second run and a concurrent start are harmless.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loadMigrations, migrate } from '../../src/adapters/db/migrate.js';
import { createPostgresTestDatabase, testDatabaseFactories, type TestDatabase } from '../support/db-fixtures.js';

const trackedVersions = async (testDb: TestDatabase) =>
  (await testDb.db.query<{ version: string }>('SELECT version FROM schema_migrations ORDER BY version')).map((r) => r.version);

describe('loadMigrations', () => {
  it('finds the shipped migrations next to migrate.ts, in version order', async () => {
    const migrations = await loadMigrations();
    expect(migrations[0]).toMatchObject({ version: '001', name: '001-calls.sql' });
    expect(migrations.map((m) => m.version)).toEqual([...migrations.map((m) => m.version)].sort());
  });

  it('says the build must copy the .sql files when the folder is empty or missing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hotline-migrations-'));
    try {
      await writeFile(join(dir, 'README.md'), 'not a migration');
      await expect(loadMigrations(pathToFileURL(`${dir}/`))).rejects.toThrow(/No database migrations .*must copy/);
      await expect(loadMigrations(pathToFileURL(`${dir}/missing/`))).rejects.toThrow(/Cannot read .*must copy/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe.each(testDatabaseFactories)('migrate on $kind', (factory) => {
  let testDb: TestDatabase | undefined;
  afterEach(async () => {
    await testDb?.dispose();
    testDb = undefined;
  });

  it('applies every migration on a fresh database, and nothing the second time', async () => {
    testDb = await factory.create();
    const all = (await loadMigrations()).map((m) => m.name);

    expect(await migrate(testDb.db)).toEqual(all);
    expect(await migrate(testDb.db)).toEqual([]);
    expect(await trackedVersions(testDb)).toEqual(all.map((name) => name.slice(0, 3)));
    const tables = await testDb.db.query<{ name: string | null }>("SELECT to_regclass('calls')::text AS name");
    expect(tables[0]?.name).toBe('calls');
  });

  it('rolls back a failing migration and records nothing for it', async () => {
    testDb = await factory.create();
    const dir = await mkdtemp(join(tmpdir(), 'hotline-migrations-'));
    try {
      await writeFile(join(dir, '001-ok.sql'), 'CREATE TABLE m_ok (id int);');
      await writeFile(join(dir, '002-broken.sql'), 'CREATE TABLE m_half (id int);\nSELECT no_such_function();');
      const url = pathToFileURL(`${dir}/`);

      await expect(migrate(testDb.db, { dir: url })).rejects.toThrow(/no_such_function/);
      expect(await trackedVersions(testDb)).toEqual(['001']);
      const half = await testDb.db.query<{ name: string | null }>("SELECT to_regclass('m_half')::text AS name");
      expect(half[0]?.name).toBeNull();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('migrate on postgres, two instances starting at once', () => {
  let testDb: TestDatabase | undefined;
  afterEach(async () => {
    await testDb?.dispose();
  });

  it('both succeed and each migration is applied exactly once', async () => {
    testDb = await createPostgresTestDatabase();
    const second = await testDb.openAnother();
    const all = (await loadMigrations()).map((m) => m.name);

    const [a, b] = await Promise.all([migrate(testDb.db), migrate(second)]);

    expect([...a, ...b].sort()).toEqual(all);
    expect(await trackedVersions(testDb)).toEqual(all.map((name) => name.slice(0, 3)));
  });
});
