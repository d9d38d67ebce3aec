// The WorkOrderStore port on SQL (PostgreSQL or PGlite). The order number comes from the year's
// counter row in the same transaction as the order; a transition is one UPDATE guarded by the
// version it was decided on, plus its event row (seq per order) — both or neither.
import { chinaYearOf, formatOrderNo } from '../../domain/work-order/order-number.js';
import type { WorkOrderStatus } from '../../domain/work-order/work-order-types.js';
import type {
  NewWorkOrder,
  StoredTransition,
  WorkOrder,
  WorkOrderEvent,
  WorkOrderStore,
} from '../../ports/work-order/work-order-store.js';
import type { Database, Queryable } from './database.js';
import { toOrderSummary, type OrderRow } from './work-order-row.js';

interface EventRow {
  seq: number;
  at: Date;
  action: string;
  actor: string;
  from_status: WorkOrderStatus | null;
  to_status: WorkOrderStatus;
  data: Record<string, unknown> | null;
}

const NEXT_NUMBER = `
  INSERT INTO work_order_counters (year, last) VALUES ($1, 1)
  ON CONFLICT (year) DO UPDATE SET last = work_order_counters.last + 1
  RETURNING last`;
const INSERT = `
  INSERT INTO work_orders (order_no, status, channel, call_id, citizen_number, citizen_name, confidential, type,
    category_code, district_id, location, description, urgency, assisting_department_ids, created_by, created_at, updated_at)
  VALUES ($1, 'accepted', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15)
  RETURNING *`;
const INSERT_EVENT = `
  INSERT INTO work_order_events (order_id, seq, at, action, actor, from_status, to_status, data)
  VALUES ($1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM work_order_events WHERE order_id = $1), $2, $3, $4, $5, $6, $7::text::jsonb)`;
const UPDATE = `
  UPDATE work_orders SET
    status = $3, status_before_dispute = $4, lead_department_id = $5, supervision = $6, extension = $7::text::jsonb,
    reopen_count = $8, version = version + 1, updated_at = $9,
    dispatch_due_at = CASE WHEN $10 THEN $11::timestamptz ELSE dispatch_due_at END,
    sign_due_at = CASE WHEN $12 THEN $13::timestamptz ELSE sign_due_at END,
    reply_due_at = CASE WHEN $14 THEN $15::timestamptz ELSE reply_due_at END,
    merged_into = COALESCE($16, merged_into),
    survey_id = COALESCE($17, survey_id),
    survey_answers = COALESCE($18::text::jsonb, survey_answers),
    dispatched_at = CASE WHEN $3 = 'dispatched' THEN $9 ELSE dispatched_at END,
    signed_at = CASE WHEN $3 = 'signed' AND status <> 'signed' THEN $9 ELSE signed_at END,
    replied_at = CASE WHEN $3 = 'replied' THEN $9 ELSE replied_at END,
    closed_at = CASE WHEN $3 IN ('closed', 'merged', 'cancelled') AND status <> $3 THEN $9 ELSE closed_at END
  WHERE id = $1 AND version = $2
  RETURNING *`;
const BY_NO = 'SELECT * FROM work_orders WHERE order_no = $1';
const BY_ID = 'SELECT * FROM work_orders WHERE id = $1';
const EVENTS = 'SELECT seq, at, action, actor, from_status, to_status, data FROM work_order_events WHERE order_id = $1 ORDER BY seq';
const BY_CITIZEN = 'SELECT * FROM work_orders WHERE citizen_number = $1 ORDER BY created_at DESC, id DESC LIMIT $2';

export const toWorkOrder = (r: OrderRow): WorkOrder => ({
  ...toOrderSummary(r),
  statusBeforeDispute: r.status_before_dispute,
  version: r.version,
  callId: r.call_id,
  extension: r.extension
    ? { requestedUntil: new Date(r.extension.requestedUntil), reason: r.extension.reason, requestedAt: new Date(r.extension.requestedAt) }
    : null,
  mergedInto: r.merged_into,
  surveyId: r.survey_id === null ? null : Number(r.survey_id),
  surveyAnswers: r.survey_answers,
  createdBy: r.created_by,
});

const toEvent = (r: EventRow): WorkOrderEvent => ({
  seq: r.seq,
  at: r.at,
  action: r.action,
  actor: r.actor,
  fromStatus: r.from_status,
  toStatus: r.to_status,
  data: r.data ?? {},
});

/** Thrown inside the transaction to roll it back when a version no longer matches. */
class VersionMoved extends Error {}

const has = (patch: object, key: string) => Object.prototype.hasOwnProperty.call(patch, key);

async function applyOne(tx: Queryable, t: StoredTransition): Promise<WorkOrder> {
  const n = t.next;
  const d = t.deadlines;
  const [row] = await tx.query<OrderRow>(UPDATE, [
    t.orderId,
    t.expectedVersion,
    n.status,
    n.statusBeforeDispute,
    n.leadDepartmentId,
    n.supervision,
    n.extension ? JSON.stringify(n.extension) : null,
    n.reopenCount,
    t.at,
    has(d, 'dispatchDueAt'),
    d.dispatchDueAt ?? null,
    has(d, 'signDueAt'),
    d.signDueAt ?? null,
    has(d, 'replyDueAt'),
    d.replyDueAt ?? null,
    t.mergedInto ?? null,
    t.surveyId ?? null,
    t.surveyAnswers ? JSON.stringify(t.surveyAnswers) : null,
  ]);
  if (!row) throw new VersionMoved();
  await tx.query(INSERT_EVENT, [t.orderId, t.at, t.action, t.actor, t.fromStatus, n.status, JSON.stringify(t.data)]);
  return toWorkOrder(row);
}

export function createWorkOrderStore(db: Database): WorkOrderStore {
  return {
    create: (o: NewWorkOrder) =>
      db.transaction(async (tx) => {
        const [counter] = await tx.query<{ last: number }>(NEXT_NUMBER, [chinaYearOf(o.at)]);
        if (!counter) throw new Error('work order counter not returned');
        const orderNo = formatOrderNo(chinaYearOf(o.at), counter.last);
        const [row] = await tx.query<OrderRow>(INSERT, [
          orderNo, o.channel, o.callId, o.citizenNumber, o.citizenName, o.confidential, o.type, o.categoryCode,
          o.districtId, o.location, o.description, o.urgency, o.assistingDepartmentIds, o.createdBy, o.at,
        ]);
        if (!row) throw new Error(`work order ${orderNo} not inserted`);
        const data = { channel: o.channel, type: o.type, categoryCode: o.categoryCode, urgency: o.urgency, ...(o.callId ? { callId: o.callId } : {}) };
        await tx.query(INSERT_EVENT, [row.id, o.at, 'create', o.createdBy, null, 'accepted', JSON.stringify(data)]);
        return toWorkOrder(row);
      }),

    async get(orderNo) {
      const [row] = await db.query<OrderRow>(BY_NO, [orderNo]);
      return row ? toWorkOrder(row) : null;
    },

    async getById(id) {
      const [row] = await db.query<OrderRow>(BY_ID, [id]);
      return row ? toWorkOrder(row) : null;
    },

    async events(orderId) {
      return (await db.query<EventRow>(EVENTS, [orderId])).map(toEvent);
    },

    async apply(transitions) {
      try {
        return await db.transaction(async (tx) => {
          const stored: WorkOrder[] = [];
          for (const t of transitions) stored.push(await applyOne(tx, t));
          return stored;
        });
      } catch (err) {
        if (err instanceof VersionMoved) return null;
        throw err;
      }
    },

    async listByCitizen(citizenNumber, limit) {
      return (await db.query<OrderRow>(BY_CITIZEN, [citizenNumber, limit])).map(toWorkOrder);
    },
  };
}
