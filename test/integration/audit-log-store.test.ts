// The AuditLog contract on a real PostgreSQL (random schema) and on embedded PGlite, two app
// instances appending to one PostgreSQL chain at the same time, and the group commit: appends
// made while a transaction is in flight go together in the next one, in order, and a bad entry
// in a group fails alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditLogStore } from '../../src/adapters/db/audit-log-store.js';
import type { Database } from '../../src/adapters/db/database.js';
import { migrate } from '../../src/adapters/db/migrate.js';
import { auditLogContract, entry } from '../support/audit-log-contract.js';
import { createPostgresTestDatabase, testDatabaseFactories, type TestDatabase } from '../support/db-fixtures.js';

describe.each(testDatabaseFactories)('audit log store on $kind', (factory) => {
  auditLogContract(factory);
});

describe('audit log store: two app instances on one PostgreSQL', () => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createPostgresTestDatabase();
    await migrate(testDb.db);
  });
  afterAll(async () => {
    await testDb?.dispose();
  });

  it('keeps one unforked chain when both append at the same time', async () => {
    const a = createAuditLogStore(testDb.db);
    const b = createAuditLogStore(await testDb.openAnother());
    const appended = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? a : b).append(entry(i + 1, { actor: i % 2 === 0 ? 'system:a' : 'system:b' }))),
    );
    expect(appended.map((e) => e.seq).sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(await a.verify()).toMatchObject({ ok: true, entries: 40 });
    expect(await b.verify()).toMatchObject({ ok: true, entries: 40 });
  });
});

describe.each(testDatabaseFactories)('audit log store on $kind: group commit', (factory) => {
  let testDb: TestDatabase;
  let transactions = 0;
  /** The same database, counting the transactions the store opens. */
  let counted: Database;
  beforeAll(async () => {
    testDb = await factory.create();
    await migrate(testDb.db);
    const db = testDb.db;
    counted = Object.assign(Object.create(db) as Database, {
      transaction: <T>(fn: Parameters<Database['transaction']>[0]) => {
        transactions += 1;
        return db.transaction(fn) as Promise<T>;
      },
    });
  });
  afterAll(async () => {
    await testDb?.dispose();
  });

  it('60 appends at once: a few transactions, seq in the order of the calls, the chain whole', async () => {
    const audit = createAuditLogStore(counted);
    transactions = 0;
    const appended = await Promise.all(Array.from({ length: 60 }, (_, i) => audit.append(entry(i + 1))));
    expect(appended.map((e) => e.data.n)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(appended.map((e) => e.seq)).toEqual(appended.map((_, i) => appended[0]!.seq + i));
    // the first goes alone, the other 59 wait for it and go as one group
    expect(transactions).toBe(2);
    expect(await audit.verify()).toMatchObject({ ok: true });
  });

  it('a bad entry in a group fails alone; the others are stored in order and the chain verifies', async () => {
    const audit = createAuditLogStore(counted);
    const results = await Promise.allSettled([
      audit.append(entry(101)),
      audit.append(entry(102)),
      // a time JavaScript holds but timestamptz does not (year 271822 BC): the INSERT fails in the database
      audit.append(entry(103, { at: new Date(-8.64e15) })),
      audit.append(entry(104)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    const stored = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    expect(stored.map((e) => e.data.n)).toEqual([101, 102, 104]);
    expect(stored[2]!.seq).toBe(stored[1]!.seq + 1);
    expect(await audit.verify()).toMatchObject({ ok: true });
  });
});
