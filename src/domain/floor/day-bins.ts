// A day of the skill queues in 15-minute bins, China time (Asia/Shanghai): for each bin the calls
// that joined a queue in it, answered, answered within 15 s (service level) and abandoned.
import { addDays, chinaInstant, chinaTimeOf, type CalendarDay } from '../calendar/china-day.js';
import { joinedBetween, queuedCallFigures, type QueuedCallFact, type QueuedCallFigures } from './queue-figures.js';

export const BIN_MINUTES = 15;
const BIN_MS = BIN_MINUTES * 60_000;

export interface DayBin extends QueuedCallFigures {
  /** Start of the bin, China time, e.g. "2026-12-05T08:15:00+08:00". */
  start: string;
}

export interface FloorDay {
  day: CalendarDay;
  timeZone: 'Asia/Shanghai';
  /** 96 bins from 00:00 to 23:45. */
  bins: DayBin[];
  totals: QueuedCallFigures;
}

/** The instants where the China day starts and the next one starts. */
export function dayBounds(day: CalendarDay): { from: Date; to: Date } {
  return { from: chinaInstant(day, 0), to: chinaInstant(addDays(day, 1), 0) };
}

/** The China day of an instant. */
export const chinaDayOf = (at: Date): CalendarDay => chinaTimeOf(at).day;

const pad = (n: number) => String(n).padStart(2, '0');

/** The day's bins from the facts of calls (those that joined outside the day or queue are left out). */
export function dayBins(day: CalendarDay, facts: readonly QueuedCallFact[], queueId: string | null = null): FloorDay {
  const { from, to } = dayBounds(day);
  const start = from.getTime();
  const ofDay = joinedBetween(facts, start, to.getTime(), queueId);
  const binCount = Math.round((to.getTime() - start) / BIN_MS);
  const byBin: QueuedCallFact[][] = Array.from({ length: binCount }, () => []);
  for (const f of ofDay) byBin[Math.floor((f.joinedAt.getTime() - start) / BIN_MS)]!.push(f);
  const bins = byBin.map((facts, i) => {
    const minutes = i * BIN_MINUTES;
    return { start: `${day}T${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}:00+08:00`, ...queuedCallFigures(facts) };
  });
  return { day, timeZone: 'Asia/Shanghai', bins, totals: queuedCallFigures(ofDay) };
}
