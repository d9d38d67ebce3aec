// The behaviour every QueueDirectory adapter must show, run against each real database.
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { migrate } from '../../src/adapters/db/migrate.js';
import { createQueueDirectoryStore } from '../../src/adapters/db/queue-directory-store.js';
import { queueConfigSchema, type QueueConfig, type QueueConfigInput } from '../../src/domain/acd/queue-config.js';
import type { QueueDirectory } from '../../src/ports/agent/agent-directory.js';
import type { TestDatabase, TestDatabaseFactory } from './db-fixtures.js';

const queue = (input: Partial<QueueConfigInput> & Pick<QueueConfigInput, 'id'>): QueueConfig =>
  queueConfigSchema.parse({ name: input.id, requiredSkills: [], ...input });

const general = queue({ id: 'general', name: '综合咨询' });
const housing = queue({
  id: 'housing',
  name: '住房保障',
  requiredSkills: [{ skill: 'housing', minProficiency: 3 }],
  languages: ['zh'],
  relaxations: [{ afterSeconds: 60, lowerProficiencyBy: 1 }, { afterSeconds: 120, overflowToQueue: 'general' }],
  callbackOfferAfterSeconds: 300,
});

export function queueDirectoryContract(factory: TestDatabaseFactory): void {
  let testDb: TestDatabase;
  let queues: QueueDirectory;

  beforeAll(async () => {
    testDb = await factory.create();
    await migrate(testDb.db);
    queues = createQueueDirectoryStore(testDb.db);
  });
  afterAll(async () => {
    await testDb?.dispose();
  });
  beforeEach(async () => {
    await testDb.db.exec('TRUNCATE queues');
  });

  it('stores a queue whole and gives it back, Chinese name and rules included', async () => {
    await queues.upsert(housing);
    expect(await queues.get('housing')).toEqual(housing);
    expect(await queues.get('nothing')).toBeNull();
  });

  it('upsert replaces a stored queue, list is ordered by id', async () => {
    await queues.upsert(housing);
    await queues.upsert(general);
    await queues.upsert({ ...housing, name: '住房', maxWaitSeconds: 900 });
    expect(await queues.list()).toEqual([general, { ...housing, name: '住房', maxWaitSeconds: 900 }]);
  });

  it('replaceAll swaps the whole set', async () => {
    await queues.upsert(queue({ id: 'old' }));
    await queues.replaceAll([housing, general]);
    expect((await queues.list()).map((q) => q.id)).toEqual(['general', 'housing']);
    await queues.replaceAll([]);
    expect(await queues.list()).toEqual([]);
  });

  it('replaceAll that fails half-way leaves the set as it was', async () => {
    await queues.replaceAll([general]);
    await expect(queues.replaceAll([housing, housing])).rejects.toThrow();
    expect(await queues.list()).toEqual([general]);
  });

  it('seedIfEmpty stores the set only into an empty directory', async () => {
    expect(await queues.seedIfEmpty([housing, general])).toBe(true);
    expect(await queues.seedIfEmpty([queue({ id: 'other' })])).toBe(false);
    expect((await queues.list()).map((q) => q.id)).toEqual(['general', 'housing']);
  });

  it('remove deletes once', async () => {
    await queues.upsert(general);
    expect(await queues.remove('general')).toBe(true);
    expect(await queues.remove('general')).toBe(false);
    expect(await queues.list()).toEqual([]);
  });

  it('a stored row that is not a valid queue fails loudly, naming the queue', async () => {
    await testDb.db.query(`INSERT INTO queues (queue_id, config) VALUES ('bad', '{"id":"bad","name":""}'::jsonb)`);
    await expect(queues.get('bad')).rejects.toThrow(/"bad"/);
  });
}
