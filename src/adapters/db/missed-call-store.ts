// The MissedCallStore port on SQL (PostgreSQL or PGlite): missed-call callbacks (漏接回拨) are rows
// of the callbacks table with origin 'missed_call'. Unique partial indexes (migration 014) keep
// one per call and one pending per number, whoever stores them.
import type { CallbackRecord } from '../../ports/callback/callback-store.js';
import type { MissedCallFigures, MissedCallStore, NewMissedCallCallback } from '../../ports/callback/missed-call-store.js';
import { COLUMNS, toRecord, type CallbackRow } from './callback-store.js';
import type { Database } from './database.js';

const PENDING = `('waiting', 'delivering', 'retry_wait')`;

// held in quiet hours: stored waiting for its "retry" at the end of them (the retry machinery requeues it)
const CREATE = `
  INSERT INTO callbacks (id, origin, call_id, queue_id, number, queued_at, priority, status, next_attempt_at, created_at, updated_at)
  SELECT $1, 'missed_call', $2, $3, $4, $5, $6,
         CASE WHEN $7::timestamptz IS NULL THEN 'waiting' ELSE 'retry_wait' END, $7::timestamptz, $8, $8
  WHERE NOT EXISTS (SELECT 1 FROM callbacks WHERE number = $4 AND status IN ${PENDING})
  ON CONFLICT DO NOTHING
  RETURNING ${COLUMNS}`;
const FOR_NUMBER = `
  SELECT ${COLUMNS} FROM callbacks
  WHERE number = $1 AND (status IN ${PENDING} OR (status = 'completed' AND completed_at > $2))
  ORDER BY queued_at, id`;
const PENDING_FOR_NUMBER = `
  SELECT ${COLUMNS} FROM callbacks
  WHERE origin = 'missed_call' AND number = $1 AND status IN ('waiting', 'retry_wait') AND queued_at < $2
  ORDER BY queued_at, id`;
const CANCEL = `
  UPDATE callbacks SET status = 'cancelled', last_result = $2, next_attempt_at = NULL, updated_at = $3
  WHERE id = $1 AND origin = 'missed_call' AND status IN ('waiting', 'retry_wait') RETURNING ${COLUMNS}`;
const HOLD = `
  UPDATE callbacks SET status = 'retry_wait', next_attempt_at = $2, updated_at = $3
  WHERE id = $1 AND origin = 'missed_call' AND status = 'waiting' RETURNING ${COLUMNS}`;
// started_at bounds the scan to the calls index (no call lasts half a day)
const UNHANDLED = `
  SELECT c.call_id FROM calls c
  WHERE c.started_at >= $1::timestamptz - interval '12 hours' AND c.started_at < $2
    AND c.outcome = 'abandoned_in_queue' AND c.ended_at >= $1 AND c.ended_at < $2
    AND EXISTS (
      SELECT 1 FROM call_events e
      WHERE e.call_id = c.call_id AND e.type = 'abandoned'
        AND (CASE WHEN jsonb_typeof(e.data -> 'waitedMs') = 'number' THEN (e.data ->> 'waitedMs')::float8 END) >= $3)
    AND NOT EXISTS (SELECT 1 FROM callbacks b WHERE b.call_id = c.call_id AND b.origin = 'missed_call')
  ORDER BY c.ended_at LIMIT $4`;
const FIGURES = `
  SELECT count(*)::int AS entries,
         count(*) FILTER (WHERE status = 'completed')::int AS reached,
         count(*) FILTER (WHERE status = 'failed_follow_up')::int AS not_reached,
         count(*) FILTER (WHERE status = 'cancelled' AND last_result = $3)::int AS cancelled_called_again,
         count(*) FILTER (WHERE status = 'cancelled' AND last_result IS DISTINCT FROM $3)::int AS cancelled_other,
         count(*) FILTER (WHERE status IN ${PENDING})::int AS pending
  FROM callbacks WHERE origin = 'missed_call' AND created_at >= $1 AND created_at < $2`;

interface FiguresRow {
  entries: number;
  reached: number;
  not_reached: number;
  cancelled_called_again: number;
  cancelled_other: number;
  pending: number;
}

export function createMissedCallStore(db: Database, calledAgainResult: string): MissedCallStore {
  const one = async (sql: string, params: unknown[]): Promise<CallbackRecord | null> => {
    const [row] = await db.query<CallbackRow>(sql, params);
    return row ? toRecord(row) : null;
  };
  const many = async (sql: string, params: unknown[]) => (await db.query<CallbackRow>(sql, params)).map(toRecord);
  return {
    create: (c: NewMissedCallCallback) => one(CREATE, [c.id, c.callId, c.queueId, c.number, c.queuedAt, c.priority, c.holdUntil, c.at]),
    forNumber: (number, since) => many(FOR_NUMBER, [number, since]),
    pendingForNumber: (number, before) => many(PENDING_FOR_NUMBER, [number, before]),
    cancel: (id, reason, at) => one(CANCEL, [id, reason, at]),
    hold: (id, until, at) => one(HOLD, [id, until, at]),
    async listUnhandled(from, to, minWaitMs, limit) {
      return (await db.query<{ call_id: string }>(UNHANDLED, [from, to, minWaitMs, limit])).map((r) => r.call_id);
    },
    async figures(from, to): Promise<MissedCallFigures> {
      const [r] = await db.query<FiguresRow>(FIGURES, [from, to, calledAgainResult]);
      const n = (v: unknown) => Number(v ?? 0);
      return {
        entries: n(r?.entries),
        reached: n(r?.reached),
        notReached: n(r?.not_reached),
        cancelledCalledAgain: n(r?.cancelled_called_again),
        cancelledOther: n(r?.cancelled_other),
        pending: n(r?.pending),
      };
    },
  };
}
