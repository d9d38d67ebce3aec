// Work-order rows written directly in SQL for the deadline-notice tests (an order at any status
// with its deadlines, without walking the lifecycle to get there).
import type { Database } from '../../src/adapters/db/database.js';
import type { SupervisionLevel, WorkOrderStatus } from '../../src/domain/work-order/work-order-types.js';

export interface OrderRowInput {
  orderNo: string;
  status: WorkOrderStatus;
  createdAt: Date;
  dispatchedAt?: Date | null;
  dispatchDueAt?: Date | null;
  signDueAt?: Date | null;
  replyDueAt?: Date | null;
  supervision?: SupervisionLevel;
  leadDepartmentId?: string | null;
}

/** The department and category every test order uses. */
export async function seedOrderReferences(db: Database): Promise<void> {
  const at = new Date('2026-01-01T00:00:00Z');
  await db.query(
    `INSERT INTO departments (id, name, kind, created_at, updated_at) VALUES ('dept-water', '市水务局', 'bureau', $1, $1) ON CONFLICT DO NOTHING`,
    [at],
  );
  await db.query(
    `INSERT INTO work_order_categories (code, name, level, time_class) VALUES ('utilities', '水电气暖', 1, 'utilities') ON CONFLICT DO NOTHING`,
  );
}

/** Inserts an order row; returns its id. */
export async function insertOrder(db: Database, o: OrderRowInput): Promise<number> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO work_orders (order_no, status, channel, citizen_number, type, category_code, description, urgency,
       lead_department_id, supervision, created_by, created_at, updated_at, dispatched_at, dispatch_due_at, sign_due_at, reply_due_at)
     VALUES ($1, $2, 'phone', '13800138000', 'help', 'utilities', '小区停水三天', 'normal', $3, $4, 'agent:1001', $5, $5, $6, $7, $8, $9)
     RETURNING id`,
    [o.orderNo, o.status, o.leadDepartmentId === undefined ? 'dept-water' : o.leadDepartmentId, o.supervision ?? 'none', o.createdAt,
      o.dispatchedAt ?? null, o.dispatchDueAt ?? null, o.signDueAt ?? null, o.replyDueAt ?? null],
  );
  return Number(row!.id);
}
