// The recording and audit log endpoints over HTTP, on the real PostgreSQL and a real folder of
// recording files, behind the real token check: only auditors fetch a recording, every fetch
// is in the audit log (who, when, why) before the file is sent, and the chain verifies.
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAuditLogStore } from '../../src/adapters/db/audit-log-store.js';
import { createCallRecordsStore } from '../../src/adapters/db/call-records-store.js';
import { migrate } from '../../src/adapters/db/migrate.js';
import { createRecordingsStore } from '../../src/adapters/db/recordings-store.js';
import { createRecordingFolder } from '../../src/adapters/files/recording-folder.js';
import { auditRoutes } from '../../src/adapters/http/audit-routes.js';
import { createHttpApp } from '../../src/adapters/http/create-http-app.js';
import { recordingRoutes } from '../../src/adapters/http/recording-routes.js';
import { createRecordingAccess } from '../../src/app/audit/recording-access.js';
import { BOOTSTRAP_ADMIN } from '../../src/app/access/api-tokens.js';
import type { AuditEntry, AuditLog } from '../../src/ports/audit/audit-log.js';
import type { CallRecords } from '../../src/ports/call/call-records.js';
import type { Recordings } from '../../src/ports/audit/recordings.js';
import { testApiTokens, TEST_ADMIN_TOKEN } from '../support/api-access.js';
import { asOwnerWithoutTriggers } from '../support/audit-log-contract.js';
import { createPostgresTestDatabase, type TestDatabase } from '../support/db-fixtures.js';

let testDb: TestDatabase;
let records: CallRecords;
let recordings: Recordings;
let audit: AuditLog;
let dir: string;
let server: Server;
let base: string;
const tokens: Record<'auditor' | 'supervisor', string> = { auditor: '', supervisor: '' };
const NOW = new Date('2026-03-02T10:00:00.000Z');

/** A few bytes that look like the start of a WAV file, plus random content. */
const wavBytes = Buffer.concat([Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt ', 'latin1'), randomBytes(4000)]);

beforeAll(async () => {
  testDb = await createPostgresTestDatabase();
  await migrate(testDb.db);
  records = createCallRecordsStore(testDb.db);
  recordings = createRecordingsStore(testDb.db);
  audit = createAuditLogStore(testDb.db);
  dir = await mkdtemp(join(tmpdir(), 'hotline-recordings-'));
  const access = testApiTokens(testDb.db, { audit });
  tokens.auditor = (await access.issue(BOOTSTRAP_ADMIN, { name: 'auditor-li', role: 'auditor', agentId: null })).token;
  tokens.supervisor = (await access.issue(BOOTSTRAP_ADMIN, { name: 'supervisor-wang', role: 'supervisor', agentId: null })).token;
  const app = createHttpApp(
    [recordingRoutes(createRecordingAccess({ records, recordings, files: createRecordingFolder(dir), audit, now: () => NOW })), auditRoutes(audit)],
    pino({ level: 'silent' }),
    access,
  );
  server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await testDb?.dispose();
  if (dir) await rm(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  await testDb.db.exec('TRUNCATE calls CASCADE');
});

async function get(path: string, token: string | null = tokens.auditor) {
  const res = await fetch(base + path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const bytes = Buffer.from(await res.arrayBuffer());
  const json = res.headers.get('content-type')?.startsWith('application/json') ? (JSON.parse(bytes.toString('utf8')) as Record<string, unknown>) : null;
  return { status: res.status, headers: res.headers, bytes, json };
}
const errorOf = (json: Record<string, unknown> | null) => json?.error as { code: string; message: string };

async function recordedCall(callId: string, opts: { file?: boolean; deletedAt?: Date } = {}): Promise<string> {
  await records.openCall({ callId, channelId: `PJSIP/trunk-${callId}`, callerNumber: '13800138000', dialedNumber: '12345', startedAt: new Date('2026-03-01T09:00:00Z') });
  const name = `call-${callId}`;
  await recordings.add({ callId, name, format: 'wav', bridgeId: `bridge-${callId}`, startedAt: new Date('2026-03-01T09:00:10Z') });
  if (opts.file !== false) await writeFile(join(dir, `${name}.wav`), wavBytes);
  if (opts.deletedAt) await recordings.markDeleted(name, opts.deletedAt);
  return name;
}
const accessEntries = async (callId: string): Promise<AuditEntry[]> =>
  audit.list({ kind: 'recording_access', subject: `recording:${callId}`, limit: 50, offset: 0 });
const reason = encodeURIComponent('市民投诉 12345-2026-000321 核查通话内容');

describe('GET /api/calls/:id/recording', () => {
  it('sends the WAV to an auditor and first writes who, when and why to the audit log', async () => {
    const name = await recordedCall('1772355600.11');
    const r = await get(`/api/calls/1772355600.11/recording?reason=${reason}`);

    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('audio/wav');
    expect(r.headers.get('content-disposition')).toBe(`attachment; filename="${name}.wav"`);
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(r.bytes.equals(wavBytes)).toBe(true);
    const [entry, ...more] = await accessEntries('1772355600.11');
    expect(more).toEqual([]);
    expect(entry).toMatchObject({
      kind: 'recording_access',
      at: NOW,
      actor: 'token:auditor-li',
      subject: 'recording:1772355600.11',
      data: { reason: '市民投诉 12345-2026-000321 核查通话内容', name },
    });
    expect(await audit.verify()).toMatchObject({ ok: true });
  });

  it.each([
    ['no reason', '', /reason: is required/],
    ['a reason of blanks', '?reason=%20%20%20%20%20%20', /at least 5 characters/],
    ['a reason too short', '?reason=why', /at least 5 characters/],
    ['a reason too long', `?reason=${'x'.repeat(501)}`, /at most 500 characters/],
    ['an unknown parameter', `?reason=${reason}&download=1`, /download/],
    // PostgreSQL cannot store a NUL: once a 503 (audit-unavailable), now refused at the boundary
    ['a reason of NULs', `?reason=${'%00'.repeat(10)}`, /NUL/],
    ['a reason with a NUL inside', `?reason=${reason}%00`, /NUL/],
  ])('answers 400 for %s and writes nothing to the audit log', async (_case, query, message) => {
    await recordedCall('c-400');
    const r = await get(`/api/calls/c-400/recording${query}`);
    expect(r.status).toBe(400);
    expect(errorOf(r.json).message).toMatch(message);
    expect(await accessEntries('c-400')).toEqual([]);
  });

  it('answers 404 for an unknown call, a call without recording, and a missing file; 410 once retention deleted it', async () => {
    expect(await get(`/api/calls/no-such-call/recording?reason=${reason}`)).toMatchObject({ status: 404, json: { error: { message: 'No call with id no-such-call' } } });

    await records.openCall({ callId: 'c-plain', channelId: 'PJSIP/x', callerNumber: '13800138000', dialedNumber: '12345', startedAt: NOW });
    expect(await get(`/api/calls/c-plain/recording?reason=${reason}`)).toMatchObject({ status: 404, json: { error: { message: 'Call c-plain has no recording' } } });

    await recordedCall('c-nofile', { file: false });
    expect(await get(`/api/calls/c-nofile/recording?reason=${reason}`)).toMatchObject({ status: 404, json: { error: { code: 'recording-file-missing' } } });

    await recordedCall('c-gone', { deletedAt: new Date('2026-02-01T00:00:00Z') });
    const gone = await get(`/api/calls/c-gone/recording?reason=${reason}`);
    expect(gone.status).toBe(410);
    expect(errorOf(gone.json)).toMatchObject({ code: 'recording-deleted', message: expect.stringMatching(/deleted at 2026-02-01T00:00:00.000Z/) });
    for (const id of ['c-plain', 'c-nofile', 'c-gone']) expect(await accessEntries(id)).toEqual([]);
  });

  it('is for auditors only: 401 without a token, 403 for a supervisor and for the admin, nothing audited', async () => {
    await recordedCall('c-roles');
    const path = `/api/calls/c-roles/recording?reason=${reason}`;
    expect((await get(path, null)).status).toBe(401);
    const supervisor = await get(path, tokens.supervisor);
    expect(supervisor.status).toBe(403);
    expect(errorOf(supervisor.json).message).toMatch(/needs role auditor/);
    expect((await get(path, TEST_ADMIN_TOKEN)).status).toBe(403);
    expect(await accessEntries('c-roles')).toEqual([]);
  });

  it('sends nothing (503) when the access cannot be written to the audit log', async () => {
    await recordedCall('c-noaudit');
    await testDb.db.exec('ALTER TABLE audit_log ADD CONSTRAINT refuse_all CHECK (false) NOT VALID');
    try {
      const r = await get(`/api/calls/c-noaudit/recording?reason=${reason}`);
      expect(r.status).toBe(503);
      expect(errorOf(r.json).code).toBe('audit-unavailable');
      expect(r.bytes.includes(wavBytes.subarray(0, 12))).toBe(false);
    } finally {
      await testDb.db.exec('ALTER TABLE audit_log DROP CONSTRAINT refuse_all');
    }
  });
});

describe('GET /api/audit and /api/audit/verify', () => {
  it('lists entries newest first, filtered by kind, subject and time', async () => {
    await recordedCall('c-list');
    await get(`/api/calls/c-list/recording?reason=${reason}`);
    await get(`/api/calls/c-list/recording?reason=${encodeURIComponent('second listen for the report')}`);

    const bySubject = await get('/api/audit?subject=recording:c-list');
    expect(bySubject.status).toBe(200);
    const entries = bySubject.json?.entries as Array<Record<string, unknown>>;
    expect(entries.map((e) => (e.data as { reason: string }).reason)).toEqual(['second listen for the report', '市民投诉 12345-2026-000321 核查通话内容']);
    expect(entries[0]).toMatchObject({ kind: 'recording_access', actor: 'token:auditor-li', at: NOW.toISOString(), hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(bySubject.json).toMatchObject({ limit: 50, offset: 0 });

    const tokensMade = await get('/api/audit?kind=role_change&limit=10');
    expect((tokensMade.json?.entries as unknown[]).length).toBe(2);
    const window = await get(`/api/audit?subject=recording:c-list&from=${encodeURIComponent('2026-03-02T18:00:00+08:00')}&to=${encodeURIComponent('2026-03-02T18:00:00.001+08:00')}`);
    expect((window.json?.entries as unknown[]).length).toBe(2);
    const before = await get(`/api/audit?subject=recording:c-list&to=${encodeURIComponent('2026-03-02T18:00:00+08:00')}`);
    expect(before.json?.entries).toEqual([]);
  });

  it.each([
    ['an unknown kind', '?kind=coffee', /kind: must be one of call_ended/],
    ['a time without offset', '?from=2026-03-02T10:00:00', /from: must be an ISO 8601 time/],
    ['from after to', `?from=${encodeURIComponent('2026-03-03T00:00:00Z')}&to=${encodeURIComponent('2026-03-02T00:00:00Z')}`, /from must not be after to/],
    ['a limit over 500', '?limit=501', /limit/],
    ['a subject with spaces', '?subject=recording%3A%20x', /subject: must look like/],
    ['an unknown parameter', '?actor=token:x', /actor/],
  ])('answers 400 for %s', async (_case, query, message) => {
    const r = await get(`/api/audit${query}`);
    expect(r.status).toBe(400);
    expect(errorOf(r.json).message).toMatch(message);
  });

  it('verifies the chain, and names the row changed behind the app', async () => {
    const ok = await get('/api/audit/verify');
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ ok: true, entries: expect.any(Number), lastHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const kept = `${String(ok.json?.lastSeq)}:${String(ok.json?.lastHash)}`;
    expect((await get(`/api/audit/verify?anchor=${kept}`)).json).toMatchObject({ ok: true });
    const badAnchor = await get('/api/audit/verify?anchor=12');
    expect(badAnchor.status).toBe(400);
    expect(errorOf(badAnchor.json).message).toMatch(/anchor: must be "<seq>:<hash>"/);

    await asOwnerWithoutTriggers(testDb.db, `UPDATE audit_log SET data = jsonb_set(data, '{reason}', '"routine check"') WHERE seq = 3`);
    const broken = await get('/api/audit/verify');
    expect(broken.json).toMatchObject({ ok: false, brokenAtSeq: 3, entries: 2, reason: expect.stringMatching(/hash mismatch/) });
  });

  it('is for auditors only', async () => {
    expect((await get('/api/audit/verify', tokens.supervisor)).status).toBe(403);
    expect((await get('/api/audit', TEST_ADMIN_TOKEN)).status).toBe(403);
    expect((await get('/api/audit', null)).status).toBe(401);
  });
});
