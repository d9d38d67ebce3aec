// Work-order rows written directly in SQL for the deadline-notice tests, and a real-ish order
// action: the committed lifecycle `decide` run against the row in one transaction (version
// check, status and supervision written, the order event appended), its department notices
// recorded. It stands in for the work-order use cases in these tests.
import type { Database } from '../../src/adapters/db/database.js';
import { decide } from '../../src/domain/work-order/lifecycle.js';
import type { SupervisionLevel, WorkOrderSnapshot, WorkOrderStatus } from '../../src/domain/work-order/work-order-types.js';
import type { DepartmentNotice } from '../../src/ports/webhook/department-notifier.js';
import type { WorkOrderActions } from '../../src/ports/work-order/work-order-actions.js';

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

interface LockedRow {
  id: string;
  status: WorkOrderStatus;
  status_before_dispute: WorkOrderStatus | null;
  lead_department_id: string | null;
  supervision: SupervisionLevel;
  reopen_count: number;
  version: number;
}

/** Order actions over the row, with the lifecycle's department notices collected in `notices`. */
export function lifecycleActions(db: Database, now: () => Date, notices: DepartmentNotice[]): WorkOrderActions {
  return {
    async act(orderNo, command, actor) {
      const at = now();
      const { outcome, notify } = await db.transaction(async (tx) => {
        const [r] = await tx.query<LockedRow>(
          'SELECT id, status, status_before_dispute, lead_department_id, supervision, reopen_count, version FROM work_orders WHERE order_no = $1 FOR UPDATE',
          [orderNo],
        );
        if (!r) throw Object.assign(new Error(`no order ${orderNo}`), { name: 'WorkOrderNotFoundError' });
        const snapshot: WorkOrderSnapshot = {
          status: r.status,
          statusBeforeDispute: r.status_before_dispute,
          leadDepartmentId: r.lead_department_id,
          supervision: r.supervision,
          extension: null,
          reopenCount: r.reopen_count,
        };
        const d = decide(snapshot, command, actor.kind, at);
        if (!d.ok) throw Object.assign(new Error(d.message), { name: 'WorkOrderActionRefusedError' });
        await tx.query('UPDATE work_orders SET status = $2, supervision = $3, version = version + 1, updated_at = $4 WHERE id = $1 AND version = $5', [
          r.id, d.next.status, d.next.supervision, at, r.version,
        ]);
        await tx.query(
          `INSERT INTO work_order_events (order_id, seq, at, action, actor, from_status, to_status, data)
           VALUES ($1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM work_order_events WHERE order_id = $1), $2, $3, $4, $5, $6, $7)`,
          [r.id, at, command.action, actor.name, r.status, d.next.status, JSON.stringify({ supervision: d.next.supervision })],
        );
        const notify = d.effects.flatMap((e) => (e.kind === 'notify_department' && d.next.leadDepartmentId
          ? [{ departmentId: d.next.leadDepartmentId, event: e.event, orderNo, data: e.event === 'supervision' ? { level: d.next.supervision } : {} }]
          : []));
        return { outcome: { orderNo, status: d.next.status, version: r.version + 1 }, notify };
      });
      notices.push(...notify);
      return outcome;
    },
  };
}
