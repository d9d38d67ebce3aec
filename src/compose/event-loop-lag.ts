// Event-loop lag over a recent window, from node:perf_hooks monitorEventLoopDelay: how late the
// loop ran a timer due every `resolutionMs`. A call's events, its timers and every HTTP answer
// wait behind whatever holds the loop, so a p99 of tens of ms is the first sign of an app that
// cannot keep up (bench/capacity.bench.ts reads it under load).
//
// A histogram of monitorEventLoopDelay only grows until reset, and two of them cannot be merged,
// so two run staggered: each is reset every 2 × windowMs, half a period apart, and the figures are
// read from the one reset longer ago. They cover the last windowMs to 2 × windowMs (exactly
// `windowSeconds`; less in the first window after start).
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { EventLoopLagFigures } from '../adapters/http/process-routes.js';


/** The part of perf_hooks' IntervalHistogram read here (nanoseconds). */
export interface DelayHistogram {
  enable(): boolean;
  disable(): boolean;
  reset(): void;
  percentile(p: number): number;
  readonly max: number;
  readonly mean: number;
  readonly count: number;
}

export interface EventLoopLagOptions {
  /** Default 10 ms (perf_hooks' default). */
  resolutionMs?: number;
  /** Default 30 s: the figures cover the last 30–60 s. */
  windowMs?: number;
  now?: () => number;
  histogram?: (resolutionMs: number) => DelayHistogram;
  /** Runs `rotate` every windowMs; returns a stop function. Default: an unref'd setInterval. */
  every?: (ms: number, rotate: () => void) => () => void;
}

export interface EventLoopLag {
  figures(): EventLoopLagFigures;
  stop(): void;
}

const defaultEvery = (ms: number, rotate: () => void) => {
  const timer = setInterval(rotate, ms);
  timer.unref();
  return () => clearInterval(timer);
};

const round = (ms: number) => Math.round(ms * 100) / 100;

export function watchEventLoopLag(options: EventLoopLagOptions = {}): EventLoopLag {
  const resolutionMs = options.resolutionMs ?? 10;
  const windowMs = options.windowMs ?? 30_000;
  const now = options.now ?? Date.now;
  const make = options.histogram ?? ((resolution: number) => monitorEventLoopDelay({ resolution }));
  const start = now();
  const monitors = [
    { histogram: make(resolutionMs), since: start },
    { histogram: make(resolutionMs), since: start },
  ];
  for (const m of monitors) m.histogram.enable();
  let next = 0; // the monitor reset at the next turn: the one reset longer ago
  const stopTimer = (options.every ?? defaultEvery)(windowMs, () => {
    const m = monitors[next]!;
    m.histogram.reset();
    m.since = now();
    next = 1 - next;
  });
  // a value is the whole interval between two turns: the lag is what exceeds the resolution
  const lagMs = (ns: number) => round(Math.max(0, ns / 1e6 - resolutionMs));

  return {
    figures() {
      const { histogram: h, since } = monitors[next]!;
      const samples = h.count;
      return {
        windowSeconds: Math.round((now() - since) / 1000),
        p50Ms: samples ? lagMs(h.percentile(50)) : 0,
        p99Ms: samples ? lagMs(h.percentile(99)) : 0,
        maxMs: samples ? lagMs(h.max) : 0,
        meanMs: samples ? lagMs(h.mean) : 0,
        samples,
      };
    },
    stop() {
      stopTimer();
      for (const m of monitors) m.histogram.disable();
    },
  };
}
