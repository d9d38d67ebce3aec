// The ledger (台账) on SQL (PostgreSQL or PGlite): one statement per page or count, built from
// fixed fragments with every value a parameter. Pages are keyset pages: the cursor holds the
// exact stored instant (microseconds) and the id, and the condition is written as
// `t <= c AND (t < c OR id < i)` so that each index starting with the time column serves it.
import { WORK_ORDER_STATUSES, type DeadlineKind, type WorkOrderStatus } from '../../domain/work-order/work-order-types.js';
import {
  OPEN_STATUSES,
  type LedgerCursor,
  type LedgerFilter,
  type LedgerOrder,
  type LedgerPage,
  type LedgerPageRequest,
  type StatusCounts,
  type WorkOrderLedgerStore,
} from '../../ports/work-order/work-order-ledger.js';
import type { Database } from './database.js';
import { toOrderSummary, type SummaryRow } from './work-order-row.js';

const OPEN_LIST = OPEN_STATUSES.map((s) => `'${s}'`).join(', ');

/**
 * The earliest running deadline of an open order. Written exactly as the expression of the
 * index work_orders_open_due (migration 011), so that the overdue list and sweep use it.
 */
export const OPEN_DUE_AT = `(CASE WHEN w.status IN ('accepted', 'pending_dispatch') THEN w.dispatch_due_at
  WHEN w.status = 'dispatched' THEN LEAST(w.sign_due_at, w.reply_due_at)
  WHEN w.status IN ('signed', 'in_progress') THEN w.reply_due_at END)`;

/** The lead and the assisting departments of an order, as indexed by work_orders_departments (migration 011). */
export const DEPARTMENTS = '(w.assisting_department_ids || w.lead_department_id)';

const IS_OVERDUE = (now: string) => `(w.status IN (${OPEN_LIST}) AND ${OPEN_DUE_AT} < ${now})`;

const MICROS_UTC = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const COLUMNS = `w.id, w.order_no, w.status, w.channel, w.type, w.urgency, w.category_code, c.name AS category_name,
  w.district_id, dd.name AS district_name, w.lead_department_id, ld.name AS lead_department_name,
  w.assisting_department_ids,
  ARRAY(SELECT a.name FROM unnest(w.assisting_department_ids) WITH ORDINALITY AS u(id, n)
        JOIN departments a ON a.id = u.id ORDER BY u.n) AS assisting_department_names,
  w.citizen_number, w.citizen_name, w.confidential, w.location, w.description, w.supervision, w.reopen_count,
  w.dispatch_due_at, w.sign_due_at, w.reply_due_at, w.created_at, w.updated_at,
  w.dispatched_at, w.signed_at, w.replied_at, w.closed_at`;

const FROM = `FROM work_orders w
  LEFT JOIN work_order_categories c ON c.code = w.category_code
  LEFT JOIN departments dd ON dd.id = w.district_id
  LEFT JOIN departments ld ON ld.id = w.lead_department_id`;

interface LedgerRow extends SummaryRow {
  assisting_department_ids: string[];
  category_name: string | null;
  district_name: string | null;
  lead_department_name: string | null;
  assisting_department_names: string[];
  due_at: Date | null;
  key_at: string;
}

/** Collects `$n` parameters while the WHERE clause is written. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

function conditions(filter: LedgerFilter, now: Date, p: Params, withOverdue: boolean): string[] {
  const where: string[] = [];
  if (filter.statuses && filter.statuses.length > 0) where.push(`w.status = ANY(${p.add([...filter.statuses])}::text[])`);
  if (filter.leadDepartmentId) where.push(`w.lead_department_id = ${p.add(filter.leadDepartmentId)}`);
  if (filter.districtId) where.push(`w.district_id = ${p.add(filter.districtId)}`);
  if (filter.categoryCode) {
    const code = p.add(filter.categoryCode);
    // the subtree's codes once (an init plan), so that the category index can be combined with the others
    where.push(`w.category_code = ANY(ARRAY(SELECT k.code FROM work_order_categories k WHERE k.code = ${code} OR starts_with(k.code, ${code} || '.')))`);
  }
  if (filter.type) where.push(`w.type = ${p.add(filter.type)}`);
  if (filter.urgency) where.push(`w.urgency = ${p.add(filter.urgency)}`);
  if (withOverdue && filter.overdue !== undefined) {
    const at = `${p.add(now)}::timestamptz`;
    where.push(filter.overdue ? IS_OVERDUE(at) : `NOT coalesce(${IS_OVERDUE(at)}, false)`);
  }
  if (filter.createdFrom) where.push(`w.created_at >= ${p.add(filter.createdFrom)}`);
  if (filter.createdTo) where.push(`w.created_at < ${p.add(filter.createdTo)}`);
  if (filter.orderNo) where.push(`w.order_no = ${p.add(filter.orderNo)}`);
  if (filter.citizenNumber) where.push(`w.citizen_number = ${p.add(filter.citizenNumber)}`);
  if (filter.departmentScope) {
    const d = p.add(filter.departmentScope);
    where.push(`${DEPARTMENTS} @> ARRAY[${d}]::text[]`);
    if (filter.citizenNumber) where.push('NOT w.confidential');
  }
  return where;
}

const whereClause = (where: string[]) => (where.length > 0 ? `WHERE ${where.join('\n  AND ')}` : '');

function dueKind(row: LedgerRow, dueAt: Date | null): DeadlineKind | null {
  if (!dueAt) return null;
  if (row.status === 'accepted' || row.status === 'pending_dispatch') return 'dispatch';
  if (row.status === 'dispatched' && row.sign_due_at?.getTime() === dueAt.getTime()) return 'sign';
  return 'reply';
}

function toOrder(row: LedgerRow, now: Date): LedgerOrder {
  const dueAt = row.due_at;
  return {
    ...toOrderSummary(row),
    categoryName: row.category_name,
    districtName: row.district_name,
    leadDepartmentName: row.lead_department_name,
    assistingDepartmentNames: row.assisting_department_names,
    dueAt,
    dueKind: dueKind(row, dueAt),
    overdue: dueAt !== null && dueAt.getTime() < now.getTime(),
  };
}

function pageOf(rows: LedgerRow[], limit: number, now: Date): LedgerPage {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  const last = kept.at(-1);
  const next: LedgerCursor | null = more && last ? { at: last.key_at, id: Number(last.id) } : null;
  return { orders: kept.map((r) => toOrder(r, now)), next };
}

export function createWorkOrderLedgerStore(db: Database): WorkOrderLedgerStore {
  return {
    async list(filter, page: LedgerPageRequest, now) {
      const p = new Params();
      const where = conditions(filter, now, p, true);
      if (page.after) {
        const at = `${p.add(page.after.at)}::timestamptz`;
        where.push(`w.created_at <= ${at} AND (w.created_at < ${at} OR w.id < ${p.add(page.after.id)})`);
      }
      const sql = `SELECT ${COLUMNS}, ${OPEN_DUE_AT} AS due_at, ${MICROS_UTC('w.created_at')} AS key_at
        ${FROM} ${whereClause(where)}
        ORDER BY w.created_at DESC, w.id DESC LIMIT ${p.add(page.limit + 1)}`;
      return pageOf(await db.query<LedgerRow>(sql, p.values), page.limit, now);
    },

    async listOverdue(filter, page: LedgerPageRequest, now) {
      const p = new Params();
      const where = conditions(filter, now, p, false);
      where.push(IS_OVERDUE(`${p.add(now)}::timestamptz`));
      if (page.after) {
        const at = `${p.add(page.after.at)}::timestamptz`;
        where.push(`${OPEN_DUE_AT} >= ${at} AND (${OPEN_DUE_AT} > ${at} OR w.id > ${p.add(page.after.id)})`);
      }
      const sql = `SELECT ${COLUMNS}, ${OPEN_DUE_AT} AS due_at, ${MICROS_UTC(OPEN_DUE_AT)} AS key_at
        ${FROM} ${whereClause(where)}
        ORDER BY ${OPEN_DUE_AT}, w.id LIMIT ${p.add(page.limit + 1)}`;
      return pageOf(await db.query<LedgerRow>(sql, p.values), page.limit, now);
    },

    async countByStatus(filter, now) {
      const p = new Params();
      const where = conditions(filter, now, p, true);
      const rows = await db.query<{ status: string; n: number }>(
        `SELECT w.status, count(*)::int AS n FROM work_orders w ${whereClause(where)} GROUP BY w.status`,
        p.values,
      );
      const counts = Object.fromEntries(WORK_ORDER_STATUSES.map((s) => [s, 0])) as StatusCounts;
      for (const row of rows) {
        if ((WORK_ORDER_STATUSES as readonly string[]).includes(row.status)) counts[row.status as WorkOrderStatus] = Number(row.n);
      }
      return counts;
    },
  };
}
