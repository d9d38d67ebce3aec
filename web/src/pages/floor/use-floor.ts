// The live floor for a page: loads GET /api/floor, follows GET /api/events from the snapshot's
// lastEventId and applies each event (floor-state.ts); on `reset` it loads the snapshot again.
// The day's figures (today, last 15 minutes) come with a snapshot: they are read again a moment
// after a call ends and every half minute. `endedCalls` counts the calls ended since the load, for
// the lists and charts that follow them. A stream still not caught up after 5 s starts again.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { apiGet } from '../../api';
import { useLiveEvents, type LiveStatus } from '../../live/live-events';
import { applyFloorEvent, floorFromSnapshot, withFigures, type FloorState } from './floor-state';
import type { FloorSnapshot } from './floor-types';

const FIGURES_EVERY_MS = 30_000;
const FIGURES_AFTER_END_MS = 1_500;
const RETRY_MS = 5_000;

export interface LiveFloor {
  floor: FloorState | null;
  status: LiveStatus;
  failed: boolean;
  endedCalls: number;
}

export function useFloor(): LiveFloor {
  const [floor, setFloor] = useState<FloorState | null>(null);
  const [fromId, setFromId] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  const [endedCalls, setEndedCalls] = useState(0);
  const figuresTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const load = useCallback(async () => {
    const answer = await apiGet<FloorSnapshot>('/api/floor').catch(() => null);
    if (answer?.status === 401) {
      location.assign('/login?expired=1');
      return;
    }
    if (!answer?.body) {
      setFailed(true);
      setTimeout(() => void load(), RETRY_MS);
      return;
    }
    setFailed(false);
    setFloor(floorFromSnapshot(answer.body));
    setFromId(answer.body.lastEventId);
  }, []);

  const refreshFigures = useCallback(async () => {
    const answer = await apiGet<FloorSnapshot>('/api/floor').catch(() => null);
    const snapshot = answer?.body;
    if (snapshot) setFloor((f) => (f ? withFigures(f, snapshot) : f));
  }, []);

  useEffect(() => {
    void load();
    const timer = setInterval(() => void refreshFigures(), FIGURES_EVERY_MS);
    return () => {
      clearInterval(timer);
      if (figuresTimer.current) clearTimeout(figuresTimer.current);
    };
  }, [load, refreshFigures]);

  const status = useLiveEvents({
    enabled: fromId !== null,
    fromId,
    onEvent: (event) => {
      setFloor((f) => (f ? applyFloorEvent(f, event) : f));
      if (event.type === 'call_ended') {
        setEndedCalls((n) => n + 1);
        if (figuresTimer.current) clearTimeout(figuresTimer.current);
        figuresTimer.current = setTimeout(() => void refreshFigures(), FIGURES_AFTER_END_MS);
      }
    },
    onReset: () => void load(),
  });

  // a stream the browser gave up on (an error status: the app restarting, the session gone) is
  // opened again from a new snapshot; that load also sends an ended session to the login
  const hasFloor = floor !== null;
  useEffect(() => {
    if (status !== 'connecting' || !hasFloor || fromId === null) return undefined;
    const timer = setTimeout(() => {
      setFromId(null);
      void load();
    }, RETRY_MS);
    return () => clearTimeout(timer);
  }, [status, hasFloor, fromId, load]);

  return { floor, status, failed, endedCalls };
}
