// Recording access (录音调阅): an auditor fetches a call's recording, saying why. Every access
// is appended to the audit log — who, when, the stated reason — before the file is handed out;
// if that append fails, the file is not handed out (RecordingAccessError 'audit-unavailable').
import type { AuditLog } from '../../ports/audit/audit-log.js';
import type { CallRecords } from '../../ports/call/call-records.js';
import type { Logger } from '../../ports/logger.js';
import type { RecordingFileName, RecordingRecord, Recordings } from '../../ports/audit/recordings.js';
import { NamedError } from '../../domain/shared/named-error.js';

/** A stated reason is 5 to 500 characters once trimmed. */
export const RECORDING_REASON = { min: 5, max: 500 } as const;

export type RecordingAccessCode =
  | 'bad-request' | 'not-found' | 'recording-deleted' | 'recording-file-missing' | 'audit-unavailable';

/** Why a recording is not handed out; the HTTP layer maps `code` to a status. */
export class RecordingAccessError extends NamedError {
  constructor(readonly code: RecordingAccessCode, message: string, readonly details?: Record<string, unknown>) {
    super(message);
  }
}

/** The recording files: their size, and a way to read one (a stream, for the HTTP layer). */
export interface RecordingReader<Body> {
  stat(file: RecordingFileName): Promise<{ size: number } | null>;
  open(file: RecordingFileName): Body;
}

export interface RecordingAccessDeps<Body> {
  records: Pick<CallRecords, 'getCall'>;
  recordings: Pick<Recordings, 'forCall'>;
  files: RecordingReader<Body>;
  audit: Pick<AuditLog, 'append'>;
  now: () => Date;
  logger?: Logger;
}

/** Handed out only once the access is in the audit log. `open` reads the file (not before it is needed). */
export interface RecordingGrant<Body> {
  recording: RecordingRecord;
  size: number;
  open: () => Body;
}

export interface RecordingAccess<Body> {
  /** `actor` is who asks (`token:<name>`…); `reason` why. Throws RecordingAccessError. */
  fetch(callId: string, reason: string, actor: string): Promise<RecordingGrant<Body>>;
}

export function createRecordingAccess<Body>(deps: RecordingAccessDeps<Body>): RecordingAccess<Body> {
  return {
    async fetch(callId, givenReason, actor) {
      const reason = givenReason.trim();
      if (reason.length < RECORDING_REASON.min || reason.length > RECORDING_REASON.max) {
        throw new RecordingAccessError('bad-request', `The reason must be ${RECORDING_REASON.min} to ${RECORDING_REASON.max} characters: say why the recording is needed`);
      }
      if (!(await deps.records.getCall(callId))) throw new RecordingAccessError('not-found', `No call with id ${callId}`);
      const all = await deps.recordings.forCall(callId);
      if (all.length === 0) throw new RecordingAccessError('not-found', `Call ${callId} has no recording`);
      const recording = all.find((r) => r.deletedAt === null);
      if (!recording) {
        const deletedAt = all[0]!.deletedAt!.toISOString();
        throw new RecordingAccessError('recording-deleted', `The recording of call ${callId} was deleted at ${deletedAt} (end of its retention period)`, { deletedAt });
      }
      const file = await deps.files.stat(recording);
      if (!file) {
        throw new RecordingAccessError('recording-file-missing', `The recording file ${recording.name}.${recording.format} of call ${callId} is missing`);
      }

      try {
        await deps.audit.append({
          kind: 'recording_access',
          at: deps.now(),
          actor,
          subject: `recording:${callId}`,
          data: { reason, name: recording.name },
        });
      } catch (err) {
        deps.logger?.error({ err, callId }, 'recording access could not be audited; not sent');
        throw new RecordingAccessError('audit-unavailable', 'The access could not be written to the audit log, so the recording is not sent; try again');
      }
      return { recording, size: file.size, open: () => deps.files.open(recording) };
    },
  };
}
