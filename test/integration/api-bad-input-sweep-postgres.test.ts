// The bad-input sweep (test/support/api-bad-input-sweep.ts) on the real app keeping its records
// in PostgreSQL: every route of the route table, a corpus of bad values, never a 5xx, always a
// JSON message with a 4xx. Needs the stack up (`bash scripts/stack.sh up`).
//
// Its agents and extensions on the shared Asterisk are its own: the PGlite sweep
// (api-bad-input-sweep-pglite.test.ts) runs at the same time with others.
import { sweepBadInput } from '../support/api-bad-input-sweep.js';

sweepBadInput('postgres', { agent: 'sweep-agent', newAgent: 'sweep-new', extensions: ['2981', '2982', '2983'] });
