// The QueueDirectory contract on a real PostgreSQL (random schema) and on embedded PGlite.
import { describe } from 'vitest';
import { testDatabaseFactories } from '../support/db-fixtures.js';
import { queueDirectoryContract } from '../support/queue-directory-contract.js';

describe.each(testDatabaseFactories)('queue directory store on $kind', (factory) => {
  queueDirectoryContract(factory);
});
