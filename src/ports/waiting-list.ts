// Callers waiting in this app instance's skill queues (Redis in production), so a restart
// keeps everyone's place.
import type { WaitingCall } from '../domain/acd/acd-types.js';

export interface WaitingList {
  add(call: WaitingCall): Promise<void>;
  remove(callId: string): Promise<void>;
  list(): Promise<WaitingCall[]>;
}
