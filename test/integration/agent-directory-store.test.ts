// The AgentDirectory contract on a real PostgreSQL (random schema) and on embedded PGlite.
import { describe } from 'vitest';
import { agentDirectoryContract } from '../support/agent-directory-contract.js';
import { testDatabaseFactories } from '../support/db-fixtures.js';

describe.each(testDatabaseFactories)('agent directory store on $kind', (factory) => {
  agentDirectoryContract(factory);
});
