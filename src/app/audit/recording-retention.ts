// Retention of conversation recordings (personal data): recordings older than the retention
// period are deleted. For each, the file goes first, then the row is marked deleted, then the
// deletion is appended to the audit log, so a sweep stopped half-way is finished by the next one.
// Several app instances may sweep at once: only the one that marks the row writes the entry.
// Files no row knows (the row could not be written when the recording started) are deleted
// once their last write is older than the retention period, and audited too.
import type { AuditLog } from '../../ports/audit/audit-log.js';
import type { Logger } from '../../ports/logger.js';
import type { RecordingFiles, Recordings } from '../../ports/audit/recordings.js';

export interface RecordingRetentionDeps {
  recordings: Recordings;
  files: RecordingFiles;
  audit: AuditLog;
  retentionDays: number;
  now: () => Date;
  logger?: Logger;
  /** Rows handled per round (default 200). */
  batchSize?: number;
}

export interface SweepResult {
  /** Recordings whose rows this sweep marked deleted. */
  deleted: number;
  /** Files without a row that this sweep deleted. */
  unrecordedFiles: number;
  /** Recordings that could not be deleted now (kept for the next sweep). */
  failed: number;
}

export interface RecordingRetention {
  sweep(): Promise<SweepResult>;
  /** Sweeps now and then every `intervalMs`; a sweep still running is not started twice. */
  start(intervalMs: number): void;
  stop(): Promise<void>;
}

const DAY_MS = 24 * 3600 * 1000;

export function createRecordingRetention(deps: RecordingRetentionDeps): RecordingRetention {
  const { recordings, files, audit } = deps;
  const batch = deps.batchSize ?? 200;
  const log = deps.logger?.child({ component: 'recording-retention' });
  let timer: ReturnType<typeof setInterval> | null = null;
  let running: Promise<SweepResult> | null = null;

  async function sweepRows(cutoff: Date, result: SweepResult): Promise<void> {
    const failedNames = new Set<string>();
    for (;;) {
      const due = (await recordings.expiring(cutoff, batch + failedNames.size)).filter((r) => !failedNames.has(r.name));
      if (due.length === 0) return;
      for (const recording of due) {
        try {
          const file = await files.remove(recording);
          const at = deps.now();
          if (!(await recordings.markDeleted(recording.name, at))) continue;
          await audit.append({
            kind: 'recording_deleted',
            at,
            actor: 'system:retention',
            subject: `recording:${recording.callId}`,
            data: {
              name: recording.name,
              format: recording.format,
              startedAt: recording.startedAt.toISOString(),
              retentionDays: deps.retentionDays,
              file,
            },
          });
          result.deleted += 1;
        } catch (err) {
          failedNames.add(recording.name);
          result.failed += 1;
          log?.error({ err, name: recording.name }, 'could not delete a recording past its retention; the next sweep tries again');
        }
      }
    }
  }

  async function sweepUnrecordedFiles(cutoff: Date, result: SweepResult): Promise<void> {
    for (const file of await files.listOlderThan(cutoff)) {
      try {
        if (await recordings.byName(file.name)) continue;
        if ((await files.remove(file)) !== 'removed') continue;
        await audit.append({
          kind: 'recording_deleted',
          at: deps.now(),
          actor: 'system:retention',
          subject: `recording-file:${file.name}.${file.format}`,
          data: { name: file.name, format: file.format, retentionDays: deps.retentionDays, file: 'removed', unrecorded: true },
        });
        result.unrecordedFiles += 1;
      } catch (err) {
        result.failed += 1;
        log?.error({ err, file: `${file.name}.${file.format}` }, 'could not delete an old recording file');
      }
    }
  }

  async function sweep(): Promise<SweepResult> {
    const cutoff = new Date(deps.now().getTime() - deps.retentionDays * DAY_MS);
    const result: SweepResult = { deleted: 0, unrecordedFiles: 0, failed: 0 };
    await sweepRows(cutoff, result);
    await sweepUnrecordedFiles(cutoff, result);
    if (result.deleted + result.unrecordedFiles + result.failed > 0) {
      log?.info({ ...result, cutoff: cutoff.toISOString() }, 'recording retention sweep');
    }
    return result;
  }

  function tick(): void {
    if (running) return;
    running = sweep()
      .catch((err: unknown) => {
        log?.error({ err }, 'recording retention sweep failed; it runs again at the next interval');
        return { deleted: 0, unrecordedFiles: 0, failed: 0 };
      })
      .finally(() => {
        running = null;
      });
  }

  return {
    sweep,
    start(intervalMs) {
      if (timer) return;
      tick();
      timer = setInterval(tick, intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },
  };
}
