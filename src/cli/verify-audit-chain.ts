// `npm run audit:verify`: walks the audit log from the first entry and recomputes every hash.
// Reads only DATABASE_URL / PGLITE_DIR. Exit 0: the chain is intact; 1: it is broken (the
// first broken seq and why are printed); 2: the check could not run (settings, database).
// With embedded PGlite, run it while the app is stopped (one process per data folder), or ask
// the running app: GET /api/audit/verify.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createAuditLogStore } from '../adapters/db/audit-log-store.js';
import { createDatabase } from '../adapters/db/create-database.js';
import type { Database } from '../adapters/db/database.js';
import { ConfigError, loadDatabaseConfig } from '../config.js';

async function run(): Promise<number> {
  const config = loadDatabaseConfig();
  if (!config.DATABASE_URL && !existsSync(resolve(config.PGLITE_DIR))) {
    process.stderr.write(`audit:verify: no embedded database in PGLITE_DIR=${resolve(config.PGLITE_DIR)} (and DATABASE_URL is unset)\n`);
    return 2;
  }
  let db: Database | undefined;
  try {
    db = await createDatabase({
      ...(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : {}),
      pgliteDir: config.PGLITE_DIR,
      onError: () => undefined,
    });
    const [table] = await db.query<{ name: string | null }>("SELECT to_regclass('audit_log')::text AS name");
    if (!table?.name) {
      process.stderr.write('audit:verify: the database has no audit_log table (start the app once to create it)\n');
      return 2;
    }
    const result = await createAuditLogStore(db).verify();
    if (result.ok) {
      process.stdout.write(`audit log OK: ${result.entries} entries checked, last hash ${result.lastHash || '(none)'}\n`);
      return 0;
    }
    process.stdout.write(
      `audit log BROKEN at seq ${result.brokenAtSeq}: ${result.reason}\n` +
      `  (${result.entries} entries before it verified)\n`,
    );
    return 1;
  } finally {
    await db?.close();
  }
}

run().then(
  (code) => process.exit(code),
  (err: unknown) => {
    const message = err instanceof ConfigError || err instanceof Error ? err.message : String(err);
    process.stderr.write(`audit:verify could not run: ${message}\n`);
    process.exit(2);
  },
);
