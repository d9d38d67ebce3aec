// How the floor's figures and times are written on the consoles: shares as percentages, times
// of day in China time (the hotline's day), whatever the browser's own time zone.

/** A share (0.853) as a whole percentage ("85%"); "—" when there is none. */
export function percent(share: number | null): string {
  return share === null ? '—' : `${Math.round(share * 100)}%`;
}

const CLOCK = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });

/** "2026-12-05T00:15:07Z" → "08:15:07" (China time); "" for no time. */
export function chinaClock(iso: string | null): string {
  if (!iso) return '';
  const at = Date.parse(iso);
  return Number.isNaN(at) ? '' : CLOCK.format(at);
}
