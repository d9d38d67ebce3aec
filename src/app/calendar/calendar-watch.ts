// Watches that the working-day calendar covers the years deadlines run into: from 1 December
// (China time) next year's must be known. Gives the readiness warning and logs it at start and
// once a day while it lasts.
import { chinaTimeOf } from '../../domain/calendar/china-day.js';
import { calendarWarning, missingCalendarYears } from '../../domain/calendar/calendar-coverage.js';
import type { WorkingDayCalendar } from '../../ports/calendar/working-day-calendar.js';
import type { Logger } from '../../ports/logger.js';

export interface CalendarWatch {
  /** The warning now, or null when every needed year is known. */
  warning(): string | null;
  /** Logs the warning, at most once per China day (call it at start and then often). */
  check(): void;
}

export function createCalendarWatch(deps: { calendar: Pick<WorkingDayCalendar, 'knowsYear'>; now: () => Date; logger: Logger }): CalendarWatch {
  let loggedOn: string | null = null;
  const missing = () => missingCalendarYears(deps.now(), (y) => deps.calendar.knowsYear(y));
  return {
    warning: () => calendarWarning(missing()),
    check() {
      const years = missing();
      const message = calendarWarning(years);
      if (!message) return;
      const today = chinaTimeOf(deps.now()).day;
      if (loggedOn === today) return;
      loggedOn = today;
      deps.logger.warn({ missingYears: years }, message);
    },
  };
}
