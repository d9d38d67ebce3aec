// The WorkOrderNoticeStore port on SQL (PostgreSQL or PGlite). Planning locks the order row, so
// two plans of one order run one after the other; a claim is one UPDATE … WHERE sent_at IS NULL,
// so of a job that runs twice, a sweeper and a job, or two app instances, exactly one sends.
// The due list reads the partial index work_order_notices_due (unsent rows only).
import { deadlineApplies, deadlineAt, deadlineStatuses, DEADLINE_KINDS, type DeadlinePlan } from '../../domain/work-order/notice-schedule.js';
import type { DeadlineKind } from '../../domain/work-order/work-order-types.js';
import type { ClaimResult, NoticeKey, NoticeOrder, StoredNotice, WorkOrderNoticeStore } from '../../ports/work-order/work-order-notice-store.js';
import type { Database, Queryable } from './database.js';

interface OrderRow {
  id: string | number;
  order_no: string;
  status: NoticeOrder['status'];
  supervision: NoticeOrder['supervision'];
  lead_department_id: string | null;
  reopen_count: number;
  created_at: Date;
  dispatched_at: Date | null;
  dispatch_due_at: Date | null;
  sign_due_at: Date | null;
  reply_due_at: Date | null;
}

interface NoticeRow {
  order_id: string | number;
  deadline: DeadlineKind;
  kind: NoticeKey['kind'];
  round: number;
  due_at: Date;
  sent_at: Date | null;
}

const ORDER_COLUMNS = 'id, order_no, status, supervision, lead_department_id, reopen_count, created_at, dispatched_at, dispatch_due_at, sign_due_at, reply_due_at';
const LOCK_ORDER = `SELECT ${ORDER_COLUMNS} FROM work_orders WHERE id = $1 FOR UPDATE`;
const ORDER = `SELECT ${ORDER_COLUMNS} FROM work_orders WHERE id = $1`;
const NOTICES = 'SELECT order_id, deadline, kind, round, due_at, sent_at FROM work_order_notices WHERE order_id = $1';
const DROP_UNSENT = 'DELETE FROM work_order_notices WHERE order_id = $1 AND deadline = $2 AND sent_at IS NULL';
const INSERT = `
  INSERT INTO work_order_notices (order_id, deadline, kind, round, due_at) VALUES ($1, $2, $3, $4, $5)
  ON CONFLICT (order_id, deadline, kind, round) DO NOTHING`;
const RETIME = `
  UPDATE work_order_notices SET due_at = $5
  WHERE order_id = $1 AND deadline = $2 AND kind = $3 AND round = $4 AND sent_at IS NULL AND due_at <> $5`;
const KEY = 'order_id = $1 AND deadline = $2 AND kind = $3 AND round = $4';
const CLAIM = `UPDATE work_order_notices SET sent_at = $5 WHERE ${KEY} AND sent_at IS NULL AND due_at <= $5 RETURNING due_at`;
const ONE = `SELECT due_at, sent_at FROM work_order_notices WHERE ${KEY}`;
const REMINDER_AT = `SELECT due_at FROM work_order_notices WHERE order_id = $1 AND deadline = $2 AND kind = 'reminder' AND round = $3`;
const DROP_ONE = `DELETE FROM work_order_notices WHERE ${KEY}`;
const RELEASE = `UPDATE work_order_notices SET sent_at = NULL WHERE ${KEY} AND sent_at = $5`;
const DUE = `
  SELECT order_id, deadline, kind, round FROM work_order_notices
  WHERE sent_at IS NULL AND due_at <= $1 ORDER BY due_at LIMIT $2`;

// one arm per deadline, each on its partial index of work_orders; the probe reads the notices' primary key
// (the statuses are the domain's constants written as literals, so the partial indexes match)
const COLUMN: Readonly<Record<DeadlineKind, string>> = { dispatch: 'dispatch_due_at', sign: 'sign_due_at', reply: 'reply_due_at' };
const unplanned = (deadline: DeadlineKind) => {
  const column = COLUMN[deadline];
  const statuses = deadlineStatuses(deadline).map((s) => `'${s}'`).join(', ');
  return `
  SELECT o.id, o.${column} AS due_at FROM work_orders o
  WHERE o.status IN (${statuses}) AND o.${column} IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM work_order_notices n
    WHERE n.order_id = o.id AND n.deadline = '${deadline}' AND n.kind = 'reminder' AND n.due_at = o.${column})`;
};
const UNPLANNED = `
  SELECT id FROM (${DEADLINE_KINDS.map(unplanned).join('\n  UNION ALL')}
  ) missing GROUP BY id ORDER BY min(due_at) LIMIT $1`;

const toOrder = (r: OrderRow): NoticeOrder => ({
  id: Number(r.id),
  orderNo: r.order_no,
  status: r.status,
  supervision: r.supervision,
  leadDepartmentId: r.lead_department_id,
  reopenCount: r.reopen_count,
  createdAt: r.created_at,
  dispatchedAt: r.dispatched_at,
  dispatchDueAt: r.dispatch_due_at,
  signDueAt: r.sign_due_at,
  replyDueAt: r.reply_due_at,
});

const keyParams = (k: NoticeKey): unknown[] => [k.orderId, k.deadline, k.kind, k.round];
const sameTime = (a: Date | null | undefined, b: Date | null | undefined) => !!a && !!b && a.getTime() === b.getTime();

/** Plans one deadline of a locked order against its stored rows. */
async function planDeadline(tx: Queryable, order: NoticeOrder, deadline: DeadlineKind, plan: DeadlinePlan | undefined, rows: NoticeRow[]): Promise<void> {
  if (!plan) {
    // the clock no longer runs: what was not sent will not be; what was sent stays
    if (rows.some((r) => !r.sent_at)) await tx.query(DROP_UNSENT, [order.id, deadline]);
    return;
  }
  const latest = rows.length ? Math.max(...rows.map((r) => r.round)) : null;
  const current = rows.filter((r) => r.round === latest);
  const reminder = current.find((r) => r.kind === 'reminder');
  let round: number;
  if (latest !== null && sameTime(reminder?.due_at, plan.dueAt)) {
    round = latest; // the same deadline: keep its round, fill gaps, follow changed rules
    for (const n of plan.notices) await tx.query(RETIME, [order.id, deadline, n.kind, round, n.dueAt]);
  } else {
    // a new or moved deadline: drop the unsent notices of the old one; a new round when some were sent
    if (rows.some((r) => !r.sent_at)) await tx.query(DROP_UNSENT, [order.id, deadline]);
    const anySent = current.some((r) => r.sent_at);
    round = latest === null ? order.reopenCount : Math.max(order.reopenCount, anySent ? latest + 1 : latest);
  }
  for (const n of plan.notices) await tx.query(INSERT, [order.id, deadline, n.kind, round, n.dueAt]);
}

export function createWorkOrderNoticeStore(db: Database): WorkOrderNoticeStore {
  return {
    replan: (orderId, plan) =>
      db.transaction(async (tx) => {
        const [row] = await tx.query<OrderRow>(LOCK_ORDER, [orderId]);
        if (!row) return null;
        const order = toOrder(row);
        const plans = plan(order);
        const rows = await tx.query<NoticeRow>(NOTICES, [orderId]);
        for (const deadline of DEADLINE_KINDS) {
          await planDeadline(tx, order, deadline, plans.find((p) => p.deadline === deadline), rows.filter((r) => r.deadline === deadline));
        }
        const after = await tx.query<NoticeRow>(NOTICES, [orderId]);
        return after
          .filter((r) => !r.sent_at)
          .map((r): StoredNotice => ({ orderId, deadline: r.deadline, kind: r.kind, round: r.round, dueAt: r.due_at }))
          .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
      }),

    claim: (key, now) =>
      db.transaction(async (tx): Promise<ClaimResult> => {
        const [claimed] = await tx.query<{ due_at: Date }>(CLAIM, [...keyParams(key), now]);
        if (!claimed) {
          const [row] = await tx.query<{ due_at: Date; sent_at: Date | null }>(ONE, keyParams(key));
          if (row && !row.sent_at && row.due_at.getTime() > now.getTime()) return { kind: 'not_due', dueAt: row.due_at };
          return { kind: 'gone' };
        }
        const [orderRow] = await tx.query<OrderRow>(ORDER, [key.orderId]);
        const [reminder] = await tx.query<{ due_at: Date }>(REMINDER_AT, [key.orderId, key.deadline, key.round]);
        const order = orderRow ? toOrder(orderRow) : null;
        if (!order || !reminder || !deadlineApplies(key.deadline, order.status) || !sameTime(deadlineAt(order, key.deadline), reminder.due_at)) {
          await tx.query(DROP_ONE, keyParams(key));
          return { kind: 'stale' };
        }
        return { kind: 'claimed', notice: { ...key, dueAt: claimed.due_at, deadlineAt: reminder.due_at, order, claimedAt: now } };
      }),

    async release(key, claimedAt) {
      await db.query(RELEASE, [...keyParams(key), claimedAt]);
    },

    async listDue(now, limit) {
      const rows = await db.query<NoticeRow>(DUE, [now, limit]);
      return rows.map((r) => ({ orderId: Number(r.order_id), deadline: r.deadline, kind: r.kind, round: r.round }));
    },

    async listUnplanned(limit) {
      const rows = await db.query<{ id: string | number }>(UNPLANNED, [limit]);
      return rows.map((r) => Number(r.id));
    },
  };
}
