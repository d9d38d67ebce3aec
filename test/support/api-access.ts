// API tokens for tests that build the express app themselves: the real token use case on the
// test database (migrated first), with a bootstrap admin token made up per test process.
import { randomBytes } from 'node:crypto';
import { createAgentDirectoryStore } from '../../src/adapters/db/agent-directory-store.js';
import { createApiTokenStore } from '../../src/adapters/db/api-token-store.js';
import type { Database } from '../../src/adapters/db/database.js';
import { createApiTokens, type ApiTokens } from '../../src/app/access/api-tokens.js';
import type { AuditLog } from '../../src/ports/audit/audit-log.js';

/** HOTLINE_ADMIN_TOKEN of the apps built in this test process; the default of listen(). */
export const TEST_ADMIN_TOKEN = `test-admin-${randomBytes(24).toString('base64url')}`;

export function testApiTokens(db: Database, options: { audit?: AuditLog; now?: () => Date } = {}): ApiTokens {
  return createApiTokens({
    store: createApiTokenStore(db),
    agents: createAgentDirectoryStore(db),
    adminToken: TEST_ADMIN_TOKEN,
    now: options.now ?? (() => new Date()),
    ...(options.audit ? { audit: options.audit } : {}),
  });
}
