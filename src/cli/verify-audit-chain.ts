// `npm run audit:verify [-- --anchor <seq>:<hash>]`: walks the audit log from the first entry and
// recomputes every hash. It prints the anchor to keep (last seq and hash); given the anchor of an
// earlier run, it also checks that entry is still there unchanged, so entries cut off at the end
// are caught too. Reads only DATABASE_URL / PGLITE_DIR. Exit 0: the chain is intact; 1: it is
// broken (the first broken seq and why are printed); 2: the check could not run (settings,
// database, a bad argument).
// With embedded PGlite, run it while the app is stopped (one process per data folder), or ask
// the running app: GET /api/audit/verify.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createAuditLogStore } from '../adapters/db/audit-log-store.js';
import { createDatabase } from '../adapters/db/create-database.js';
import type { Database } from '../adapters/db/database.js';
import { ConfigError, loadDatabaseConfig } from '../config.js';
import { formatAnchor, parseAnchor, type ChainAnchor } from '../domain/audit/chain-anchor.js';

/** The --anchor argument, undefined when absent; throws on anything else. */
function anchorArgument(args: string[]): ChainAnchor | undefined {
  if (args.length === 0) return undefined;
  const value = args[0] === '--anchor' ? args[1] : args[0]?.startsWith('--anchor=') ? args[0].slice('--anchor='.length) : undefined;
  const anchor = value === undefined ? null : parseAnchor(value);
  if (!anchor || args.length > (args[0] === '--anchor' ? 2 : 1)) {
    throw new Error(`usage: npm run audit:verify [-- --anchor <seq>:<hash>] (the anchor an earlier run printed); got: ${args.join(' ')}`);
  }
  return anchor;
}

async function run(): Promise<number> {
  const anchor = anchorArgument(process.argv.slice(2));
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
    const result = await createAuditLogStore(db).verify(anchor);
    if (result.ok) {
      const keep = result.lastSeq > 0 ? formatAnchor({ seq: result.lastSeq, hash: result.lastHash }) : '(none yet)';
      process.stdout.write(
        `audit log OK: ${result.entries} entries checked${anchor ? `, anchor ${anchor.seq} still there` : ''}\n` +
        `  anchor to keep for the next run: ${keep}\n`,
      );
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
