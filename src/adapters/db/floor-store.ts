// The FloorStore port on SQL (PostgreSQL or PGlite): the facts of queued calls (first time in a
// queue, first agent answer, abandoned), the calls in progress and the abandoned calls with the
// callback left for them. A call's queue and times come from its timeline (call_events).
import type { AbandonedCall, CallInProgress, FloorStore, QueuedCallFact } from '../../ports/floor/floor-store.js';
import type { Database } from './database.js';

// The first time the call joined a skill queue, and the queue (the call flow's `enqueued` entry names it).
const JOINED = `
  SELECT min(e.at) AS joined_at,
         (array_agg(e.data->>'queueId' ORDER BY e.at, e.id) FILTER (WHERE e.data->>'queueId' IS NOT NULL))[1] AS queue_id
  FROM call_events e WHERE e.call_id = c.call_id AND e.type = 'enqueued'`;

const AGENT_ANSWERED = `
  SELECT min(e.at) AS agent_answered_at FROM call_events e
  WHERE e.call_id = c.call_id AND e.type = 'leg_answered' AND e.leg = 'agent'`;

// A call joins a queue after its greeting: calls started up to a day before `from` are looked at.
const QUEUED_CALLS = `
  SELECT c.call_id, c.outcome, q.joined_at, q.queue_id, a.agent_answered_at
  FROM calls c
  JOIN LATERAL (${JOINED}) q ON true
  LEFT JOIN LATERAL (${AGENT_ANSWERED}) a ON true
  WHERE c.started_at >= $1::timestamptz - interval '1 day' AND c.started_at < $2
    AND q.joined_at >= $1 AND q.joined_at < $2
  ORDER BY q.joined_at, c.call_id`;

const IN_PROGRESS = `
  SELECT c.call_id, c.caller_number, c.dialed_number, c.started_at, c.outcome, c.agent_id, q.queue_id, a.agent_answered_at
  FROM calls c
  LEFT JOIN LATERAL (${JOINED}) q ON true
  LEFT JOIN LATERAL (${AGENT_ANSWERED}) a ON true
  WHERE c.ended_at IS NULL AND c.started_at >= $1
  ORDER BY c.started_at, c.call_id
  LIMIT $2`;

// origin is read through to_jsonb: the column comes with the missed-call callbacks (migration 014).
const ABANDONED = `
  SELECT c.call_id, c.caller_number, c.dialed_number, c.started_at, c.ended_at, q.queue_id, q.joined_at,
         ab.waited_ms,
         cb.id AS callback_id, cb.origin AS callback_origin, cb.status AS callback_status, cb.attempts AS callback_attempts,
         cb.last_result AS callback_last_result, cb.completed_at AS callback_completed_at, cb.created_at AS callback_created_at
  FROM calls c
  LEFT JOIN LATERAL (${JOINED}) q ON true
  LEFT JOIN LATERAL (
    SELECT (e.data->>'waitedMs')::float8 AS waited_ms FROM call_events e
    WHERE e.call_id = c.call_id AND e.type = 'abandoned' ORDER BY e.at DESC, e.id DESC LIMIT 1) ab ON true
  LEFT JOIN LATERAL (
    SELECT k.id, coalesce(to_jsonb(k)->>'origin', 'key') AS origin, k.status, k.attempts, k.last_result, k.completed_at, k.created_at
    FROM callbacks k WHERE k.call_id = c.call_id ORDER BY k.created_at DESC, k.id DESC LIMIT 1) cb ON true
  WHERE c.outcome = 'abandoned_in_queue' AND c.started_at >= $1 AND c.started_at < $2
  ORDER BY c.started_at, c.call_id
  LIMIT $3 OFFSET $4`;

interface QueuedRow {
  call_id: string;
  outcome: string;
  joined_at: Date;
  queue_id: string | null;
  agent_answered_at: Date | null;
}

interface InProgressRow {
  call_id: string;
  caller_number: string;
  dialed_number: string;
  started_at: Date;
  outcome: string;
  agent_id: string | null;
  queue_id: string | null;
  agent_answered_at: Date | null;
}

interface AbandonedRow {
  call_id: string;
  caller_number: string;
  dialed_number: string;
  started_at: Date;
  ended_at: Date | null;
  queue_id: string | null;
  joined_at: Date | null;
  waited_ms: number | null;
  callback_id: string | null;
  callback_origin: string | null;
  callback_status: string | null;
  callback_attempts: number | null;
  callback_last_result: string | null;
  callback_completed_at: Date | null;
  callback_created_at: Date | null;
}

function waitedSeconds(row: AbandonedRow): number | null {
  if (row.waited_ms !== null && Number.isFinite(Number(row.waited_ms))) return Math.round(Number(row.waited_ms) / 1000);
  if (row.joined_at && row.ended_at) return Math.max(0, Math.round((row.ended_at.getTime() - row.joined_at.getTime()) / 1000));
  return null;
}

function toAbandoned(row: AbandonedRow): AbandonedCall {
  return {
    callId: row.call_id,
    callerNumber: row.caller_number,
    dialedNumber: row.dialed_number,
    queueId: row.queue_id,
    startedAt: row.started_at,
    joinedAt: row.joined_at,
    endedAt: row.ended_at,
    waitedSeconds: waitedSeconds(row),
    callback: row.callback_id
      ? {
          id: row.callback_id,
          origin: row.callback_origin ?? 'key',
          status: row.callback_status ?? 'waiting',
          attempts: Number(row.callback_attempts ?? 0),
          lastResult: row.callback_last_result,
          completedAt: row.callback_completed_at,
          createdAt: row.callback_created_at!,
        }
      : null,
  };
}

export function createFloorStore(db: Database): FloorStore {
  return {
    async queuedCalls(from, to) {
      const rows = await db.query<QueuedRow>(QUEUED_CALLS, [from, to]);
      return rows.map((r): QueuedCallFact => ({
        callId: r.call_id,
        queueId: r.queue_id,
        joinedAt: r.joined_at,
        agentAnsweredAt: r.agent_answered_at,
        abandoned: r.outcome === 'abandoned_in_queue',
      }));
    },
    async callsInProgress(since, limit) {
      const rows = await db.query<InProgressRow>(IN_PROGRESS, [since, limit]);
      return rows.map((r): CallInProgress => ({
        callId: r.call_id,
        callerNumber: r.caller_number,
        dialedNumber: r.dialed_number,
        startedAt: r.started_at,
        outcome: r.outcome,
        queueId: r.queue_id,
        agentId: r.agent_id,
        agentAnsweredAt: r.agent_answered_at,
      }));
    },
    async abandonedCalls(from, to, page) {
      const rows = await db.query<AbandonedRow>(ABANDONED, [from, to, page.limit, page.offset]);
      return rows.map(toAbandoned);
    },
  };
}
