// Which years' working-day calendars the hotline must know by now: always the current year, and
// from 1 December (China time) the next one too, so an admin enters the State Council's holiday
// notice (usually published in November) before deadlines run into the new year. Pure.
import { chinaTimeOf } from './china-day.js';

/** From this month (1 = January) on, next year's calendar must be known. */
export const NEXT_YEAR_NEEDED_FROM_MONTH = 12;

/** The years needed at `now` that `knowsYear` does not know, in order (empty when all is well). */
export function missingCalendarYears(now: Date, knowsYear: (year: number) => boolean): number[] {
  const { day } = chinaTimeOf(now);
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  const needed = month >= NEXT_YEAR_NEEDED_FROM_MONTH ? [year, year + 1] : [year];
  return needed.filter((y) => !knowsYear(y));
}

/** The warning for people (readiness, logs) about the missing years, or null. */
export function calendarWarning(missing: readonly number[]): string | null {
  if (missing.length === 0) return null;
  const years = missing.join(' and ');
  return `the working-day calendar of ${years} is unknown (no package data, no overrides): deadlines there count Monday to Friday only; enter the State Council's holiday notice with PUT /api/calendar/years/${missing[0]}`;
}
