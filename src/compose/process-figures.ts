// The process figures the soak and capacity benchmarks and operators read (GET /api/system/process):
// heap, ARI listeners, call timers and calls in hand (optionally after a garbage collection), and
// the event-loop lag over a recent window.
import type { ProcessFigures } from '../adapters/http/process-routes.js';
import { watchEventLoopLag, type EventLoopLag } from './event-loop-lag.js';

export interface FigureSources {
  ariListeners: () => number;
  callTimers: () => number;
  busyCalls: () => number;
  /** Default: watched from here on (perf_hooks, 10 ms resolution, a 30–60 s window). */
  eventLoop?: EventLoopLag;
}

export function processFigures(sources: FigureSources) {
  const eventLoop = sources.eventLoop ?? watchEventLoopLag();
  return (collectFirst: boolean): ProcessFigures => {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (collectFirst) gc?.();
    const memory = process.memoryUsage();
    return {
      uptimeSeconds: Math.round(process.uptime()),
      heapUsedBytes: memory.heapUsed,
      rssBytes: memory.rss,
      ariListeners: sources.ariListeners(),
      callTimers: sources.callTimers(),
      busyCalls: sources.busyCalls(),
      gcAvailable: typeof gc === 'function',
      eventLoop: eventLoop.figures(),
    };
  };
}
