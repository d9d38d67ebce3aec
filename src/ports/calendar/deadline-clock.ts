// When a work order's deadline falls: the deadline policy (limits by type, urgency and category)
// counted on the working-day calendar. Implemented in src/app/calendar/deadline-clock.ts.
import type { DeadlineKind, Urgency, WorkOrderType } from '../../domain/work-order/work-order-types.js';

/** What a deadline depends on. */
export interface DeadlineSubject {
  type: WorkOrderType;
  urgency: Urgency;
  categoryCode: string;
  /** The reply limit class of the order's category (from the taxonomy), if it has one. */
  timeClass: 'life_property' | 'utilities' | 'general' | 'complex' | null;
}

export interface DeadlineClock {
  /** The deadline of this kind for an order whose clock starts at `from`. */
  deadlineFor(kind: DeadlineKind, subject: DeadlineSubject, from: Date): Date;
}
