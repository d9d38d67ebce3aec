// Secrets at rest on the real file system: the embedded database's folder and the queue_log are
// the owner's alone (folders 0700, files 0600), also when an older run left them open, and an
// agent's SIP password never lands in the database files (only its digest credential does).
import { chmod, copyFile, lstat, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAgentDirectoryStore } from '../../src/adapters/db/agent-directory-store.js';
import { migrate, MIGRATIONS_DIR } from '../../src/adapters/db/migrate.js';
import { createPgliteDatabase } from '../../src/adapters/db/pglite-database.js';
import { agentsRoutes } from '../../src/adapters/http/agents-routes.js';
import { createHttpApp } from '../../src/adapters/http/create-http-app.js';
import { createQueueLogFile } from '../../src/adapters/log/queue-log-file.js';
import { createAgentAccounts } from '../../src/app/agent/agent-accounts.js';
import { generateSipPassword } from '../../src/app/agent/agent-sip-password.js';
import { sipMd5Credential } from '../../src/domain/agent/sip-credential.js';
import type { SipProvisioning } from '../../src/ports/agent/sip-provisioning.js';
import { testApiTokens } from '../support/api-access.js';
import { listen } from '../support/http-client.js';

/** Every path under `dir` (itself included) with its permission bits. */
async function modesUnder(dir: string): Promise<Array<{ path: string; dir: boolean; mode: number }>> {
  const info = await lstat(dir);
  const out = [{ path: dir, dir: info.isDirectory(), mode: info.mode & 0o777 }];
  if (info.isDirectory()) for (const name of await readdir(dir)) out.push(...(await modesUnder(join(dir, name))));
  return out;
}

/** Paths whose mode grants anything to group or others (or a folder its owner cannot walk). */
async function looserThanOwnerOnly(dir: string): Promise<string[]> {
  return (await modesUnder(dir))
    .filter((e) => (e.mode & 0o077) !== 0 || (e.dir && e.mode !== 0o700))
    .map((e) => `${e.path} ${e.mode.toString(8)}`);
}

let base: string;
beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'hotline-secrets-'));
});
afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('the embedded database folder (PGLITE_DIR)', () => {
  it('is 0700 with files 0600 after writes and close, and tightens a folder an older run left open', async () => {
    const dataDir = join(base, 'data', 'pglite');
    const first = await createPgliteDatabase({ dataDir });
    await migrate(first);
    await first.exec("CREATE TABLE notes (body text); INSERT INTO notes SELECT repeat('x', 1000) FROM generate_series(1, 2000)");
    await first.close();
    const files = await modesUnder(dataDir);
    expect(files.filter((f) => !f.dir).length).toBeGreaterThan(100);
    expect(await looserThanOwnerOnly(dataDir)).toEqual([]);

    // as PGlite used to leave it: folders 0777, files 0666
    for (const f of files) await chmod(f.path, f.dir ? 0o777 : 0o666);
    expect((await looserThanOwnerOnly(dataDir)).length).toBe(files.length);
    const second = await createPgliteDatabase({ dataDir });
    expect(await looserThanOwnerOnly(dataDir)).toEqual([]);
    expect(await second.query<{ n: number }>('SELECT count(*)::int AS n FROM notes')).toEqual([{ n: 2000 }]);
    await second.close();
  });
});

describe('the queue_log file', () => {
  it('is created 0600 in a 0700 folder, and an existing 0644 file is tightened', async () => {
    const path = join(base, 'log', 'queue_log');
    const log = await createQueueLogFile(path);
    await log.close();
    expect(await looserThanOwnerOnly(join(base, 'log'))).toEqual([]);

    const old = join(base, 'old', 'queue_log');
    await mkdir(join(base, 'old'), { mode: 0o700 });
    await writeFile(old, 'older lines\n', { mode: 0o644 });
    await chmod(old, 0o644);
    const reopened = await createQueueLogFile(old);
    await reopened.close();
    expect((await lstat(old)).mode & 0o777).toBe(0o600);
  });
});

describe('an agent created over the API on the embedded database', () => {
  it('leaves no byte of its SIP password in any file of the database folder', async () => {
    const dataDir = join(base, 'pglite');
    const db = await createPgliteDatabase({ dataDir });
    await migrate(db);
    const provisioning: SipProvisioning = { applyAgentEndpoint: async () => undefined, removeAgentEndpoint: async () => undefined };
    const accounts = createAgentAccounts({ agents: createAgentDirectoryStore(db), provisioning, generateSecret: generateSipPassword });
    const http = await listen(createHttpApp([agentsRoutes(accounts, { sipServer: '127.0.0.1:5060' })], pino({ level: 'silent' }), testApiTokens(db)));
    const passwords: string[] = [];
    try {
      const created = await http.request('POST', '/api/agents', {
        agentId: 'wang-fang', name: '王芳', extension: '2701', skills: { housing: 3 }, languages: ['zh'], group: '一班',
      });
      expect(created.status).toBe(201);
      passwords.push((created.body as { sip: { password: string } }).sip.password);
      const rotated = await http.request('POST', '/api/agents/wang-fang/sip-password');
      expect(rotated.status).toBe(200);
      passwords.push((rotated.body as { sip: { password: string } }).sip.password);
      // a checkpoint writes the pages out of the WAL too
      await db.exec('CHECKPOINT');
    } finally {
      await http.close();
      await db.close();
    }
    expect(passwords.every((p) => /^[A-Za-z0-9]{24}$/.test(p))).toBe(true);
    const files = (await modesUnder(dataDir)).filter((f) => !f.dir);
    expect(files.length).toBeGreaterThan(100);
    const found: string[] = [];
    for (const f of files) {
      const bytes = await readFile(f.path);
      for (const p of passwords) if (bytes.includes(Buffer.from(p, 'utf8'))) found.push(`${f.path}: ${p.slice(0, 4)}…`);
    }
    expect(found).toEqual([]);
  });
});

describe('migration 009 on a database that still has clear passwords', () => {
  it('turns each into its digest credential and drops the clear column, leaving no password in the files', async () => {
    const before = join(base, 'migrations-008');
    await mkdir(before);
    for (const name of await readdir(fileURLToPath(MIGRATIONS_DIR))) {
      if (/^00[1-8]-.*\.sql$/.test(name)) await copyFile(join(fileURLToPath(MIGRATIONS_DIR), name), join(before, name));
    }
    const dataDir = join(base, 'pglite-old');
    const db = await createPgliteDatabase({ dataDir });
    const password = generateSipPassword();
    try {
      await migrate(db, { dir: pathToFileURL(`${before}/`) });
      await db.query(
        "INSERT INTO agents (agent_id, name, extension, agent_group, sip_password) VALUES ('old-hand', '老员工', '2702', '一班', $1)",
        [password],
      );
      // 009 first, then whatever came after it
      expect((await migrate(db))[0]).toBe('009-agent-sip-digest-credentials.sql');
      expect(await createAgentDirectoryStore(db).sipCredentials()).toEqual([{ extension: '2702', md5Cred: sipMd5Credential('2702', password) }]);
      const columns = await db.query<{ column_name: string }>("SELECT column_name FROM information_schema.columns WHERE table_name = 'agents'");
      expect(columns.map((c) => c.column_name)).not.toContain('sip_password');
    } finally {
      await db.close();
    }
    // the agents table was rewritten: no data file of it keeps the password (the WAL of the
    // old insert may, until PostgreSQL recycles it: README says to rotate such passwords)
    const heap: string[] = [];
    for (const f of (await modesUnder(join(dataDir, 'base'))).filter((e) => !e.dir)) {
      if ((await readFile(f.path)).includes(Buffer.from(password, 'utf8'))) heap.push(f.path);
    }
    expect(heap).toEqual([]);
  });
});
