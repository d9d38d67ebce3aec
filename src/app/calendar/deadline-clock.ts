// The deadline clock of work orders: the deadline policy's limit for an order, counted in clock
// hours or in working days on China's calendar (rules in src/domain/calendar/working-days.ts).
import { addClockHours, addWorkingDays, workingDaysOverdue } from '../../domain/calendar/working-days.js';
import { limitFor, type DeadlinePolicy } from '../../domain/work-order/deadline-policy.js';
import type { DeadlineClock } from '../../ports/calendar/deadline-clock.js';
import type { WorkingDayCalendar } from '../../ports/calendar/working-day-calendar.js';

export interface WorkingDayClock extends DeadlineClock {
  /** Whole working days `at` is past `deadline` (0 until one working day has passed); for 督办 after N working days. */
  workingDaysOverdue(deadline: Date, at: Date): number;
  /** `n` working days after `from` on the calendar (e.g. an extension granted in working days). */
  addWorkingDays(from: Date, n: number): Date;
}

export function createDeadlineClock(deps: { calendar: Pick<WorkingDayCalendar, 'isWorkingDay'>; policy: DeadlinePolicy }): WorkingDayClock {
  const isWorkingDay = (day: string) => deps.calendar.isWorkingDay(day);
  return {
    deadlineFor(kind, subject, from) {
      const limit = limitFor(deps.policy, kind, subject);
      return 'hours' in limit ? addClockHours(from, limit.hours) : addWorkingDays(from, limit.workingDays, isWorkingDay);
    },
    workingDaysOverdue: (deadline, at) => workingDaysOverdue(deadline, at, isWorkingDay),
    addWorkingDays: (from, n) => addWorkingDays(from, n, isWorkingDay),
  };
}
