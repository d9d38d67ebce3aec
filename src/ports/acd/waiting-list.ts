// Callers waiting in the skill queues: one list shared by every app instance of the hotline
// (Redis in production), so callers are served in one order whichever instance holds their call,
// and a restart keeps everyone's place. Each entry names the instance (ARI app) that added it.
import type { WaitingCall } from '../../domain/acd/acd-types.js';
import type { SharedWaitingEntry } from '../../domain/acd/waiting-order.js';

/** What the call flow and the callbacks use. */
export interface WaitingList {
  /** Adds or replaces the caller's entry, held by this instance. */
  add(call: WaitingCall): Promise<void>;
  remove(callId: string): Promise<void>;
  /** The callers served now, every instance's: those of instances alive (and this one's) and every callback. */
  list(): Promise<WaitingCall[]>;
  get(callId: string): Promise<WaitingCall | null>;
  /**
   * Marks the caller's entry as a callback, keeping its place (queuedAt, priority). Atomic: false,
   * changing nothing, when the entry is gone (e.g. the ACD just took the call).
   */
  markCallback(callId: string, callbackId: string): Promise<boolean>;
}

/**
 * What taking an entry (or leaving an agent on it) found: `done`; `changed` (it is there but no
 * longer what was asked, e.g. now a callback, or the offer is another agent's); `taken` (gone: an
 * instance took it in the last minute, its agent is in use); `gone` (removed by the call flow:
 * nobody uses an agent claimed for it); `not_turn` (this instance's turn has passed).
 */
export type TakeResult = 'done' | 'changed' | 'taken' | 'gone' | 'not_turn';

/** How an entry is taken: as the instance whose turn it is (its own caller, or a callback), or as the owner taking an offer. */
export type TakeAs = { kind: 'own' } | { kind: 'callback' } | { kind: 'offer'; agentId: string };

/** What the ACD uses: the entries with their owners, the turn, and the agents left on entries. */
export interface SharedWaitingList extends WaitingList {
  /** This instance's name (its ARI app): the owner of what it adds. */
  readonly instance: string;
  /** Every entry in no order, with its owner, whether the owner is alive, and any agent left on it. */
  entries(): Promise<SharedWaitingEntry[]>;
  /** Says this instance is alive (its callers are served) for a while. */
  beat(): Promise<void>;
  /** Takes (or keeps) the one turn to serve the list among the instances; false while another has it. */
  takeTurn(): Promise<boolean>;
  endTurn(): Promise<void>;
  /** Removes the entry for serving it, only as asked (the turn is checked atomically, except for an offer). */
  take(callId: string, as: TakeAs): Promise<TakeResult>;
  /** During this instance's turn: leaves the agent claimed for another live instance's caller on its entry. */
  offer(callId: string, offer: { agentId: string; viaQueueId: string }): Promise<TakeResult>;
  /** During this instance's turn: takes back the agent left on the entry of an instance no longer alive; true if it did. */
  withdraw(callId: string, owner: string, agentId: string): Promise<boolean>;
  /** Agents left on entries the call flow removed since (the caller hung up): each once, to be released. */
  orphanedOffers(): Promise<Array<{ callId: string; agentId: string }>>;
}
