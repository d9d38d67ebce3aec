// In-process timers the call flow asks for (start_timer / cancel_timer effects), keyed by call.
// A restart loses them on purpose: reconciliation decides what to do with calls it adopts.
import type { TimerName } from '../../domain/call/call-flow-types.js';

export interface CallTimers {
  start(callId: string, timer: TimerName, ms: number, onFire: () => void): void;
  cancel(callId: string, timer: TimerName): void;
  cancelAll(): void;
  readonly size: number;
}

export function createCallTimers(): CallTimers {
  const timers = new Map<string, NodeJS.Timeout>();
  const key = (callId: string, timer: TimerName) => `${callId}|${timer}`;
  return {
    start(callId, timer, ms, onFire) {
      this.cancel(callId, timer);
      const handle = setTimeout(() => {
        timers.delete(key(callId, timer));
        onFire();
      }, ms);
      timers.set(key(callId, timer), handle);
    },
    cancel(callId, timer) {
      const k = key(callId, timer);
      const handle = timers.get(k);
      if (handle) clearTimeout(handle);
      timers.delete(k);
    },
    cancelAll() {
      for (const handle of timers.values()) clearTimeout(handle);
      timers.clear();
    },
    get size() {
      return timers.size;
    },
  };
}
