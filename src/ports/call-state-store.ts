// Live per-call state, kept outside the process so a restart can resume (Redis in production).
import type { CallState } from '../domain/call/call-flow-types.js';

export interface CallStateStore {
  get(callId: string): Promise<CallState | null>;
  save(state: CallState): Promise<void>;
  delete(callId: string): Promise<void>;
  listCallIds(): Promise<string[]>;
}
