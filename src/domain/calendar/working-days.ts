// Working-day arithmetic on China's calendar (public holidays and 调休 make-up workdays come in
// as `isWorkingDay`). Pure: every function takes the instants and the calendar it needs.
//
// The rules:
// - N working days from an instant inside a working day end at the same local time of day on
//   the Nth working day after that day (Thursday 15:00 + 1 working day = Friday 15:00).
// - An instant outside a working day (a weekend, a holiday, any time of it) counts from the
//   start (00:00) of the next working day: Saturday 10:00 + 1 working day = the end of Monday
//   (Tuesday 00:00), so the department still gets one whole working day.
// - Clock-hour limits (1 h, 2 h, 24 h) run through nights, weekends and holidays alike.
// - Working days overdue: the number of whole working days counted from the deadline by the
//   same rules, so a deadline is 1 working day overdue once `addWorkingDays(deadline, 1)` has
//   passed.
import { addDays, chinaInstant, chinaTimeOf, type CalendarDay } from './china-day.js';

export type IsWorkingDay = (day: CalendarDay) => boolean;

/** More than any run of holidays and weekends: a calendar with no working day at all is a bug. */
const MAX_DAYS_WITHOUT_WORK = 60;

/** The first working day after `day` (not `day` itself). */
export function nextWorkingDay(day: CalendarDay, isWorkingDay: IsWorkingDay): CalendarDay {
  for (let i = 1; i <= MAX_DAYS_WITHOUT_WORK; i += 1) {
    const d = addDays(day, i);
    if (isWorkingDay(d)) return d;
  }
  throw new Error(`the calendar has no working day in the ${MAX_DAYS_WITHOUT_WORK} days after ${day}`);
}

/** Where counting starts: the instant's own day and time when it is a working day, else the next working day at 00:00. */
function countingStart(from: Date, isWorkingDay: IsWorkingDay): { day: CalendarDay; msOfDay: number } {
  const t = chinaTimeOf(from);
  return isWorkingDay(t.day) ? t : { day: nextWorkingDay(t.day, isWorkingDay), msOfDay: 0 };
}

/** The deadline `n` working days (a whole number ≥ 0) after `from`, by the rules above. */
export function addWorkingDays(from: Date, n: number, isWorkingDay: IsWorkingDay): Date {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a whole number ≥ 0, not ${n}`);
  const start = countingStart(from, isWorkingDay);
  if (n === 0) return chinaInstant(start.day, start.msOfDay);
  let day = start.day;
  for (let i = 0; i < n; i += 1) day = nextWorkingDay(day, isWorkingDay);
  return chinaInstant(day, start.msOfDay);
}

/** The deadline `hours` clock hours after `from` (fractions allowed). */
export function addClockHours(from: Date, hours: number): Date {
  if (!Number.isFinite(hours) || hours < 0) throw new RangeError(`hours must be a number ≥ 0, not ${hours}`);
  return new Date(from.getTime() + Math.round(hours * 3_600_000));
}

/**
 * How many whole working days past `deadline` the instant `at` is: 0 up to and including the
 * deadline and until one working day has passed, then 1, 2… (the greatest n with
 * addWorkingDays(deadline, n) ≤ at).
 */
export function workingDaysOverdue(deadline: Date, at: Date, isWorkingDay: IsWorkingDay): number {
  if (at.getTime() <= deadline.getTime()) return 0;
  const start = countingStart(deadline, isWorkingDay);
  const atDay = chinaTimeOf(at).day;
  let day = start.day;
  let n = 0;
  for (;;) {
    const next = nextWorkingDay(day, isWorkingDay);
    if (next > atDay) return n; // 'YYYY-MM-DD' strings sort as dates
    if (chinaInstant(next, start.msOfDay).getTime() > at.getTime()) return n;
    n += 1;
    day = next;
  }
}
