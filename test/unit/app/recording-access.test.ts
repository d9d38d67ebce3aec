import { describe, expect, it } from 'vitest';
import { createRecordingAccess, RecordingAccessError } from '../../../src/app/audit/recording-access.js';
import type { AuditEntryInput } from '../../../src/ports/audit/audit-log.js';
import type { CallRecords } from '../../../src/ports/call/call-records.js';
import type { RecordingFileName, RecordingRecord } from '../../../src/ports/audit/recordings.js';
import type { Logger } from '../../../src/ports/logger.js';

const NOW = new Date('2026-12-05T08:00:00Z');
const REASON = '市民投诉复核 case 2026-118';

const recording = (name: string, deletedAt: Date | null = null): RecordingRecord => ({
  callId: 'c1', name, format: 'wav', bridgeId: 'b1', startedAt: new Date('2026-12-01T09:00:00Z'), deletedAt,
});

interface Setup {
  calls?: string[];
  recordings?: RecordingRecord[];
  files?: Record<string, number>;
  auditFails?: boolean;
}

function setup(s: Setup = {}) {
  const calls = s.calls ?? ['c1'];
  const files = s.files ?? { 'rec-1.wav': 1234 };
  const entries: AuditEntryInput[] = [];
  const opened: string[] = [];
  const errors: string[] = [];
  const logger: Logger = {
    child: () => logger, debug: () => undefined, info: () => undefined, warn: () => undefined,
    error: (_obj, msg) => { errors.push(msg ?? ''); },
  };
  const key = (f: RecordingFileName) => `${f.name}.${f.format}`;
  const access = createRecordingAccess<string>({
    records: { getCall: async (id) => (calls.includes(id) ? ({ callId: id } as Awaited<ReturnType<CallRecords['getCall']>>) : null) },
    recordings: { forCall: async (id) => (id === 'c1' ? (s.recordings ?? [recording('rec-1')]) : []) },
    files: {
      stat: async (f) => (key(f) in files ? { size: files[key(f)]! } : null),
      open: (f) => { opened.push(key(f)); return `bytes of ${key(f)}`; },
    },
    audit: {
      async append(entry) {
        if (s.auditFails) throw new Error('audit log down');
        entries.push(entry);
        return { ...entry, seq: entries.length, prevHash: '', hash: 'h' };
      },
    },
    now: () => NOW,
    logger,
  });
  return { access, entries, opened, errors };
}

const codeOf = (p: Promise<unknown>) => p.then(() => 'handed out', (err: unknown) => (err instanceof RecordingAccessError ? err.code : String(err)));

describe('recording access', () => {
  it('audits the access (who, when, the reason) before handing out the file', async () => {
    const { access, entries, opened } = setup();
    const grant = await access.fetch('c1', REASON, 'token:auditor');
    expect(entries).toEqual([{ kind: 'recording_access', at: NOW, actor: 'token:auditor', subject: 'recording:c1', data: { reason: REASON, name: 'rec-1' } }]);
    expect(opened).toEqual([]);
    expect(grant.size).toBe(1234);
    expect(grant.recording.name).toBe('rec-1');
    expect(grant.open()).toBe('bytes of rec-1.wav');
  });

  it('hands out nothing when the audit entry cannot be written', async () => {
    const { access, opened, errors } = setup({ auditFails: true });
    expect(await codeOf(access.fetch('c1', REASON, 'token:auditor'))).toBe('audit-unavailable');
    expect(opened).toEqual([]);
    expect(errors).toEqual(['recording access could not be audited; not sent']);
  });

  it.each([
    ['a reason too short', { }, 'c1', '  abc  ', 'bad-request'],
    ['a reason too long', { }, 'c1', 'x'.repeat(501), 'bad-request'],
    ['an unknown call', { }, 'c9', REASON, 'not-found'],
    ['a call without a recording', { calls: ['c1', 'c2'] }, 'c2', REASON, 'not-found'],
    ['a recording deleted by retention', { recordings: [recording('rec-1', new Date('2026-12-04T00:00:00Z'))] }, 'c1', REASON, 'recording-deleted'],
    ['a recording whose file is gone', { files: {} }, 'c1', REASON, 'recording-file-missing'],
  ] as Array<[string, Setup, string, string, string]>)('refuses %s, and audits nothing', async (_name, s, callId, reason, code) => {
    const { access, entries, opened } = setup(s);
    expect(await codeOf(access.fetch(callId, reason, 'token:auditor'))).toBe(code);
    expect(entries).toEqual([]);
    expect(opened).toEqual([]);
  });

  it('says when a deleted recording was deleted', async () => {
    const { access } = setup({ recordings: [recording('rec-1', new Date('2026-12-04T00:00:00Z'))] });
    const err = await access.fetch('c1', REASON, 'token:auditor').catch((e: unknown) => e);
    expect((err as RecordingAccessError).details).toEqual({ deletedAt: '2026-12-04T00:00:00.000Z' });
  });
});
