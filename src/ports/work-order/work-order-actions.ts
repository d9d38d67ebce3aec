// Taking an action on a work order (the lifecycle decides; one of concurrent actions wins).
// Implemented by the work-order use cases in src/app/work-order; used by the HTTP routes, the
// deadline notices (催办, 督办) and the callback survey's result.
import type { ActorKind, WorkOrderCommand } from '../../domain/work-order/lifecycle.js';
import type { WorkOrderStatus } from '../../domain/work-order/work-order-types.js';

export interface OrderActor {
  kind: ActorKind;
  /** For the order's timeline and the audit log: `token:<name>`, `agent:<id>`, `system`. */
  name: string;
  /** The acting department (department tokens): it may act on its own orders only. */
  departmentId: string | null;
}

export interface ActionOutcome {
  orderNo: string;
  status: WorkOrderStatus;
  version: number;
}

export interface WorkOrderActions {
  /**
   * Throws WorkOrderNotFoundError (unknown order, or another department's: the same answer),
   * WorkOrderActionRefusedError (the lifecycle's refusal: status and action named) or
   * WorkOrderConflictError (another action on the order won the race) — all in
   * src/app/work-order/work-order-errors.ts.
   */
  act(orderNo: string, command: WorkOrderCommand, actor: OrderActor): Promise<ActionOutcome>;
}
