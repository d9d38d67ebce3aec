// The bad-input sweep (test/support/api-bad-input-sweep.ts) on the real app keeping its records
// in embedded PGlite: every route of the route table, a corpus of bad values, never a 5xx, always
// a JSON message with a 4xx. Needs the stack up (`bash scripts/stack.sh up`).
//
// Its agents and extensions on the shared Asterisk are its own: the PostgreSQL sweep
// (api-bad-input-sweep-postgres.test.ts) runs at the same time with others.
import { sweepBadInput } from '../support/api-bad-input-sweep.js';

sweepBadInput('pglite', { agent: 'sweep-lite-agent', newAgent: 'sweep-lite-new', extensions: ['2984', '2985', '2986'] });
