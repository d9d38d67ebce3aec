// Progress by phone: a caller keys an order number and the last four digits of the number the
// order was filed from; this answers what the caller may hear (never the description or contact).
import type { WorkOrderStatus } from '../../domain/work-order/work-order-types.js';

export interface OrderProgress {
  orderNo: string;
  status: WorkOrderStatus;
  /** The reply deadline while a department has the order, else null. */
  replyDueAt: Date | null;
}

export interface ProgressLookup {
  /** null when no order has this number, or its citizen number does not end in `lastFour`. */
  find(orderNo: string, lastFour: string): Promise<OrderProgress | null>;
}
