// The Database seam itself: same value shapes and transaction behaviour on both engines.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../../src/adapters/db/create-database.js';
import { DatabaseConnectionError } from '../../src/adapters/db/database-connection-error.js';
import type { Queryable } from '../../src/adapters/db/database.js';
import { createPostgresDatabase } from '../../src/adapters/db/postgres-database.js';
import { TEST_DATABASE_URL, testDatabaseFactories, type TestDatabase } from '../support/db-fixtures.js';

describe.each(testDatabaseFactories)('database on $kind', (factory) => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await factory.create();
    await testDb.db.exec('CREATE TABLE items (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, label text NOT NULL);');
  });
  afterAll(async () => {
    await testDb?.dispose();
  });

  it(`reports its kind`, () => {
    expect(testDb.db.kind).toBe(factory.kind);
  });

  it('returns timestamptz as Date, bigint as number and jsonb as objects', async () => {
    const [row] = await testDb.db.query<{ at: unknown; n: unknown; j: unknown }>(
      "SELECT $1::timestamptz AS at, 9007199254740991::bigint AS n, '{\"a\":[1]}'::jsonb AS j",
      [new Date('2025-03-01T09:00:00.123Z')],
    );
    expect(row).toEqual({ at: new Date('2025-03-01T09:00:00.123Z'), n: Number.MAX_SAFE_INTEGER, j: { a: [1] } });
  });

  it('commits what the transaction wrote and returns its value', async () => {
    const id = await testDb.db.transaction(async (tx) => {
      const [row] = await tx.query<{ id: number }>('INSERT INTO items (label) VALUES ($1) RETURNING id', ['committed']);
      return row?.id;
    });
    const rows = await testDb.db.query<{ label: string }>('SELECT label FROM items WHERE id = $1', [id]);
    expect(rows).toEqual([{ label: 'committed' }]);
  });

  it('rolls back everything when the transaction throws, and rethrows the error', async () => {
    const failure = new Error('stop');
    await expect(testDb.db.transaction(async (tx) => {
      await tx.query('INSERT INTO items (label) VALUES ($1)', ['rolled-back']);
      throw failure;
    })).rejects.toBe(failure);
    expect(await testDb.db.query('SELECT 1 FROM items WHERE label = $1', ['rolled-back'])).toEqual([]);
  });

  it('refuses the database handle inside a transaction instead of hanging', async () => {
    await expect(testDb.db.transaction(() => testDb.db.query('SELECT 1'))).rejects.toThrow(/on the tx argument/);
  });

  it('refuses a transaction handle used after the transaction ended', async () => {
    let leaked: Queryable | undefined;
    await testDb.db.transaction(async (tx) => {
      leaked = tx;
    });
    await expect(leaked?.query('SELECT 1')).rejects.toThrow();
  });

  it('does not let one transaction see or interleave with another', async () => {
    let releaseFirst = () => {};
    const firstMayFinish = new Promise<void>((resolve) => { releaseFirst = resolve; });
    let firstStarted = () => {};
    const firstHasStarted = new Promise<void>((resolve) => { firstStarted = resolve; });

    const first = testDb.db.transaction(async (tx) => {
      await tx.query('INSERT INTO items (label) VALUES ($1)', ['first-a']);
      firstStarted();
      await firstMayFinish;
      await tx.query('INSERT INTO items (label) VALUES ($1)', ['first-b']);
    });
    await firstHasStarted;
    const second = testDb.db.transaction(async (tx) =>
      (await tx.query<{ label: string }>("SELECT label FROM items WHERE label LIKE 'first-%' ORDER BY id")).map((r) => r.label));
    releaseFirst();
    await first;
    const seenBySecond = await second;

    // PostgreSQL: read committed, the second sees nothing or both rows. PGlite: it runs after.
    expect([[], ['first-a', 'first-b']]).toContainEqual(seenBySecond);
    if (factory.kind === 'pglite') expect(seenBySecond).toEqual(['first-a', 'first-b']);
  });
});

describe('createDatabase', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hotline-pglite-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('opens PostgreSQL when DATABASE_URL is set', async () => {
    const db = await createDatabase({ databaseUrl: TEST_DATABASE_URL, pgliteDir: join(dir, 'unused') });
    try {
      expect(db.kind).toBe('postgres');
      await expect(stat(join(dir, 'unused'))).rejects.toThrow();
    } finally {
      await db.close();
    }
  });

  it('opens PGlite in PGLITE_DIR, creating missing folders, when DATABASE_URL is unset', async () => {
    const pgliteDir = join(dir, 'nested', 'pglite');
    const db = await createDatabase({ pgliteDir });
    try {
      expect(db.kind).toBe('pglite');
      expect((await stat(pgliteDir)).isDirectory()).toBe(true);
    } finally {
      await db.close();
    }
  });

  it('names DATABASE_URL, without its password, when PostgreSQL cannot be reached', async () => {
    const attempt = createPostgresDatabase({ connectionString: 'postgres://hotline:S3cret-Pa55word@127.0.0.1:1/records', connectTimeoutMs: 2_000 });
    const err = await attempt.then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseConnectionError);
    const message = (err as Error).message;
    expect(message).toContain('DATABASE_URL=postgres://hotline:***@127.0.0.1:1/records');
    expect(message).toMatch(/ECONNREFUSED/);
    expect(message).not.toContain('S3cret');
  });
});
