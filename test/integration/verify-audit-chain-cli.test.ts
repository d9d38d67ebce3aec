// `npm run audit:verify` as a child process against a real database: exit 0 and the count on
// an intact chain, exit 1 naming the seq after a row was changed behind the app, exit 2 when
// it cannot run. On PostgreSQL (DATABASE_URL) and on embedded PGlite (PGLITE_DIR).
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditLogStore } from '../../src/adapters/db/audit-log-store.js';
import type { Database } from '../../src/adapters/db/database.js';
import { migrate } from '../../src/adapters/db/migrate.js';
import { createPgliteDatabase } from '../../src/adapters/db/pglite-database.js';
import { createPostgresDatabase } from '../../src/adapters/db/postgres-database.js';
import { asOwnerWithoutTriggers, entry } from '../support/audit-log-contract.js';
import { createTestDatabase } from '../support/hotline-app.js';
import { REPO_DIR } from '../support/stack-env.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function verifyCommand(env: Record<string, string>, args: string[] = []): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli/verify-audit-chain.ts', ...args],
      { cwd: REPO_DIR, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', ...env }, timeout: 60_000 },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }),
    );
  });
}

async function fillLog(db: Database, count: number): Promise<void> {
  await migrate(db);
  const audit = createAuditLogStore(db);
  for (let n = 1; n <= count; n += 1) await audit.append(entry(n));
}

describe('audit:verify on PostgreSQL (DATABASE_URL)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = await createPostgresDatabase({ connectionString: database.url, onError: () => undefined });
    await fillLog(db, 6);
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  it('prints the entries checked and exits 0 on an intact chain, then names the changed row and exits 1', async () => {
    const ok = await verifyCommand({ DATABASE_URL: database.url });
    expect(ok.stdout).toMatch(/^audit log OK: 6 entries checked$/m);
    expect(ok.stdout).toMatch(/^ {2}anchor to keep for the next run: 6:[0-9a-f]{64}$/m);
    expect(ok.code).toBe(0);
    const kept = /anchor to keep for the next run: (\S+)/.exec(ok.stdout)![1]!;
    const anchored = await verifyCommand({ DATABASE_URL: database.url }, ['--anchor', kept]);
    expect(anchored.stdout).toMatch(/^audit log OK: 6 entries checked, anchor 6 still there$/m);
    expect(anchored.code).toBe(0);

    await asOwnerWithoutTriggers(db, `UPDATE audit_log SET data = '{"n": 4, "note": "edited"}' WHERE seq = 4`);
    const broken = await verifyCommand({ DATABASE_URL: database.url });
    expect(broken.stdout).toMatch(/audit log BROKEN at seq 4: hash mismatch/);
    expect(broken.stdout).toMatch(/3 entries before it verified/);
    expect(broken.code).toBe(1);
  });
});

describe('audit:verify on embedded PGlite (PGLITE_DIR)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hotline-audit-cli-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('exits 0 on an intact chain and 1 naming the missing seq after a middle row was deleted', { timeout: 90_000 }, async () => {
    const dataDir = join(dir, 'pglite');
    const db = await createPgliteDatabase({ dataDir });
    await fillLog(db, 5);
    await db.close();

    const ok = await verifyCommand({ PGLITE_DIR: dataDir });
    expect(ok.stdout).toMatch(/audit log OK: 5 entries checked/);
    expect(ok.code).toBe(0);

    const again = await createPgliteDatabase({ dataDir });
    await asOwnerWithoutTriggers(again, 'DELETE FROM audit_log WHERE seq = 2');
    await again.close();
    const broken = await verifyCommand({ PGLITE_DIR: dataDir });
    expect(broken.stdout).toMatch(/audit log BROKEN at seq 2: gap in seq: expected 2, found 3/);
    expect(broken.code).toBe(1);
  });

  it('the end cut off: still a valid shorter chain, but the anchor of the earlier run catches it', { timeout: 90_000 }, async () => {
    const dataDir = join(dir, 'pglite-cut');
    const db = await createPgliteDatabase({ dataDir });
    await fillLog(db, 5);
    await db.close();
    const before = await verifyCommand({ PGLITE_DIR: dataDir });
    const kept = /anchor to keep for the next run: (\S+)/.exec(before.stdout)![1]!;
    expect(kept).toMatch(/^5:[0-9a-f]{64}$/);

    const again = await createPgliteDatabase({ dataDir });
    await asOwnerWithoutTriggers(again, 'DELETE FROM audit_log WHERE seq >= 4');
    await again.close();
    const plain = await verifyCommand({ PGLITE_DIR: dataDir });
    expect(plain.stdout).toMatch(/audit log OK: 3 entries checked/);
    const anchored = await verifyCommand({ PGLITE_DIR: dataDir }, [`--anchor=${kept}`]);
    expect(anchored.stdout).toMatch(/audit log BROKEN at seq 4: the log ends at seq 3, but seq 5 was verified before: entries were cut off at the end/);
    expect(anchored.code).toBe(1);
  });

  it('exits 2 with the reason when it cannot run: no database there, or a bad DATABASE_URL or anchor', async () => {
    const badAnchor = await verifyCommand({ PGLITE_DIR: join(dir, 'nothing-here') }, ['--anchor', '5:nothex']);
    expect(badAnchor.stderr).toMatch(/usage: npm run audit:verify \[-- --anchor <seq>:<hash>\]/);
    expect(badAnchor.code).toBe(2);

    const missing = await verifyCommand({ PGLITE_DIR: join(dir, 'nothing-here') });
    expect(missing.stderr).toMatch(/no embedded database in PGLITE_DIR=/);
    expect(missing.code).toBe(2);

    const badUrl = await verifyCommand({ DATABASE_URL: 'mysql://localhost/x' });
    expect(badUrl.stderr).toMatch(/DATABASE_URL: must start with postgres:\/\//);
    expect(badUrl.code).toBe(2);
  });
});
