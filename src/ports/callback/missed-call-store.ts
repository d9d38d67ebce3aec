// The missed-call callbacks (漏接回拨) as records: callbacks of origin 'missed_call' in the same
// table as the ones callers leave with the key, so they are delivered, retried and listed alike.
import type { CallbackRecord, NewCallback } from './callback-store.js';

export interface NewMissedCallCallback extends NewCallback {
  /** In quiet hours: stored waiting for its retry time (retry_wait) until then; null: waiting at once. */
  holdUntil: Date | null;
}

export interface MissedCallFigures {
  /** Missed calls that got a callback entry (created in the period). */
  entries: number;
  /** The citizen was reached (the callback completed). */
  reached: number;
  /** Every attempt failed: follow-up. */
  notReached: number;
  /** Cancelled because the citizen called again (reached an agent or was on the line). */
  cancelledCalledAgain: number;
  /** Cancelled for another reason. */
  cancelledOther: number;
  /** Still waiting, being delivered, or waiting for a retry or for the end of quiet hours. */
  pending: number;
}

export interface MissedCallStore {
  /**
   * Stores a missed call's callback; null (storing nothing) when the call has one already or
   * the number has a missed-call callback pending (two instances, or the sweep, racing).
   */
  create(callback: NewMissedCallCallback): Promise<CallbackRecord | null>;
  /** The number's callbacks (either origin) pending now, or completed after `since`. */
  forNumber(number: string, since: Date): Promise<CallbackRecord[]>;
  /** The number's missed-call callbacks waiting (or held) whose place is before `before`. */
  pendingForNumber(number: string, before: Date): Promise<CallbackRecord[]>;
  /** waiting | retry_wait -> cancelled with this reason (missed-call callbacks only). */
  cancel(id: string, reason: string, at: Date): Promise<CallbackRecord | null>;
  /** waiting -> retry_wait until `until` (quiet hours), missed-call callbacks only. */
  hold(id: string, until: Date, at: Date): Promise<CallbackRecord | null>;
  /**
   * Calls abandoned in a skill queue that ended in [from, to), waited at least `minWaitMs`, and
   * have no missed-call callback: what the sweep looks at again.
   */
  listUnhandled(from: Date, to: Date, minWaitMs: number, limit: number): Promise<string[]>;
  /** Missed-call callbacks created in [from, to), by how they ended. */
  figures(from: Date, to: Date): Promise<MissedCallFigures>;
}
