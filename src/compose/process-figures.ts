// The process figures the soak benchmark and operators read (GET /api/system/process): heap,
// ARI listeners, call timers and calls in hand, optionally after a garbage collection.
import type { ProcessFigures } from '../adapters/http/process-routes.js';

export interface FigureSources {
  ariListeners: () => number;
  callTimers: () => number;
  busyCalls: () => number;
}

export function processFigures(sources: FigureSources) {
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
    };
  };
}
