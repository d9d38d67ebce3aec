// Time intervals (ms since the epoch) for reading a call's timeline: who spoke when, who was in
// which bridge.

export interface Interval {
  from: number;
  to: number;
}

/** The parts of the intervals that lie between `from` and `to`. */
export function clip(list: Interval[], from: number, to: number): Interval[] {
  return list
    .map((i) => ({ from: Math.max(i.from, from), to: Math.min(i.to, to) }))
    .filter((i) => i.to > i.from);
}

export const totalMs = (list: Interval[]): number => list.reduce((sum, i) => sum + (i.to - i.from), 0);

/** How long two sets of intervals overlap (each set without overlaps of its own). */
export function audibleOverlapMs(a: Interval[], b: Interval[]): number {
  let sum = 0;
  for (const x of a) for (const y of b) sum += Math.max(0, Math.min(x.to, y.to) - Math.max(x.from, y.from));
  return sum;
}

/**
 * Pairs start and stop marks (in time order) into intervals. A stop ends the talk `durationMs`
 * after its start (Asterisk reports the stop only after a stretch of silence); a stop without a
 * start began `durationMs` before it; a start never stopped lasts until `openEnd`.
 */
export function pairMarks(marks: Array<{ at: number; start: boolean; durationMs?: number }>, openEnd: number): Interval[] {
  const out: Interval[] = [];
  let open: number | null = null;
  for (const m of [...marks].sort((x, y) => x.at - y.at)) {
    if (m.start) {
      if (open === null) open = m.at;
      continue;
    }
    // a stop mark comes after the silence that ended the talk; its duration says when the talk itself ended
    const from = open ?? m.at - (m.durationMs ?? 0);
    const to = open !== null && m.durationMs !== undefined ? Math.min(m.at, open + m.durationMs) : m.at;
    if (to > from) out.push({ from, to });
    open = null;
  }
  if (open !== null && openEnd > open) out.push({ from: open, to: openEnd });
  return out;
}
