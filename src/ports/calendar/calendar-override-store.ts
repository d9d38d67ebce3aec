// The admin's overrides of the working-day calendar (table calendar_overrides), implemented in
// src/adapters/db/calendar-override-store.ts.
import type { CalendarDay } from '../../domain/calendar/china-day.js';
import type { SpecialDayKind } from './working-day-calendar.js';

export interface CalendarOverrideInput {
  day: CalendarDay;
  kind: SpecialDayKind;
  name: string;
}

export interface CalendarOverride extends CalendarOverrideInput {
  createdAt: Date;
  /** The audit actor who entered it (`token:<name>`). */
  createdBy: string;
}

export interface CalendarOverrideStore {
  /** Every override, in day order. */
  list(): Promise<CalendarOverride[]>;
  /** Sets the override of a day; returns the one it replaced, if any. */
  put(input: CalendarOverrideInput, by: string, at: Date): Promise<CalendarOverride | null>;
  /** Removes the override of a day; returns it, or null when there was none. */
  remove(day: CalendarDay): Promise<CalendarOverride | null>;
  /** Replaces every override of `year` by `days` (all in that year) in one transaction; returns the ones removed. */
  replaceYear(year: number, days: CalendarOverrideInput[], by: string, at: Date): Promise<CalendarOverride[]>;
}
