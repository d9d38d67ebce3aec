// The floor's event log, shared by every app instance (Redis in production): an event published
// on one instance reaches the listeners of all of them, in one order, and recent events are kept
// so a console that reconnects catches up from the last id it saw.
import type { FloorEvent, StampedFloorEvent } from '../../domain/floor/floor-events.js';

/** What a listener is told: an event, or that events may have been missed (the connection to the log broke). */
export type FloorFeedMessage = { kind: 'event'; stamped: StampedFloorEvent } | { kind: 'lost' };

/** Events after an id: the missed ones in order, or `reset` when they are no longer all kept. */
export type CatchUp = { kind: 'events'; events: StampedFloorEvent[]; head: string } | { kind: 'reset'; head: string };

export interface FloorEvents {
  /** Keeps and sends the event; resolves with its id. */
  publish(event: FloorEvent): Promise<string>;
  /**
   * Every event published from now on, on any instance; resolves once listening (so nothing
   * published after that is missed) with the call that stops it.
   */
  listen(listener: (message: FloorFeedMessage) => void): Promise<() => void>;
  /** The events after `id` (a reset when some after it are no longer kept, or the id is unknown). */
  after(id: string): Promise<CatchUp>;
  /** The id of the latest event kept ("0-0" when none). */
  head(): Promise<string>;
  close(): Promise<void>;
}

/** One instance at a time watches the live figures and publishes their changes. */
export interface FloorLead {
  /** Takes or keeps the lead for a few seconds; false while another instance holds it. */
  hold(): Promise<boolean>;
  release(): Promise<void>;
}
