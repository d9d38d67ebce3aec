// The CallRecords contract on a real PostgreSQL (random schema) and on embedded PGlite.
import { describe } from 'vitest';
import { callRecordsContract } from '../support/db-contract.js';
import { testDatabaseFactories } from '../support/db-fixtures.js';

describe.each(testDatabaseFactories)('call records store on $kind', (factory) => {
  callRecordsContract(factory);
});
