// The floor's live events in the browser: GET /api/events as Server-Sent Events with the session
// cookie. EventSource reconnects by itself and sends Last-Event-ID, so the server catches the
// console up; a `reset` (events no longer kept) tells the page to load its snapshot again.
import { useEffect, useRef, useState } from 'preact/hooks';

/** One event as the server sends it: `type` names it, the rest is its data (docs/api.md, The floor). */
export interface LiveEvent {
  type: string;
  [field: string]: unknown;
}

export type LiveStatus = 'connecting' | 'live' | 'reconnecting';

const EVENT_TYPES = ['agent_state', 'queue', 'call_started', 'call_offered', 'call_answered', 'call_ended', 'alert'] as const;

/**
 * Follows /api/events from `fromId` (a snapshot's lastEventId) and calls `onEvent` for each event;
 * `onReset` when the page must reload its snapshot. `enabled` false keeps it closed (no snapshot yet).
 */
export function useLiveEvents(
  opts: { enabled: boolean; fromId?: string | null; onEvent: (event: LiveEvent) => void; onReset?: () => void },
): LiveStatus {
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const handlers = useRef(opts);
  handlers.current = opts;

  useEffect(() => {
    if (!opts.enabled) return undefined;
    const query = opts.fromId ? `?lastEventId=${encodeURIComponent(opts.fromId)}` : '';
    const source = new EventSource(`/api/events${query}`, { withCredentials: true });
    const onData = (message: MessageEvent<string>) => {
      try {
        handlers.current.onEvent(JSON.parse(message.data) as LiveEvent);
      } catch {
        // a malformed event is skipped; the next snapshot corrects the page
      }
    };
    for (const type of EVENT_TYPES) source.addEventListener(type, onData as EventListener);
    source.addEventListener('ready', () => setStatus('live'));
    source.addEventListener('reset', () => handlers.current.onReset?.());
    source.onerror = () => setStatus(source.readyState === EventSource.CLOSED ? 'connecting' : 'reconnecting');
    return () => source.close();
  }, [opts.enabled, opts.fromId]);

  return status;
}
