// The WebhookDeliveryStore port on SQL (PostgreSQL or PGlite). Each attempt is one UPDATE
// guarded by status = 'pending', so a job that runs twice or a sweeper racing a worker never
// moves a closed delivery again.
import type { WebhookPayload } from '../../domain/webhook/webhook-body.js';
import type { DeliveryStatus } from '../../domain/webhook/webhook-delivery-rules.js';
import type { WebhookDelivery, WebhookDeliveryStore } from '../../ports/webhook/webhook-delivery-store.js';
import type { Database } from './database.js';

interface DeliveryRow {
  id: string;
  department_id: string;
  order_no: string | null;
  event: string;
  payload: WebhookPayload;
  status: DeliveryStatus;
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  created_at: Date;
  delivered_at: Date | null;
  dead_at: Date | null;
}

const COLUMNS = 'w.id, w.department_id, w.order_no, w.event, w.payload, w.status, w.attempts, w.last_status_code, w.last_error, w.created_at, w.delivered_at, w.dead_at';

const INSERT = `
  INSERT INTO webhook_deliveries (id, department_id, order_no, event, payload, status, created_at)
  VALUES ($1, $2, $3, $4, $5::text::jsonb, 'pending', $6)`;
const BY_ID = `SELECT ${COLUMNS} FROM webhook_deliveries w WHERE w.id = $1`;
const TARGET = `
  SELECT ${COLUMNS}, d.webhook_url, d.webhook_secret, d.active
  FROM webhook_deliveries w JOIN departments d ON d.id = w.department_id WHERE w.id = $1`;
/** $2 verdict, $3 counted, $4 status code, $5 error, $6 time. */
const RECORD = `
  UPDATE webhook_deliveries SET
    status = CASE $2::text WHEN 'retry' THEN 'pending' ELSE $2::text END,
    attempts = attempts + CASE WHEN $3::boolean THEN 1 ELSE 0 END,
    last_status_code = $4, last_error = $5,
    delivered_at = CASE WHEN $2::text = 'delivered' THEN $6::timestamptz ELSE delivered_at END,
    dead_at = CASE WHEN $2::text IN ('dead', 'skipped') THEN $6::timestamptz ELSE dead_at END
  WHERE id = $1 AND status = 'pending'
  RETURNING status`;
const LIST = `
  SELECT ${COLUMNS} FROM webhook_deliveries w
  WHERE ($1::text IS NULL OR w.status = $1) AND ($2::text IS NULL OR w.department_id = $2) AND ($3::text IS NULL OR w.order_no = $3)
  ORDER BY w.created_at DESC, w.id DESC LIMIT $4 OFFSET $5`;
const PENDING = `
  SELECT id, created_at FROM webhook_deliveries
  WHERE status = 'pending' AND created_at < $1
    AND ($3::timestamptz IS NULL OR (created_at, id) > ($3::timestamptz, $4::uuid))
  ORDER BY created_at, id LIMIT $2`;
const REOPEN = `
  UPDATE webhook_deliveries w SET status = 'pending', attempts = 0, dead_at = NULL
  WHERE w.id = $1 AND w.status IN ('dead', 'skipped')
  RETURNING ${COLUMNS}`;

const toDelivery = (r: DeliveryRow): WebhookDelivery => ({
  id: r.id,
  departmentId: r.department_id,
  orderNo: r.order_no,
  event: r.event,
  payload: typeof r.payload === 'string' ? (JSON.parse(r.payload) as WebhookPayload) : r.payload,
  status: r.status,
  attempts: r.attempts,
  lastStatusCode: r.last_status_code,
  lastError: r.last_error,
  createdAt: r.created_at,
  deliveredAt: r.delivered_at,
  deadAt: r.dead_at,
});

export function createWebhookDeliveryStore(db: Database): WebhookDeliveryStore {
  return {
    async insert(d) {
      await db.query(INSERT, [d.id, d.departmentId, d.orderNo, d.event, JSON.stringify(d.payload), d.createdAt]);
    },

    async get(id) {
      const [row] = await db.query<DeliveryRow>(BY_ID, [id]);
      return row ? toDelivery(row) : null;
    },

    async target(id) {
      const [row] = await db.query<DeliveryRow & { webhook_url: string | null; webhook_secret: string | null; active: boolean }>(TARGET, [id]);
      if (!row) return null;
      return { delivery: toDelivery(row), url: row.webhook_url, secret: row.webhook_secret, departmentActive: row.active };
    },

    async recordAttempt(a) {
      const error = a.error === null ? null : a.error.slice(0, 500);
      const [row] = await db.query<{ status: DeliveryStatus }>(RECORD, [a.id, a.verdict, a.counted, a.statusCode, error, a.at]);
      return row?.status ?? null;
    },

    async list(f) {
      const rows = await db.query<DeliveryRow>(LIST, [f.status ?? null, f.departmentId ?? null, f.orderNo ?? null, f.limit, f.offset]);
      return rows.map(toDelivery);
    },

    async pendingIds(before, limit, after) {
      const rows = await db.query<{ id: string; created_at: Date }>(PENDING, [before, limit, after?.createdAt ?? null, after?.id ?? null]);
      return rows.map((r) => ({ id: r.id, createdAt: r.created_at }));
    },

    async reopen(id) {
      const [row] = await db.query<DeliveryRow>(REOPEN, [id]);
      return row ? toDelivery(row) : null;
    },
  };
}
