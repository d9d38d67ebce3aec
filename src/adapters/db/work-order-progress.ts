// Progress by phone on SQL: the order's status, and its reply deadline while a department has
// it — only when the number it was filed from ends in the four digits the caller keyed.
import type { WorkOrderStatus } from '../../domain/work-order/work-order-types.js';
import type { ProgressLookup } from '../../ports/work-order/progress-lookup.js';
import type { Database } from './database.js';

const FIND = `
  SELECT order_no, status, citizen_number,
    CASE WHEN status IN ('dispatched', 'signed', 'in_progress') THEN reply_due_at END AS reply_due_at
  FROM work_orders WHERE order_no = $1`;

export function createProgressLookup(db: Database): ProgressLookup {
  return {
    async find(orderNo, lastFour) {
      if (!/^[0-9]{4}$/.test(lastFour)) return null;
      const [row] = await db.query<{ order_no: string; status: WorkOrderStatus; citizen_number: string | null; reply_due_at: Date | null }>(FIND, [orderNo]);
      if (!row?.citizen_number || row.citizen_number.length < 4 || !row.citizen_number.endsWith(lastFour)) return null;
      return { orderNo: row.order_no, status: row.status, replyDueAt: row.reply_due_at };
    },
  };
}
