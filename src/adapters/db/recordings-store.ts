// The Recordings port on SQL (PostgreSQL or PGlite): one row per recording, linked to its call.
import type { NewRecording, RecordingRecord, Recordings } from '../../ports/audit/recordings.js';
import type { Database } from './database.js';

interface RecordingRow {
  call_id: string;
  name: string;
  format: string;
  bridge_id: string;
  started_at: Date;
  deleted_at: Date | null;
}

const COLUMNS = 'call_id, name, format, bridge_id, started_at, deleted_at';
const ADD = `
  INSERT INTO recordings (call_id, name, format, bridge_id, started_at)
  VALUES ($1, $2, $3, $4, $5)
  ON CONFLICT (name) DO NOTHING`;
const FOR_CALL = `SELECT ${COLUMNS} FROM recordings WHERE call_id = $1 ORDER BY started_at DESC, id DESC`;
const BY_NAME = `SELECT ${COLUMNS} FROM recordings WHERE name = $1`;
const EXPIRING = `
  SELECT ${COLUMNS} FROM recordings
  WHERE deleted_at IS NULL AND started_at < $1
  ORDER BY started_at, id
  LIMIT $2`;
const MARK_DELETED = 'UPDATE recordings SET deleted_at = $2 WHERE name = $1 AND deleted_at IS NULL RETURNING name';

export function createRecordingsStore(db: Database): Recordings {
  return {
    async add(r: NewRecording): Promise<void> {
      await db.query(ADD, [r.callId, r.name, r.format, r.bridgeId, r.startedAt]);
    },
    async forCall(callId: string): Promise<RecordingRecord[]> {
      return (await db.query<RecordingRow>(FOR_CALL, [callId])).map(toRecord);
    },
    async byName(name: string): Promise<RecordingRecord | null> {
      const [row] = await db.query<RecordingRow>(BY_NAME, [name]);
      return row ? toRecord(row) : null;
    },
    async expiring(cutoff: Date, limit: number): Promise<RecordingRecord[]> {
      return (await db.query<RecordingRow>(EXPIRING, [cutoff, limit])).map(toRecord);
    },
    async markDeleted(name: string, at: Date): Promise<boolean> {
      return (await db.query(MARK_DELETED, [name, at])).length > 0;
    },
  };
}

function toRecord(row: RecordingRow): RecordingRecord {
  return {
    callId: row.call_id,
    name: row.name,
    format: row.format,
    bridgeId: row.bridge_id,
    startedAt: row.started_at,
    deletedAt: row.deleted_at,
  };
}
