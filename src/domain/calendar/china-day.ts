// Calendar days in China (Asia/Shanghai): 'YYYY-MM-DD' strings, the local day of an instant and
// the instant of a local wall-clock time. Pure; the wall clock comes from survey/zoned-time.ts.
import { utcOffsetMs, wallClock } from '../survey/zoned-time.js';

/** The working-day calendar is China's, whatever the server's zone. */
export const CHINA_TIME_ZONE = 'Asia/Shanghai';

/** A local calendar day, 'YYYY-MM-DD'. */
export type CalendarDay = string;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** True for a real date written 'YYYY-MM-DD' (no 2026-02-30) in the years 1900 to 2999. */
export function isCalendarDay(s: string): boolean {
  const m = DAY.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1900 || y > 2999) return false;
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** The year of a calendar day. */
export const yearOf = (day: CalendarDay): number => Number(day.slice(0, 4));

function toUtcMidnight(day: CalendarDay): number {
  return Date.UTC(yearOf(day), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
}

function fromUtcMidnight(ms: number): CalendarDay {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The day `n` calendar days after `day` (n may be negative). */
export function addDays(day: CalendarDay, n: number): CalendarDay {
  return fromUtcMidnight(toUtcMidnight(day) + n * MS_PER_DAY);
}

/** Saturday or Sunday. */
export function isWeekend(day: CalendarDay): boolean {
  const weekday = new Date(toUtcMidnight(day)).getUTCDay();
  return weekday === 0 || weekday === 6;
}

/** Every day of a year, in order. */
export function daysOfYear(year: number): CalendarDay[] {
  const days: CalendarDay[] = [];
  for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += MS_PER_DAY) days.push(fromUtcMidnight(t));
  return days;
}

/** Where an instant falls in China: its local day and the ms since that day's local midnight. */
export interface ChinaTime {
  day: CalendarDay;
  msOfDay: number;
}

export function chinaTimeOf(at: Date): ChinaTime {
  const w = wallClock(at, CHINA_TIME_ZONE);
  const day = `${String(w.year).padStart(4, '0')}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
  const ms = at.getTime();
  const msOfDay = ((w.hour * 60 + w.minute) * 60 + w.second) * 1000 + (((ms % 1000) + 1000) % 1000);
  return { day, msOfDay };
}

/** The instant of `msOfDay` after local midnight of `day` in China. */
export function chinaInstant(day: CalendarDay, msOfDay: number): Date {
  const wallAsUtc = toUtcMidnight(day) + msOfDay;
  // the zone's offset near that wall time (China has had no daylight saving time since 1991)
  return new Date(wallAsUtc - utcOffsetMs(new Date(wallAsUtc), CHINA_TIME_ZONE));
}
