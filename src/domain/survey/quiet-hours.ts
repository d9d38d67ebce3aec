// Quiet hours: the daily window in which no callback survey call is placed (default
// 21:00-08:00 local time). nextCallableTime() moves a wanted call time out of the window.
import { utcOffsetMs, wallClock } from './zoned-time.js';
import { NamedError } from '../shared/named-error.js';

export interface QuietHours {
  /** Minutes after local midnight the window starts (inclusive). */
  startMinute: number;
  /** Minutes after local midnight the window ends (exclusive); may be earlier than the start (across midnight). */
  endMinute: number;
}

export interface CallingRules {
  /** null: no quiet hours. */
  quietHours: QuietHours | null;
  /** IANA time zone of the citizens' local time, e.g. Asia/Shanghai. */
  timeZone: string;
}

export class QuietHoursFormatError extends NamedError {
  readonly code = 'quiet-hours-invalid';
}

const RANGE = /^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/;

/** Parses "21:00-08:00" (24-hour local times, start-end) or "off". */
export function parseQuietHours(text: string): QuietHours | null {
  const spec = text.trim();
  if (spec === 'off') return null;
  const m = RANGE.exec(spec);
  if (!m) throw new QuietHoursFormatError(`"${text}" is not HH:MM-HH:MM (e.g. 21:00-08:00) or "off"`);
  const [h1, m1, h2, m2] = [m[1], m[2], m[3], m[4]].map(Number) as [number, number, number, number];
  for (const [h, min] of [[h1, m1], [h2, m2]] as const) {
    if (h > 23 || min > 59) throw new QuietHoursFormatError(`"${text}": ${h}:${String(min).padStart(2, '0')} is not a time of day`);
  }
  const startMinute = h1 * 60 + m1;
  const endMinute = h2 * 60 + m2;
  if (startMinute === endMinute) throw new QuietHoursFormatError(`"${text}": start and end are the same time (use "off" for no quiet hours)`);
  return { startMinute, endMinute };
}

export function formatQuietHours(q: QuietHours | null): string {
  if (!q) return 'off';
  const hm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  return `${hm(q.startMinute)}-${hm(q.endMinute)}`;
}

/** True when local minute-of-day `minute` falls inside the window. */
export function isQuietMinute(q: QuietHours, minute: number): boolean {
  return q.startMinute < q.endMinute
    ? minute >= q.startMinute && minute < q.endMinute
    : minute >= q.startMinute || minute < q.endMinute;
}

/** `at` itself when a call may be placed then, else the end of the quiet window it falls in. */
export function nextCallableTime(at: Date, rules: CallingRules): Date {
  const q = rules.quietHours;
  if (!q) return at;
  const w = wallClock(at, rules.timeZone);
  const minute = w.hour * 60 + w.minute;
  if (!isQuietMinute(q, minute)) return at;
  const minutesLeft = (q.endMinute - minute + 1440) % 1440;
  const intoMinuteMs = w.second * 1000 + (at.getTime() % 1000);
  const naive = new Date(at.getTime() + minutesLeft * 60_000 - intoMinuteMs);
  // a daylight-saving change inside the window moves the local end by the change
  return new Date(naive.getTime() + utcOffsetMs(at, rules.timeZone) - utcOffsetMs(naive, rules.timeZone));
}
