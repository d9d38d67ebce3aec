// Callers waiting in this app instance's skill queues (Redis in production), so a restart
// keeps everyone's place.
import type { WaitingCall } from '../../domain/acd/acd-types.js';

export interface WaitingList {
  add(call: WaitingCall): Promise<void>;
  remove(callId: string): Promise<void>;
  list(): Promise<WaitingCall[]>;
  get(callId: string): Promise<WaitingCall | null>;
  /**
   * Marks the caller's entry as a callback, keeping its place (queuedAt, priority). Atomic: false,
   * changing nothing, when the entry is gone (e.g. the ACD just took the call).
   */
  markCallback(callId: string, callbackId: string): Promise<boolean>;
}
