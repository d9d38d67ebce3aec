// Types of the callback offer (回拨) in a skill queue: the dialog in which a waiting caller
// confirms or keys in the number to be called back on, the events and effects it adds to the
// call flow, and its settings. The flow itself is callback-offer-flow.ts.

export type CallbackStep =
  /** "We will call you back at the number ending in NNNN: 1 to confirm, 2 for another number." */
  | 'confirm'
  /** "Key in the number, then #." */
  | 'enter'
  /** Confirmed: the callback is being stored (the caller hears nothing new yet). */
  | 'saving'
  /** Stored: the caller hears "we will call you back, you keep your place", then the app hangs up. */
  | 'registered';

export interface CallbackDialog {
  step: CallbackStep;
  /** The number read back and, once confirmed, called back. */
  number: string;
  /** Digits keyed so far in the 'enter' step. */
  digits: string;
  /** How often the current step's question was asked (an invalid answer or silence asks again). */
  asks: number;
  /** Set once the callback is stored. */
  callbackId: string | null;
}

export interface CallbackOfferSettings {
  /** The key that asks for a callback while waiting (never an emergency key: those work in the greeting only). */
  key: string;
  /** Silence after a question (or between digits) before it counts as no answer. */
  keyTimeoutMs: number;
  /** How often a question is asked in all before the caller simply goes on waiting. */
  maxAsks: number;
}

export type CallbackFlowEvent =
  /** The app stored the confirmed callback (its id), or could not (null). */
  { type: 'callback_saved'; at: Date; callbackId: string | null };

export type CallbackFlowEffect =
  /** Store the callback (database row) and mark the caller's waiting-list entry as a callback. */
  | { kind: 'save_callback'; number: string; queueId: string; queuedAt: Date }
  /** The stored callback is not needed: the caller was served while still on the line. */
  | { kind: 'cancel_callback'; callbackId: string };

export const CALLBACK_EFFECT_KINDS: ReadonlySet<string> = new Set(['save_callback', 'cancel_callback']);
