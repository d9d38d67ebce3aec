// The deadline notices of work orders in the database (table work_order_notices), implemented in
// src/adapters/db/work-order-notice-store.ts. A notice is one row per order, deadline, kind and
// round; `sent_at` set means sent (or being sent: claimed), so each is sent at most once.
import type { DeadlinePlan, NoticeKind, OrderDeadlines } from '../../domain/work-order/notice-schedule.js';
import type { DeadlineKind, SupervisionLevel } from '../../domain/work-order/work-order-types.js';

/** One notice: also its job id and its idempotency key. */
export interface NoticeKey {
  orderId: number;
  deadline: DeadlineKind;
  kind: NoticeKind;
  /** Distinguishes the notices of a deadline set anew (redispatch, reopen, extension) from the ones already sent. */
  round: number;
}

export interface StoredNotice extends NoticeKey {
  dueAt: Date;
}

/** The order as the notices see it. */
export interface NoticeOrder extends OrderDeadlines {
  id: number;
  orderNo: string;
  supervision: SupervisionLevel;
  leadDepartmentId: string | null;
  reopenCount: number;
}

export interface ClaimedNotice extends StoredNotice {
  /** The deadline this notice belongs to (unchanged on the order: checked in the claim). */
  deadlineAt: Date;
  order: NoticeOrder;
  /** The sent_at the claim wrote; release() needs it. */
  claimedAt: Date;
}

export type ClaimResult =
  | { kind: 'claimed'; notice: ClaimedNotice }
  | { kind: 'not_due'; dueAt: Date }
  /** Already sent (or claimed by another run), or no such notice. */
  | { kind: 'gone' }
  /** The order left the status the deadline runs in, or the deadline moved: the unsent notice was removed. */
  | { kind: 'stale' };

export interface WorkOrderNoticeStore {
  /**
   * In one transaction with the order row locked: reads the order, asks `plan` for its
   * deadlines, inserts the missing notices, replaces the unsent ones of a moved deadline (a new
   * round when some of the old were sent), removes the unsent ones of a deadline that no longer
   * runs. Returns the order's unsent notices (to queue), or null when there is no such order.
   */
  replan(orderId: number, plan: (order: NoticeOrder) => DeadlinePlan[]): Promise<StoredNotice[] | null>;
  /** Marks a due notice sent, once, if its order is still in a status where it applies and its deadline is unchanged. */
  claim(key: NoticeKey, now: Date): Promise<ClaimResult>;
  /** Undoes a claim whose sending failed, so the sweeper sends it again. */
  release(key: NoticeKey, claimedAt: Date): Promise<void>;
  /** Unsent notices due at `now`, earliest first. */
  listDue(now: Date, limit: number): Promise<NoticeKey[]>;
  /**
   * Orders with a running deadline that has no notices planned for its time (a re-plan that
   * failed, an order from before the notices), earliest deadline first.
   */
  listUnplanned(limit: number): Promise<number[]>;
}
