// The CallRecords port on SQL (PostgreSQL or PGlite). Every statement is a constant string
// with $n parameters; rows are mapped from snake_case columns to the port's camelCase types.
import type {
  CallEvent, CallEventType, CallFilter, CallOutcome, CallPatch, CallRecord, CallRecords, Leg, NewCall, NewCallEvent, ServiceEndedBy,
} from '../../ports/call/call-records.js';
import type { Database } from './database.js';
import { createGroupWriter, valuesOfRows } from './group-writer.js';

interface CallRow {
  call_id: string;
  channel_id: string;
  caller_number: string;
  dialed_number: string;
  started_at: Date;
  answered_at: Date | null;
  ended_at: Date | null;
  duration_ms: number | null;
  hangup_cause: number | null;
  hangup_cause_text: string | null;
  first_hangup_side: string | null;
  outcome: string;
  emergency_number: string | null;
  agent_id: string | null;
  service_ended_at: Date | null;
  service_ended_by: string | null;
  rating: string | null;
  rated_at: Date | null;
  time_to_agent_ms: number | null;
}

interface CallEventRow {
  id: number | string | bigint;
  call_id: string;
  at: Date;
  type: string;
  leg: string;
  data: Record<string, unknown>;
}

const CALL_COLUMNS = `
  call_id, channel_id, caller_number, dialed_number, started_at, answered_at, ended_at,
  round(extract(epoch FROM ended_at - started_at) * 1000)::float8 AS duration_ms,
  hangup_cause, hangup_cause_text, first_hangup_side, outcome, emergency_number,
  agent_id, service_ended_at, service_ended_by, rating, rated_at, time_to_agent_ms`;

const OPEN_CALL = `
  INSERT INTO calls (call_id, channel_id, caller_number, dialed_number, started_at)
  VALUES ($1, $2, $3, $4, $5)
  ON CONFLICT (call_id) DO NOTHING`;

/** Events written in one INSERT at most (6 parameters each). */
const MAX_EVENT_GROUP = 200;
/** The events of a group (group-writer.ts: those written while the INSERT before was in flight), in order. */
const appendEvents = (rows: number) => `
  INSERT INTO call_events (call_id, at, type, leg, data, dedup_key)
  VALUES ${valuesOfRows(rows, ['', '', '', '', '::text::jsonb', ''])}
  ON CONFLICT (call_id, dedup_key) DO NOTHING`;

// An absent field (NULL parameter) keeps the stored value. first_hangup_side is the other way
// round: the stored value wins (so does time_to_agent_ms: the first agent counts), so of two
// concurrent writers the first to commit is kept
// (the second UPDATE waits for the row lock and re-reads the committed row).
const UPDATE_CALL = `
  UPDATE calls SET
    answered_at       = COALESCE($2, answered_at),
    ended_at          = COALESCE($3, ended_at),
    hangup_cause      = COALESCE($4, hangup_cause),
    hangup_cause_text = COALESCE($5, hangup_cause_text),
    first_hangup_side = COALESCE(first_hangup_side, $6),
    outcome           = COALESCE($7, outcome),
    emergency_number  = COALESCE($8, emergency_number),
    agent_id          = COALESCE($9, agent_id),
    service_ended_at  = COALESCE(service_ended_at, $10),
    service_ended_by  = CASE WHEN service_ended_at IS NULL THEN COALESCE($11, service_ended_by) ELSE service_ended_by END,
    rating            = COALESCE(rating, $12),
    rated_at          = CASE WHEN rating IS NULL THEN COALESCE($13, rated_at) ELSE rated_at END,
    time_to_agent_ms  = COALESCE(time_to_agent_ms, $14)
  WHERE call_id = $1`;

const GET_CALL = `SELECT ${CALL_COLUMNS} FROM calls WHERE call_id = $1`;

const GET_EVENTS = `
  SELECT id, call_id, at, type, leg, data FROM call_events
  WHERE call_id = $1
  ORDER BY at, id`;

// from is inclusive, to exclusive. A number matches the caller or the dialed number exactly
// or as a suffix; right() rather than LIKE, so no character of the input is a wildcard.
const LIST_CALLS = `
  SELECT ${CALL_COLUMNS} FROM calls
  WHERE ($1::timestamptz IS NULL OR started_at >= $1)
    AND ($2::timestamptz IS NULL OR started_at < $2)
    AND ($3::text IS NULL
         OR right(caller_number, length($3)) = $3
         OR right(dialed_number, length($3)) = $3)
  ORDER BY started_at DESC, call_id DESC
  LIMIT $4 OFFSET $5`;

const LIST_OPEN_CALLS = `
  SELECT ${CALL_COLUMNS} FROM calls
  WHERE ended_at IS NULL
  ORDER BY started_at, call_id`;

export function createCallRecordsStore(db: Database): CallRecords {
  // every leg event of every call is written: grouped, a busy minute costs far fewer commits
  const events = createGroupWriter<NewCallEvent, void>(async (group) => {
    const params = group.flatMap((e) => [e.callId, e.at, e.type, e.leg, JSON.stringify(e.data ?? {}), e.dedupKey ?? null]);
    await db.query(appendEvents(group.length), params);
    return group.map(() => undefined);
  }, MAX_EVENT_GROUP);
  return {
    async openCall(call: NewCall): Promise<void> {
      await db.query(OPEN_CALL, [call.callId, call.channelId, call.callerNumber, call.dialedNumber, call.startedAt]);
    },

    appendEvent: (event: NewCallEvent): Promise<void> => events.write(event),

    async updateCall(callId: string, patch: CallPatch): Promise<void> {
      await db.query(UPDATE_CALL, [
        callId,
        patch.answeredAt ?? null,
        patch.endedAt ?? null,
        patch.hangupCause ?? null,
        patch.hangupCauseText ?? null,
        patch.firstHangupSide ?? null,
        patch.outcome ?? null,
        patch.emergencyNumber ?? null,
        patch.agentId ?? null,
        patch.serviceEndedAt ?? null,
        patch.serviceEndedBy ?? null,
        patch.rating ?? null,
        patch.ratedAt ?? null,
        patch.timeToAgentMs === undefined ? null : Math.round(patch.timeToAgentMs),
      ]);
    },

    async getCall(callId: string): Promise<(CallRecord & { events: CallEvent[] }) | null> {
      const [row] = await db.query<CallRow>(GET_CALL, [callId]);
      if (!row) return null;
      const events = await db.query<CallEventRow>(GET_EVENTS, [callId]);
      return { ...toCallRecord(row), events: events.map(toCallEvent) };
    },

    async listCalls(filter: CallFilter): Promise<CallRecord[]> {
      const number = filter.number === undefined || filter.number === '' ? null : filter.number;
      const rows = await db.query<CallRow>(LIST_CALLS, [
        filter.from ?? null, filter.to ?? null, number, filter.limit, filter.offset,
      ]);
      return rows.map(toCallRecord);
    },

    async listOpenCalls(): Promise<CallRecord[]> {
      const rows = await db.query<CallRow>(LIST_OPEN_CALLS);
      return rows.map(toCallRecord);
    },
  };
}

function toCallRecord(row: CallRow): CallRecord {
  return {
    callId: row.call_id,
    channelId: row.channel_id,
    callerNumber: row.caller_number,
    dialedNumber: row.dialed_number,
    startedAt: row.started_at,
    answeredAt: row.answered_at,
    endedAt: row.ended_at,
    durationMs: row.duration_ms,
    hangupCause: row.hangup_cause,
    hangupCauseText: row.hangup_cause_text,
    // Constrained by CHECK (leg) in the schema; outcome is written only through CallPatch.
    firstHangupSide: row.first_hangup_side as Leg | null,
    outcome: row.outcome as CallOutcome,
    emergencyNumber: row.emergency_number,
    agentId: row.agent_id,
    serviceEndedAt: row.service_ended_at,
    // Constrained by CHECK in the schema; written only through CallPatch.
    serviceEndedBy: row.service_ended_by as ServiceEndedBy | null,
    rating: row.rating,
    ratedAt: row.rated_at,
    timeToAgentMs: row.time_to_agent_ms,
  };
}

function toCallEvent(row: CallEventRow): CallEvent {
  return {
    id: Number(row.id),
    callId: row.call_id,
    at: row.at,
    type: row.type as CallEventType,
    leg: row.leg as Leg,
    data: row.data,
  };
}
