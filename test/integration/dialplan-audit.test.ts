// Dialplan changes reach the audit log: real files in a temp folder, the real audit store on
// PostgreSQL; a restart (a new checker) records only what changed meanwhile.
import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditLogStore } from '../../src/adapters/db/audit-log-store.js';
import { migrate } from '../../src/adapters/db/migrate.js';
import { configFileHashes } from '../../src/adapters/files/config-file-hashes.js';
import { createDialplanAudit } from '../../src/app/audit/dialplan-audit.js';
import { createPostgresTestDatabase, type TestDatabase } from '../support/db-fixtures.js';

let testDb: TestDatabase;
let dir: string;

beforeAll(async () => {
  testDb = await createPostgresTestDatabase();
  await migrate(testDb.db);
  dir = await mkdtemp(join(tmpdir(), 'dialplans-'));
  await writeFile(join(dir, 'extensions.conf'), '[from-carrier]\nexten => 12345,1,Stasis(hotline)\n');
  await writeFile(join(dir, 'queues.conf'), '[hotline-general]\n');
  await writeFile(join(dir, 'README.md'), 'not a configuration file');
});

afterAll(async () => {
  await testDb?.dispose();
  await rm(dir, { recursive: true, force: true });
});

const checker = () =>
  createDialplanAudit({ audit: createAuditLogStore(testDb.db), currentHashes: () => configFileHashes(dir), now: () => new Date(), logger: pino({ level: 'silent' }) });

describe('dialplan changes in the audit log', () => {
  it('records every file once, then only what changed, across restarts; the chain verifies', async () => {
    const audit = createAuditLogStore(testDb.db);
    expect(await checker().check()).toBe(2);
    expect(await checker().check()).toBe(0);

    await writeFile(join(dir, 'extensions.conf'), '[from-carrier]\nexten => 12345,1,Stasis(hotline,inbound,general)\n');
    await unlink(join(dir, 'queues.conf'));
    expect(await checker().check()).toBe(2);
    expect(await checker().check()).toBe(0);

    const entries = await audit.list({ kind: 'dialplan_change', limit: 50, offset: 0 });
    expect(entries.map((e) => [e.subject, e.data.change]).reverse()).toEqual([
      ['dialplan:extensions.conf', 'added'],
      ['dialplan:queues.conf', 'added'],
      ['dialplan:extensions.conf', 'changed'],
      ['dialplan:queues.conf', 'removed'],
    ]);
    const changed = entries.find((e) => e.data.change === 'changed')!;
    expect(changed.data.before).not.toEqual(changed.data.after);
    expect(await audit.verify()).toMatchObject({ ok: true, entries: 4 });
  });
});
