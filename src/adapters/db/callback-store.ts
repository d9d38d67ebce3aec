// The CallbackStore port on SQL (PostgreSQL or PGlite). Each status change is one UPDATE that
// names the status it expects, so two app instances can never both start dialling a callback.
import type { CallbackFilter, CallbackOrigin, CallbackRecord, CallbackStatus, CallbackStore, NewCallback } from '../../ports/callback/callback-store.js';
import type { Database } from './database.js';

export interface CallbackRow {
  id: string;
  origin: string;
  call_id: string;
  queue_id: string;
  number: string;
  queued_at: Date;
  priority: number;
  status: string;
  attempts: number;
  next_attempt_at: Date | null;
  agent_id: string | null;
  last_result: string | null;
  completed_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export const COLUMNS = `id, origin, call_id, queue_id, number, queued_at, priority, status, attempts, next_attempt_at,
  agent_id, last_result, completed_at, created_at, updated_at`;

const INSERT = `
  INSERT INTO callbacks (id, call_id, queue_id, number, queued_at, priority, created_at, updated_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
  RETURNING ${COLUMNS}`;
const GET = `SELECT ${COLUMNS} FROM callbacks WHERE id = $1`;
const LIST = `
  SELECT ${COLUMNS} FROM callbacks
  WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR queue_id = $2)
  ORDER BY queued_at, id LIMIT $3 OFFSET $4`;
const START_DELIVERY = `
  UPDATE callbacks SET status = 'delivering', agent_id = $2, updated_at = $3
  WHERE id = $1 AND status = 'waiting' RETURNING ${COLUMNS}`;
const COUNT_ATTEMPT = `
  UPDATE callbacks SET attempts = attempts + 1, updated_at = $2 WHERE id = $1 AND status = 'delivering'`;
const RETURN_TO_WAITING = `
  UPDATE callbacks SET status = 'waiting', last_result = $2, updated_at = $3
  WHERE id = $1 AND status = 'delivering' RETURNING ${COLUMNS}`;
const COMPLETE = `
  UPDATE callbacks SET status = 'completed', last_result = 'completed', completed_at = $2, updated_at = $2
  WHERE id = $1 AND status = 'delivering' RETURNING ${COLUMNS}`;
const ATTEMPT_FAILED = `
  UPDATE callbacks SET
    status          = CASE WHEN attempts >= $3 THEN 'failed_follow_up' ELSE 'retry_wait' END,
    next_attempt_at = CASE WHEN attempts >= $3 THEN NULL ELSE $4::timestamptz + make_interval(secs => $5::float8 / 1000) END,
    last_result     = $2,
    updated_at      = $4
  WHERE id = $1 AND status = 'delivering' RETURNING ${COLUMNS}`;
const RETRY_DUE = `
  UPDATE callbacks SET status = 'waiting', next_attempt_at = NULL, updated_at = $2
  WHERE id = $1 AND status = 'retry_wait' AND next_attempt_at <= $2 RETURNING ${COLUMNS}`;
const CANCEL = `
  UPDATE callbacks SET status = 'cancelled', last_result = 'served on the line', updated_at = $2
  WHERE id = $1 AND status = 'waiting' RETURNING ${COLUMNS}`;
const OVERDUE = `
  SELECT ${COLUMNS} FROM callbacks WHERE status = 'retry_wait' AND next_attempt_at < $1
  ORDER BY next_attempt_at LIMIT $2`;

const STALE = `
  SELECT ${COLUMNS} FROM callbacks WHERE status = 'delivering' AND updated_at < $1
  ORDER BY updated_at LIMIT $2`;
const FAIL_STALE = `
  UPDATE callbacks SET status = 'failed_follow_up', last_result = 'delivery lost', updated_at = $3
  WHERE id = $1 AND status = 'delivering' AND updated_at < $2 RETURNING ${COLUMNS}`;

export function createCallbackStore(db: Database): CallbackStore {
  const one = async (sql: string, params: unknown[]): Promise<CallbackRecord | null> => {
    const [row] = await db.query<CallbackRow>(sql, params);
    return row ? toRecord(row) : null;
  };
  return {
    async create(c: NewCallback) {
      const row = await one(INSERT, [c.id, c.callId, c.queueId, c.number, c.queuedAt, c.priority, c.at]);
      if (!row) throw new Error(`callback ${c.id} was not stored`);
      return row;
    },
    get: (id) => one(GET, [id]),
    async list(f: CallbackFilter) {
      return (await db.query<CallbackRow>(LIST, [f.status ?? null, f.queueId ?? null, f.limit, f.offset])).map(toRecord);
    },
    startDelivery: (id, agentId, at) => one(START_DELIVERY, [id, agentId, at]),
    async countAttempt(id, at) {
      await db.query(COUNT_ATTEMPT, [id, at]);
    },
    returnToWaiting: (id, result, at) => one(RETURN_TO_WAITING, [id, result, at]),
    complete: (id, at) => one(COMPLETE, [id, at]),
    attemptFailed: (id, result, o) => one(ATTEMPT_FAILED, [id, result, o.maxAttempts, o.at, o.retryMs]),
    retryDue: (id, at) => one(RETRY_DUE, [id, at]),
    cancel: (id, at) => one(CANCEL, [id, at]),
    async listOverdueRetries(before, limit) {
      return (await db.query<CallbackRow>(OVERDUE, [before, limit])).map(toRecord);
    },
    async listStaleDeliveries(before, limit) {
      return (await db.query<CallbackRow>(STALE, [before, limit])).map(toRecord);
    },
    failStaleDelivery: (id, before, at) => one(FAIL_STALE, [id, before, at]),
  };
}

export function toRecord(r: CallbackRow): CallbackRecord {
  const date = (v: Date | string | null) => (v === null ? null : new Date(v));
  return {
    id: r.id,
    origin: r.origin as CallbackOrigin,
    callId: r.call_id,
    queueId: r.queue_id,
    number: r.number,
    queuedAt: new Date(r.queued_at),
    priority: Number(r.priority),
    status: r.status as CallbackStatus,
    attempts: Number(r.attempts),
    nextAttemptAt: date(r.next_attempt_at),
    agentId: r.agent_id,
    lastResult: r.last_result,
    completedAt: date(r.completed_at),
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
  };
}
