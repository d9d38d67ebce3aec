// Errors of the work-order use cases, each with a stable code the HTTP layer maps to a status.
import type { WorkOrderAction, WorkOrderStatus } from '../../domain/work-order/work-order-types.js';
import { NamedError } from '../../domain/shared/named-error.js';

/** No such order — or another department's order: the same answer, never a hint it exists. */
export class WorkOrderNotFoundError extends NamedError {
  readonly code = 'not-found';
  constructor(readonly orderNo: string) {
    super(`No work order ${orderNo}`);
  }
}

/**
 * The lifecycle refused the action: not_allowed (409, the status and the action named),
 * not_permitted (403, not this actor's action) or invalid (400, the command does not fit).
 */
export class WorkOrderActionRefusedError extends NamedError {
  readonly code = 'action-refused';
  constructor(
    readonly reason: 'not_allowed' | 'not_permitted' | 'invalid',
    readonly status: WorkOrderStatus,
    readonly action: WorkOrderAction,
    message: string,
  ) {
    super(message);
  }
}

/** Another action on the order was stored first (the version moved): reload and decide again. */
export class WorkOrderConflictError extends NamedError {
  readonly code = 'conflict';
  constructor(readonly orderNo: string) {
    super(`Work order ${orderNo} was changed by another action at the same time; reload it and try again`);
  }
}

/** A new order names something that does not exist or is inactive (category, department, district, call). */
export class WorkOrderInputError extends NamedError {
  readonly code = 'bad-request';
  constructor(readonly problems: string[]) {
    super(`Invalid work order: ${problems.join('; ')}`);
  }
}
