// The query parameters of the ledger routes (GET /api/work-orders, …/counts, …/overdue,
// …/export.csv), checked with zod: each bad value is a 400 that says what it should be.
import { z } from 'zod';
import { URGENCIES, WORK_ORDER_STATUSES, WORK_ORDER_TYPES, type WorkOrderStatus } from '../../domain/work-order/work-order-types.js';
import type { LedgerCursor, LedgerFilter } from '../../ports/work-order/work-order-ledger.js';
import { isoTime, limitParam } from './input-schemas.js';

const DEPARTMENT_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const CATEGORY_CODE = /^[a-z0-9_]+(\.[a-z0-9_]+){0,2}$/;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Dates without a time are days of China Standard Time (UTC+8, no daylight saving). */
const CHINA_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;

const departmentId = (what: string) =>
  z.string({ message: 'must be a string' }).regex(DEPARTMENT_ID, `must be a ${what} id: lower-case letters, digits or "-", e.g. "jz-zhujian"`);

const oneOf = (values: readonly string[]) => ({ message: `must be one of ${values.join(', ')}` });

/** `status=dispatched,signed` or `status=dispatched&status=signed`. */
const statusList = z.preprocess(
  (v) => (Array.isArray(v) ? v : [v]).flatMap((s) => (typeof s === 'string' ? s.split(',') : [s])),
  z.array(z.enum(WORK_ORDER_STATUSES, oneOf(WORK_ORDER_STATUSES))).min(1).max(WORK_ORDER_STATUSES.length),
);

/** A day (2026-12-01, China time) or an ISO 8601 time with offset; `endOfDay` makes a day mean its end. */
const dateOrTime = (endOfDay: boolean) =>
  z.string({ message: 'must be a string' }).transform((v, ctx) => {
    const day = DATE_ONLY.exec(v);
    if (day) {
      const [y, m, d] = [Number(day[1]), Number(day[2]), Number(day[3])];
      const start = Date.UTC(y, m - 1, d) - CHINA_OFFSET_MS;
      const back = new Date(start + CHINA_OFFSET_MS);
      if (y >= 2000 && y < 2100 && back.getUTCFullYear() === y && back.getUTCMonth() === m - 1 && back.getUTCDate() === d) {
        return new Date(endOfDay ? start + DAY_MS : start);
      }
    } else if (isoTime.safeParse(v).success) {
      return new Date(v);
    }
    ctx.addIssue({ code: 'custom', message: 'must be a real date between 2000 and 2099 (2026-12-01) or an ISO 8601 time with offset (2026-12-01T08:00:00+08:00)' });
    return z.NEVER;
  });

const CURSOR_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

export type CursorKind = 'list' | 'overdue';
const KIND_TAG: Record<CursorKind, string> = { list: 'l', overdue: 'o' };

export function encodeCursor(kind: CursorKind, cursor: LedgerCursor | null): string | null {
  return cursor ? Buffer.from(`${KIND_TAG[kind]}|${cursor.at}|${cursor.id}`, 'utf8').toString('base64url') : null;
}

function decodeCursor(kind: CursorKind, value: string): LedgerCursor | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(value)) return null;
  const [tag, at, id, ...rest] = Buffer.from(value, 'base64url').toString('utf8').split('|');
  if (rest.length > 0 || tag !== KIND_TAG[kind] || !at || !CURSOR_AT.test(at) || Number.isNaN(Date.parse(at))) return null;
  if (!id || !/^[1-9]\d{0,14}$/.test(id)) return null;
  return { at, id: Number(id) };
}

const cursorParam = (kind: CursorKind) =>
  z.string({ message: 'must be a string' }).transform((v, ctx) => {
    const cursor = decodeCursor(kind, v);
    if (cursor) return cursor;
    ctx.addIssue({ code: 'custom', message: `is not a page cursor of this list: pass the nextCursor of the previous page of ${kind === 'list' ? '/api/work-orders' : '/api/work-orders/overdue'}` });
    return z.NEVER;
  });

const filterShape = {
  status: statusList.optional(),
  departmentId: departmentId('department').optional(),
  districtId: departmentId('district').optional(),
  category: z.string({ message: 'must be a string' }).max(200, 'must be at most 200 characters').regex(CATEGORY_CODE, 'must be a category code such as "urban" or "urban.road.pothole"').optional(),
  type: z.enum(WORK_ORDER_TYPES, oneOf(WORK_ORDER_TYPES)).optional(),
  urgency: z.enum(URGENCIES, oneOf(URGENCIES)).optional(),
  overdue: z.enum(['true', 'false'], oneOf(['true', 'false'])).optional(),
  from: dateOrTime(false).optional(),
  to: dateOrTime(true).optional(),
  orderNo: z.string({ message: 'must be a string' }).regex(/^\d{4}-\d{6,10}$/, 'must be an order number such as 2026-000123').optional(),
  citizenNumber: z.string({ message: 'must be a string' }).regex(/^\+?\d{3,20}$/, 'must be a phone number of 3 to 20 digits').optional(),
};

const fromBeforeTo: [(q: { from?: Date | undefined; to?: Date | undefined }) => boolean, { message: string; path: string[] }] = [
  (q) => !q.from || !q.to || q.from <= q.to,
  { message: 'from must not be after to', path: ['from'] },
];

export const ledgerFilterQuery = z.strictObject(filterShape).refine(...fromBeforeTo);
export const ledgerListQuery = z
  .strictObject({ ...filterShape, cursor: cursorParam('list').optional(), limit: limitParam(200, 50) })
  .refine(...fromBeforeTo);
const { overdue: _overdue, ...overdueShape } = filterShape;
export const ledgerOverdueQuery = z
  .strictObject({ ...overdueShape, cursor: cursorParam('overdue').optional(), limit: limitParam(200, 50) })
  .refine(...fromBeforeTo);

type ParsedFilter = z.infer<typeof ledgerFilterQuery>;

/** The store's filter from parsed query parameters. */
export function toLedgerFilter(q: Partial<ParsedFilter>): LedgerFilter {
  return {
    ...(q.status ? { statuses: q.status as WorkOrderStatus[] } : {}),
    ...(q.departmentId ? { leadDepartmentId: q.departmentId } : {}),
    ...(q.districtId ? { districtId: q.districtId } : {}),
    ...(q.category ? { categoryCode: q.category } : {}),
    ...(q.type ? { type: q.type } : {}),
    ...(q.urgency ? { urgency: q.urgency } : {}),
    ...(q.overdue ? { overdue: q.overdue === 'true' } : {}),
    ...(q.from ? { createdFrom: q.from } : {}),
    ...(q.to ? { createdTo: q.to } : {}),
    ...(q.orderNo ? { orderNo: q.orderNo } : {}),
    ...(q.citizenNumber ? { citizenNumber: q.citizenNumber } : {}),
  };
}
