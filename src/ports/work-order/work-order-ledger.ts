// The ledger (台账) of work orders: every order, filtered, paged newest first by a keyset cursor
// on (created_at, id), counted per status, the overdue ones, and a stream for the CSV export.
// The store answers raw rows; who sees which citizen number is the ledger use case's rule
// (src/app/work-order/ledger.ts).
import type {
  DeadlineKind,
  SupervisionLevel,
  Urgency,
  WorkOrderChannel,
  WorkOrderStatus,
  WorkOrderType,
} from '../../domain/work-order/work-order-types.js';

/** The statuses in which an order has a running deadline (it can be overdue). */
export const OPEN_STATUSES: readonly WorkOrderStatus[] = ['accepted', 'pending_dispatch', 'dispatched', 'signed', 'in_progress'];

export interface LedgerFilter {
  /** Any of these statuses. */
  statuses?: readonly WorkOrderStatus[];
  leadDepartmentId?: string;
  districtId?: string;
  /** A category code and every code under it: 'urban' matches 'urban.road.pothole'. */
  categoryCode?: string;
  type?: WorkOrderType;
  urgency?: Urgency;
  /**
   * true: only orders whose dispatch, sign or reply deadline has passed while they are open
   * (dispatch while accepted or pending_dispatch; sign while dispatched; reply while
   * dispatched, signed or in_progress); false: only the others.
   */
  overdue?: boolean;
  /** Created at or after. */
  createdFrom?: Date;
  /** Created before. */
  createdTo?: Date;
  orderNo?: string;
  citizenNumber?: string;
  /**
   * A department's view: only orders it leads or assists. A search by citizen number then
   * never finds a confidential order (that would tell the department the order's number).
   */
  departmentScope?: string;
}

/** Where a page ends: the exact stored instant (ISO 8601 with microseconds, UTC) and the order id. */
export interface LedgerCursor {
  at: string;
  id: number;
}

export interface LedgerPageRequest {
  /** The cursor of the previous page; null for the first page. */
  after: LedgerCursor | null;
  limit: number;
}

export interface LedgerOrder {
  id: number;
  orderNo: string;
  status: WorkOrderStatus;
  channel: WorkOrderChannel;
  type: WorkOrderType;
  urgency: Urgency;
  categoryCode: string;
  categoryName: string | null;
  districtId: string | null;
  districtName: string | null;
  leadDepartmentId: string | null;
  leadDepartmentName: string | null;
  assistingDepartmentIds: string[];
  /** The assisting departments' names, in the order of their ids (an unknown id is left out). */
  assistingDepartmentNames: string[];
  /** The stored number: the use case decides who sees it (full, masked or not at all). */
  citizenNumber: string | null;
  citizenName: string | null;
  confidential: boolean;
  location: string | null;
  description: string;
  supervision: SupervisionLevel;
  reopenCount: number;
  dispatchDueAt: Date | null;
  signDueAt: Date | null;
  replyDueAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  dispatchedAt: Date | null;
  signedAt: Date | null;
  repliedAt: Date | null;
  closedAt: Date | null;
  /** The earliest running deadline of an open order (passed or not), else null. */
  dueAt: Date | null;
  /** Which deadline `dueAt` is. */
  dueKind: DeadlineKind | null;
  /** `dueAt` has passed at the time of the query. */
  overdue: boolean;
}

export interface LedgerPage {
  orders: LedgerOrder[];
  /** The cursor of the next page; null when this page is the last. */
  next: LedgerCursor | null;
}

export type StatusCounts = Record<WorkOrderStatus, number>;

export interface WorkOrderLedgerStore {
  /** Newest first: created_at, then id, descending. */
  list(filter: LedgerFilter, page: LedgerPageRequest, now: Date): Promise<LedgerPage>;
  /** Overdue orders (the filter's `overdue` is ignored), most overdue first: dueAt, then id, ascending. */
  listOverdue(filter: LedgerFilter, page: LedgerPageRequest, now: Date): Promise<LedgerPage>;
  /** How many orders of each status match the filter (every status named, 0 included). */
  countByStatus(filter: LedgerFilter, now: Date): Promise<StatusCounts>;
}
