// China's working-day calendar: which days are public holidays (法定节假日) and which weekend
// days are make-up working days (调休上班), from a maintained package merged with the overrides
// an admin entered. Implemented in src/adapters/calendar/chinese-days-calendar.ts.
import type { CalendarDay } from '../../domain/calendar/china-day.js';

export type SpecialDayKind = 'holiday' | 'workday';

/** A day that is not an ordinary Monday–Friday working day or Saturday/Sunday rest day. */
export interface SpecialDay {
  day: CalendarDay;
  /** holiday: no work (even on a weekday); workday: work (even on a weekend, 调休). */
  kind: SpecialDayKind;
  /** The holiday's name, e.g. 国庆节. */
  name: string;
  /** Where it comes from: the package's data, or an admin's override (overrides win). */
  source: 'package' | 'override';
}

export interface WorkingDayCalendar {
  /** True for a working day in China: Monday to Friday unless a holiday, or a make-up workday. */
  isWorkingDay(day: CalendarDay): boolean;
  /** True when the package has data for the year or an admin entered overrides for it. */
  knowsYear(year: number): boolean;
  /** Every holiday and make-up workday of the year, in day order. */
  specialDays(year: number): SpecialDay[];
}
