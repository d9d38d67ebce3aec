// The retention sweeper on a real database and a real folder, with a fake clock: recordings
// past the retention period lose their file, their row is marked deleted and the deletion is
// in the audit log, once, even with two app instances sweeping at the same time.
import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAuditLogStore } from '../../src/adapters/db/audit-log-store.js';
import { createCallRecordsStore } from '../../src/adapters/db/call-records-store.js';
import { migrate } from '../../src/adapters/db/migrate.js';
import { createRecordingsStore } from '../../src/adapters/db/recordings-store.js';
import { createRecordingFolder } from '../../src/adapters/files/recording-folder.js';
import { createRecordingRetention } from '../../src/app/audit/recording-retention.js';
import type { AuditLog } from '../../src/ports/audit/audit-log.js';
import type { Recordings } from '../../src/ports/audit/recordings.js';
import { asOwnerWithoutTriggers } from '../support/audit-log-contract.js';
import { testDatabaseFactories, type TestDatabase } from '../support/db-fixtures.js';

const DAY = 24 * 3600 * 1000;

describe.each(testDatabaseFactories)('recording retention on $kind', (factory) => {
  let testDb: TestDatabase;
  let recordings: Recordings;
  let audit: AuditLog;
  let dir: string;
  let clock: Date;
  const now = () => clock;

  beforeAll(async () => {
    testDb = await factory.create();
    await migrate(testDb.db);
    recordings = createRecordingsStore(testDb.db);
    audit = createAuditLogStore(testDb.db);
  });
  afterAll(async () => {
    await testDb?.dispose();
  });
  beforeEach(async () => {
    await testDb.db.exec('TRUNCATE calls CASCADE');
    await asOwnerWithoutTriggers(testDb.db, 'DELETE FROM audit_log');
    dir = await mkdtemp(join(tmpdir(), 'hotline-retention-'));
    clock = new Date('2026-06-01T03:00:00.000Z');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const sweeper = (retentionDays = 180) =>
    createRecordingRetention({ recordings, files: createRecordingFolder(dir), audit, retentionDays, now, batchSize: 2 });

  /** A call recorded `daysAgo` days before the clock; its file is written unless told not to. */
  async function recorded(callId: string, daysAgo: number, file = true): Promise<string> {
    const startedAt = new Date(clock.getTime() - daysAgo * DAY);
    await createCallRecordsStore(testDb.db).openCall({ callId, channelId: `PJSIP/t-${callId}`, callerNumber: '13800138000', dialedNumber: '12345', startedAt });
    const name = `call-${callId}`;
    await recordings.add({ callId, name, format: 'wav', bridgeId: `b-${callId}`, startedAt });
    if (file) await fileWrittenDaysAgo(`${name}.wav`, daysAgo);
    return name;
  }
  async function fileWrittenDaysAgo(fileName: string, daysAgo: number): Promise<void> {
    const path = join(dir, fileName);
    await writeFile(path, 'RIFF....WAVE');
    const when = new Date(clock.getTime() - daysAgo * DAY);
    await utimes(path, when, when);
  }
  const files = async () => (await readdir(dir)).sort();
  const deletions = async () => (await audit.list({ kind: 'recording_deleted', limit: 100, offset: 0 })).reverse();

  it('deletes the files past retention, marks their rows, audits each once, and keeps the rest', async () => {
    const old = await recorded('c-old', 200);
    await recorded('c-old-nofile', 181, false);
    await recorded('c-edge', 179);
    await recorded('c-new', 1);
    for (let i = 0; i < 3; i += 1) await recorded(`c-old-${i}`, 190 + i);
    await fileWrittenDaysAgo('call-lost-row.wav', 300);
    await fileWrittenDaysAgo('call-lost-recent.wav', 2);
    await fileWrittenDaysAgo('notes.txt', 400);

    expect(await sweeper().sweep()).toEqual({ deleted: 5, unrecordedFiles: 1, failed: 0 });

    expect(await files()).toEqual(['call-c-edge.wav', 'call-c-new.wav', 'call-lost-recent.wav', 'notes.txt']);
    expect(await recordings.byName(old)).toMatchObject({ deletedAt: clock });
    expect(await recordings.byName('call-c-edge')).toMatchObject({ deletedAt: null });
    const entries = await deletions();
    expect(entries.map((e) => e.subject)).toEqual([
      'recording:c-old', 'recording:c-old-2', 'recording:c-old-1', 'recording:c-old-0', 'recording:c-old-nofile', 'recording-file:call-lost-row.wav',
    ]);
    expect(entries[0]).toMatchObject({
      actor: 'system:retention',
      at: clock,
      data: { name: old, format: 'wav', retentionDays: 180, file: 'removed', startedAt: new Date(clock.getTime() - 200 * DAY).toISOString() },
    });
    expect(entries[4]?.data).toMatchObject({ file: 'missing' });
    expect(entries[5]?.data).toMatchObject({ unrecorded: true });
    expect(await audit.verify()).toMatchObject({ ok: true, entries: 6 });

    expect(await sweeper().sweep()).toEqual({ deleted: 0, unrecordedFiles: 0, failed: 0 });
    clock = new Date(clock.getTime() + 2 * DAY);
    expect(await sweeper().sweep()).toEqual({ deleted: 1, unrecordedFiles: 0, failed: 0 });
    expect(await files()).toEqual(['call-c-new.wav', 'call-lost-recent.wav', 'notes.txt']);
  });

  it('follows the retention setting', async () => {
    await recorded('c-8-days', 8);
    await recorded('c-6-days', 6);
    expect(await sweeper(7).sweep()).toMatchObject({ deleted: 1 });
    expect(await files()).toEqual(['call-c-6-days.wav']);
  });

  it('keeps a recording it cannot delete for the next sweep, and goes on with the others', async () => {
    await recorded('c-stuck', 200, false);
    await mkdir(join(dir, 'call-c-stuck.wav'));
    await recorded('c-fine', 200);

    expect(await sweeper().sweep()).toEqual({ deleted: 1, unrecordedFiles: 0, failed: 1 });
    expect(await recordings.byName('call-c-stuck')).toMatchObject({ deletedAt: null });
    expect((await deletions()).map((e) => e.subject)).toEqual(['recording:c-fine']);

    await rm(join(dir, 'call-c-stuck.wav'), { recursive: true });
    expect(await sweeper().sweep()).toEqual({ deleted: 1, unrecordedFiles: 0, failed: 0 });
  });

  it('audits each deletion once when two instances sweep at the same time', async () => {
    for (let i = 0; i < 6; i += 1) await recorded(`c-${i}`, 200);
    const results = await Promise.all([sweeper().sweep(), sweeper().sweep()]);
    expect(results[0]!.deleted + results[1]!.deleted).toBe(6);
    expect(results.every((r) => r.failed === 0)).toBe(true);
    expect((await deletions()).map((e) => e.subject).sort()).toEqual(Array.from({ length: 6 }, (_, i) => `recording:c-${i}`));
    expect(await files()).toEqual([]);
  });

  it('sweeps once at start, then on its interval; stop waits for a running sweep', async () => {
    await recorded('c-start', 200);
    const retention = sweeper();
    retention.start(3_600_000);
    await retention.stop();
    expect(await files()).toEqual([]);
    expect((await deletions()).map((e) => e.subject)).toEqual(['recording:c-start']);
  });
});
