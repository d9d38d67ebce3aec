// GET /api/system/process: how this app process is doing, for operations and the busy-hour soak
// (bench/busy-hour-soak.bench.ts): memory, ARI listeners, call timers, calls with work in hand,
// event-loop lag (bench/capacity.bench.ts).
// ?gc=1 collects garbage first when the process runs with --expose-gc (else it is ignored).
import { Router } from 'express';
import { z } from 'zod';
import { parseInput } from './validate.js';

export interface ProcessFigures {
  uptimeSeconds: number;
  heapUsedBytes: number;
  rssBytes: number;
  /** Listeners on the ARI client: flat under load, or something leaks per call. */
  ariListeners: number;
  /** Call timers running (announcements, key waits …). */
  callTimers: number;
  /** Calls with events queued or being handled right now. */
  busyCalls: number;
  /** Whether ?gc=1 could collect before measuring. */
  gcAvailable: boolean;
  /** Event-loop lag over the last 30–60 s (src/compose/event-loop-lag.ts). */
  eventLoop: EventLoopLagFigures;
}

export interface EventLoopLagFigures {
  /** Seconds the figures cover (up to the moment of reading). */
  windowSeconds: number;
  /** How late the loop ran a timer, ms (0: on time). */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
  /** Timer turns measured in the window (few under a blocked loop). */
  samples: number;
}

const query = z.strictObject({ gc: z.enum(['0', '1']).optional() });

export function processRoutes(figures: (collectFirst: boolean) => ProcessFigures): Router {
  const router = Router();
  router.get('/api/system/process', (req, res) => {
    const q = parseInput(query, req.query, 'query');
    res.json(figures(q.gc === '1'));
  });
  return router;
}
