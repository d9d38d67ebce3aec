// The AuditLog contract on a real PostgreSQL (random schema) and on embedded PGlite, and two
// app instances appending to one PostgreSQL chain at the same time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditLogStore } from '../../src/adapters/db/audit-log-store.js';
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
