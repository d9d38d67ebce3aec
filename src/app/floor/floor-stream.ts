// One console's live stream: the viewer's events from the shared log, in order, each once. It
// listens first (keeping what arrives), then catches up after the last id the console saw (or a
// reset, when those events are no longer kept), then sends what arrived meanwhile and from then
// on what comes, skipping anything at or before what it already sent. Events the viewer may not
// see (another agent's) are skipped; `ready` tells the console where it stands in the log.
import { compareEventIds, isEventId, isVisibleTo, type FloorViewer, type StampedFloorEvent } from '../../domain/floor/floor-events.js';
import type { FloorEvents, FloorFeedMessage } from '../../ports/floor/floor-events.js';

export interface FloorSink {
  event(stamped: StampedFloorEvent): void;
  /** The missed events are not all kept: reload the snapshot; `head` is the latest id now. */
  reset(head: string): void;
  /** Caught up: the stream stands at `id` in the log. */
  ready(id: string): void;
  /** The stream cannot go on (the connection to the log broke): the console reconnects. */
  end(): void;
}

/**
 * Opens the stream after `lastEventId` (null: from now); resolves with the call that closes it.
 * Rejects when the log cannot be read.
 */
export async function openFloorStream(feed: FloorEvents, viewer: FloorViewer, lastEventId: string | null, sink: FloorSink): Promise<() => void> {
  let cursor: string | null = null;
  let pending: StampedFloorEvent[] | null = [];
  let ended = false;

  const deliver = (s: StampedFloorEvent) => {
    if (cursor !== null && compareEventIds(s.id, cursor) <= 0) return;
    cursor = s.id;
    if (isVisibleTo(s.event, viewer)) sink.event(s);
  };
  const onMessage = (m: FloorFeedMessage) => {
    if (ended) return;
    if (m.kind === 'lost') {
      ended = true;
      sink.end();
      return;
    }
    if (pending) pending.push(m.stamped);
    else deliver(m.stamped);
  };

  const stop = await feed.listen(onMessage);
  try {
    if (lastEventId === null) {
      cursor = await feed.head();
    } else if (!isEventId(lastEventId)) {
      // not an id this log gave: the console cannot know what it missed
      cursor = await feed.head();
      sink.reset(cursor);
    } else {
      const caughtUp = await feed.after(lastEventId);
      if (caughtUp.kind === 'reset') {
        sink.reset(caughtUp.head);
        cursor = caughtUp.head;
      } else {
        cursor = lastEventId;
        for (const s of caughtUp.events) deliver(s);
      }
    }
  } catch (err) {
    stop();
    throw err;
  }
  const arrived = pending;
  pending = null;
  if (!ended) sink.ready(cursor);
  for (const s of arrived) if (!ended) deliver(s);
  return () => {
    ended = true;
    stop();
  };
}
