// When an order's deadline notices fall: a warning before the deadline (at a share of the time
// the clock runs), 催办 (reminder) at the deadline, 督办 yellow and then red once the deadline is
// a number of working days overdue. Which deadlines run depends on the order's status: the
// dispatch clock while the hotline has not dispatched it (a hotline-internal warning and
// reminder only: no department has the order yet), the sign clock until the department signs,
// the reply clock while the department has the order. Pure: time and the calendar come in.
import type { DeadlineKind, SupervisionLevel, WorkOrderStatus } from './work-order-types.js';

export const NOTICE_KINDS = ['warning', 'reminder', 'supervision_yellow', 'supervision_red'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export const DEADLINE_KINDS: readonly DeadlineKind[] = ['dispatch', 'sign', 'reply'];

export interface NoticeRules {
  /** The warning comes at start + share × (deadline − start); 0 < share < 1. */
  warningShare: number;
  /** 督办 yellow once the deadline is this many working days overdue (≥ 1). */
  yellowAfterWorkingDays: number;
  /** 督办 red once it is this many working days overdue (more than yellow). */
  redAfterWorkingDays: number;
}

/** The instant `n` working days after `from` on China's calendar (src/domain/calendar/working-days.ts, bound to a calendar). */
export type AddWorkingDays = (from: Date, n: number) => Date;

/** What the schedule needs of an order. */
export interface OrderDeadlines {
  status: WorkOrderStatus;
  createdAt: Date;
  /** When the order was last (re)dispatched or reopened: the sign and reply clocks start then. */
  dispatchedAt: Date | null;
  dispatchDueAt: Date | null;
  signDueAt: Date | null;
  replyDueAt: Date | null;
}

export interface PlannedNotice {
  kind: NoticeKind;
  dueAt: Date;
}

export interface DeadlinePlan {
  deadline: DeadlineKind;
  /** The deadline itself (the reminder's time). */
  dueAt: Date;
  notices: PlannedNotice[];
}

const RUNS_WHILE: Readonly<Record<DeadlineKind, readonly WorkOrderStatus[]>> = {
  dispatch: ['accepted', 'pending_dispatch'],
  sign: ['dispatched'],
  reply: ['dispatched', 'signed', 'in_progress'],
};

/** The statuses in which the deadline's clock runs. */
export const deadlineStatuses = (deadline: DeadlineKind): readonly WorkOrderStatus[] => RUNS_WHILE[deadline];

/** True while the deadline's clock runs in this status (its notices still apply). */
export const deadlineApplies = (deadline: DeadlineKind, status: WorkOrderStatus): boolean => RUNS_WHILE[deadline].includes(status);

/** The notices a deadline has: the dispatch clock is the hotline's own, so no 督办 of a department. */
export const noticeKindsOf = (deadline: DeadlineKind): readonly NoticeKind[] =>
  deadline === 'dispatch' ? ['warning', 'reminder'] : NOTICE_KINDS;

/** The deadline's time on the order (null when none is set). */
export function deadlineAt(order: OrderDeadlines, deadline: DeadlineKind): Date | null {
  if (deadline === 'dispatch') return order.dispatchDueAt;
  return deadline === 'sign' ? order.signDueAt : order.replyDueAt;
}

/** When the deadline's clock started: intake for the dispatch clock, the last dispatch for the others. */
export function clockStart(order: OrderDeadlines, deadline: DeadlineKind): Date {
  return deadline === 'dispatch' ? order.createdAt : (order.dispatchedAt ?? order.createdAt);
}

/** The time of one notice of a deadline that started at `start` and falls at `due`. */
export function noticeDueAt(kind: NoticeKind, start: Date, due: Date, rules: NoticeRules, addWorkingDays: AddWorkingDays): Date {
  switch (kind) {
    case 'warning': {
      const span = Math.max(0, due.getTime() - start.getTime());
      return new Date(start.getTime() + Math.round(span * rules.warningShare));
    }
    case 'reminder':
      return due;
    case 'supervision_yellow':
      return addWorkingDays(due, rules.yellowAfterWorkingDays);
    case 'supervision_red':
      return addWorkingDays(due, rules.redAfterWorkingDays);
  }
}

/** Every deadline that runs for the order now, with its notices in time order. */
export function planNotices(order: OrderDeadlines, rules: NoticeRules, addWorkingDays: AddWorkingDays): DeadlinePlan[] {
  const plans: DeadlinePlan[] = [];
  for (const deadline of DEADLINE_KINDS) {
    const due = deadlineAt(order, deadline);
    if (!due || !deadlineApplies(deadline, order.status)) continue;
    const start = clockStart(order, deadline);
    const notices = noticeKindsOf(deadline)
      // a clock that started at or after its deadline has nothing to warn of
      .filter((kind) => kind !== 'warning' || start.getTime() < due.getTime())
      .map((kind) => ({ kind, dueAt: noticeDueAt(kind, start, due, rules, addWorkingDays) }));
    plans.push({ deadline, dueAt: due, notices });
  }
  return plans;
}

const LEVEL_RANK: Readonly<Record<SupervisionLevel, number>> = { none: 0, yellow: 1, red: 2 };

/**
 * How many 督办 steps (none → yellow → red) a supervision notice takes from the order's level:
 * a yellow notice on an order already yellow or red takes none, a red notice on an order not
 * yet supervised takes two; warnings and reminders none.
 */
export function supervisionSteps(kind: NoticeKind, level: SupervisionLevel): number {
  if (kind === 'supervision_yellow') return Math.max(0, LEVEL_RANK.yellow - LEVEL_RANK[level]);
  if (kind === 'supervision_red') return Math.max(0, LEVEL_RANK.red - LEVEL_RANK[level]);
  return 0;
}

/** Checks the rules (the settings are checked by config.ts too; this keeps the domain honest). */
export function checkNoticeRules(rules: NoticeRules): string | null {
  if (!(rules.warningShare > 0 && rules.warningShare < 1)) return 'the warning share must be between 0 and 1';
  if (!Number.isInteger(rules.yellowAfterWorkingDays) || rules.yellowAfterWorkingDays < 1) return 'yellow must come after 1 or more whole working days';
  if (!Number.isInteger(rules.redAfterWorkingDays) || rules.redAfterWorkingDays <= rules.yellowAfterWorkingDays) {
    return 'red must come after more whole working days than yellow';
  }
  return null;
}
