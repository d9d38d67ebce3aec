// Live per-call state, kept outside the process so a restart can resume (Redis in production).
import type { CallState } from '../../domain/call/call-flow-types.js';

export interface CallStateStore {
  get(callId: string): Promise<CallState | null>;
  /** Saves the state; ttlSeconds shortens how long it is kept (ended calls linger briefly for late events). */
  save(state: CallState, ttlSeconds?: number): Promise<void>;
  delete(callId: string): Promise<void>;
  listCallIds(): Promise<string[]>;
}
