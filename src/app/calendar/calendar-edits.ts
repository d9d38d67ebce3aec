// An admin's edits of the working-day calendar: one day at a time, or a whole year at once (the
// State Council's notice, in one transaction). Each edit is written to the audit log
// (config_change, subject calendar:<day> or calendar:<year>) and the in-memory calendar is
// reloaded at once.
import { isCalendarDay, yearOf, type CalendarDay } from '../../domain/calendar/china-day.js';
import type { AuditLog } from '../../ports/audit/audit-log.js';
import type { CalendarOverrideInput, CalendarOverrideStore } from '../../ports/calendar/calendar-override-store.js';
import type { SpecialDay, WorkingDayCalendar } from '../../ports/calendar/working-day-calendar.js';
import type { Logger } from '../../ports/logger.js';
import { NamedError } from '../../domain/shared/named-error.js';

export class CalendarEditInvalidError extends NamedError {
  readonly code = 'calendar-edit-invalid';
  constructor(readonly problems: string[]) {
    super(`Invalid calendar edit: ${problems.join('; ')}`);
  }
}

export interface CalendarYear {
  year: number;
  /** The package has the year or overrides exist for it. */
  known: boolean;
  days: SpecialDay[];
}

export interface CalendarEdits {
  year(year: number): CalendarYear;
  /** Sets a day's override; `created` is false when it replaced one. */
  put(input: CalendarOverrideInput, actor: string): Promise<{ created: boolean }>;
  /** Removes a day's override; false when the day had none. */
  remove(day: CalendarDay, actor: string): Promise<boolean>;
  /** Replaces every override of the year by `days`. */
  replaceYear(year: number, days: CalendarOverrideInput[], actor: string): Promise<{ removed: number; added: number }>;
}

export interface CalendarEditsDeps {
  store: CalendarOverrideStore;
  calendar: WorkingDayCalendar & { refresh(): Promise<void> };
  audit: AuditLog;
  now: () => Date;
  logger: Logger;
}

export function createCalendarEdits(deps: CalendarEditsDeps): CalendarEdits {
  const { store, calendar, audit, now, logger } = deps;

  async function after(subject: string, data: Record<string, unknown>, actor: string, at: Date): Promise<void> {
    try {
      await audit.append({ kind: 'config_change', at, actor, subject, data });
    } catch (err) {
      logger.error({ err, subject }, 'calendar change done but not written to the audit log');
    }
    try {
      await calendar.refresh();
    } catch (err) {
      logger.warn({ err, subject }, 'calendar change done; the calendar reloads on its next round');
    }
  }

  return {
    year: (year) => ({ year, known: calendar.knowsYear(year), days: calendar.specialDays(year) }),

    async put(input, actor) {
      if (!isCalendarDay(input.day)) throw new CalendarEditInvalidError([`day: "${input.day}" is not a date (YYYY-MM-DD)`]);
      const at = now();
      const previous = await store.put(input, actor, at);
      const data = { action: 'calendar_override_set', day: input.day, kind: input.kind, name: input.name, previous: previous ? { kind: previous.kind, name: previous.name } : null };
      await after(`calendar:${input.day}`, data, actor, at);
      return { created: previous === null };
    },

    async remove(day, actor) {
      const at = now();
      const removed = await store.remove(day);
      if (!removed) return false;
      await after(`calendar:${day}`, { action: 'calendar_override_removed', day, previous: { kind: removed.kind, name: removed.name } }, actor, at);
      return true;
    },

    async replaceYear(year, days, actor) {
      const problems: string[] = [];
      const seen = new Set<string>();
      days.forEach((d, i) => {
        if (!isCalendarDay(d.day)) problems.push(`days[${i}].day: "${d.day}" is not a date (YYYY-MM-DD)`);
        else if (yearOf(d.day) !== year) problems.push(`days[${i}].day: ${d.day} is not in ${year}`);
        if (seen.has(d.day)) problems.push(`days[${i}].day: ${d.day} is given twice`);
        seen.add(d.day);
      });
      if (problems.length) throw new CalendarEditInvalidError(problems);
      const at = now();
      const sorted = [...days].sort((a, b) => (a.day < b.day ? -1 : 1));
      const removed = await store.replaceYear(year, sorted, actor, at);
      const data = {
        action: 'calendar_year_replaced',
        year,
        days: sorted.map((d) => ({ day: d.day, kind: d.kind, name: d.name })),
        previous: removed.map((d) => ({ day: d.day, kind: d.kind, name: d.name })),
      };
      await after(`calendar:${year}`, data, actor, at);
      return { removed: removed.length, added: sorted.length };
    },
  };
}
