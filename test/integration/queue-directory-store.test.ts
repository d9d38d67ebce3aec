// The QueueDirectory contract on a real PostgreSQL (random schema) and on embedded PGlite, and
// two app instances seeding an empty PostgreSQL at the same time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/adapters/db/migrate.js';
import { createQueueDirectoryStore } from '../../src/adapters/db/queue-directory-store.js';
import { queueConfigSchema } from '../../src/domain/acd/queue-config.js';
import { createPostgresTestDatabase, testDatabaseFactories, type TestDatabase } from '../support/db-fixtures.js';
import { queueDirectoryContract } from '../support/queue-directory-contract.js';

describe.each(testDatabaseFactories)('queue directory store on $kind', (factory) => {
  queueDirectoryContract(factory);
});

describe('queue directory store: two app instances starting on an empty PostgreSQL', () => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createPostgresTestDatabase();
    await migrate(testDb.db);
  });
  afterAll(async () => {
    await testDb?.dispose();
  });

  it('exactly one seeds the queues, the other sees that set and fails nothing', async () => {
    const a = createQueueDirectoryStore(testDb.db);
    const b = createQueueDirectoryStore(await testDb.openAnother());
    const seed = ['general', 'enterprise', 'housing'].map((id) => queueConfigSchema.parse({ id, name: id, requiredSkills: [] }));
    const results = await Promise.all([a.seedIfEmpty(seed), b.seedIfEmpty(seed), a.seedIfEmpty(seed), b.seedIfEmpty(seed)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect((await b.list()).map((q) => q.id)).toEqual(['enterprise', 'general', 'housing']);
  });
});
