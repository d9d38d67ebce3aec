// The WorkingDayCalendar on the chinese-days package (holidays and 调休 make-up workdays as
// published by the State Council; its data ends at 2026) merged with the overrides an admin
// entered in the database. Overrides win, day by day. Both are held in memory: refresh() reloads
// the overrides (after an edit, and periodically for the other app instances).
import { createRequire } from 'node:module';
import { z } from 'zod';
import { isCalendarDay, isWeekend, yearOf, type CalendarDay } from '../../domain/calendar/china-day.js';
import type { CalendarOverrideStore } from '../../ports/calendar/calendar-override-store.js';
import type { SpecialDay, SpecialDayKind, WorkingDayCalendar } from '../../ports/calendar/working-day-calendar.js';

export interface ReloadableCalendar extends WorkingDayCalendar {
  /** Reloads the overrides from the store. */
  refresh(): Promise<void>;
}

/** The package's table: day → "English name,中文名,n". */
const packageDataSchema = z.object({
  holidays: z.record(z.string(), z.string()),
  workdays: z.record(z.string(), z.string()),
});

interface Entry {
  kind: SpecialDayKind;
  name: string;
  source: SpecialDay['source'];
}

export interface PackageCalendar {
  days: ReadonlyMap<CalendarDay, Entry>;
  years: ReadonlySet<number>;
}

/** The Chinese name of the package's "Spring Festival,春节,4" (the English one if that is all). */
function chineseName(value: string): string {
  const parts = value.split(',');
  return (parts[1] ?? parts[0] ?? '').trim() || '节假日';
}

/** Reads the chinese-days data once (throws naming the package when it is not what we expect). */
export function loadPackageCalendar(): PackageCalendar {
  const require = createRequire(import.meta.url);
  const parsed = packageDataSchema.safeParse(require('chinese-days/dist/chinese-days.json'));
  if (!parsed.success) throw new Error(`chinese-days: its data file is not the expected {holidays, workdays} table: ${parsed.error.message}`);
  const days = new Map<CalendarDay, Entry>();
  const years = new Set<number>();
  for (const [kind, table] of [['holiday', parsed.data.holidays], ['workday', parsed.data.workdays]] as const) {
    for (const [day, value] of Object.entries(table)) {
      if (!isCalendarDay(day)) throw new Error(`chinese-days: "${day}" in its ${kind}s is not a date`);
      days.set(day, { kind, name: chineseName(value), source: 'package' });
      years.add(yearOf(day));
    }
  }
  return { days, years };
}

/** The calendar of the package's data and the store's overrides, loaded now. */
export async function createChineseDaysCalendar(
  overrides: Pick<CalendarOverrideStore, 'list'>,
  base: PackageCalendar = loadPackageCalendar(),
): Promise<ReloadableCalendar> {
  let merged: ReadonlyMap<CalendarDay, Entry> = base.days;
  let overrideYears: ReadonlySet<number> = new Set();

  const calendar: ReloadableCalendar = {
    isWorkingDay(day) {
      const entry = merged.get(day);
      return entry ? entry.kind === 'workday' : !isWeekend(day);
    },
    knowsYear: (year) => base.years.has(year) || overrideYears.has(year),
    specialDays(year) {
      const prefix = `${year}-`;
      return [...merged]
        .filter(([day]) => day.startsWith(prefix))
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([day, e]) => ({ day, kind: e.kind, name: e.name, source: e.source }));
    },
    async refresh() {
      const rows = await overrides.list();
      const next = new Map(base.days);
      for (const o of rows) next.set(o.day, { kind: o.kind, name: o.name, source: 'override' });
      merged = next;
      overrideYears = new Set(rows.map((o) => yearOf(o.day)));
    },
  };
  await calendar.refresh();
  return calendar;
}
