// The event-loop lag window: two staggered histograms, read from the one reset longer ago, so the
// figures always cover one to two windows; the values are the lag beyond the timer's resolution.
import { describe, expect, it } from 'vitest';
import { watchEventLoopLag, type DelayHistogram } from '../../../src/compose/event-loop-lag.js';

function fakeHistogram(name: string, log: string[]) {
  const values: number[] = [];
  const h: DelayHistogram & { record(ms: number): void } = {
    enable: () => true,
    disable: () => true,
    reset: () => {
      values.length = 0;
      log.push(`reset ${name}`);
    },
    percentile: (p) => {
      const sorted = [...values].sort((a, b) => a - b);
      return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
    },
    get max() {
      return Math.max(...values);
    },
    get mean() {
      return values.reduce((a, b) => a + b, 0) / values.length;
    },
    get count() {
      return values.length;
    },
    record: (ms) => values.push(ms * 1e6),
  };
  return h;
}

function setUp() {
  const log: string[] = [];
  const made: Array<ReturnType<typeof fakeHistogram>> = [];
  let clock = 0;
  let rotate = () => undefined as void;
  const lag = watchEventLoopLag({
    resolutionMs: 10,
    windowMs: 30_000,
    now: () => clock,
    histogram: () => {
      const h = fakeHistogram(made.length === 0 ? 'A' : 'B', log);
      made.push(h);
      return h;
    },
    every: (_ms, r) => {
      rotate = r;
      return () => log.push('stopped');
    },
  });
  const record = (ms: number) => made.forEach((h) => h.record(ms));
  return { lag, log, record, tick: (ms: number) => (clock += ms), rotate: () => rotate() };
}

describe('event-loop lag window', () => {
  it('reports the lag beyond the resolution, 0 for a loop on time', () => {
    const { lag, record, tick } = setUp();
    for (let i = 0; i < 98; i++) record(10.01);
    record(60);
    record(210);
    tick(12_000);
    const f = lag.figures();
    expect(f.samples).toBe(100);
    expect(f.p50Ms).toBe(0.01);
    expect(f.p99Ms).toBe(50);
    expect(f.maxMs).toBe(200);
    expect(f.windowSeconds).toBe(12);
  });

  it('reads the histogram reset longer ago: the window covers one to two periods, then drops the oldest', () => {
    const { lag, log, record, tick, rotate } = setUp();
    record(510); // a 500 ms stall in the first period
    tick(30_000);
    rotate(); // A reset at 30 s
    expect(log).toEqual(['reset A']);
    record(10);
    tick(20_000);
    expect(lag.figures()).toMatchObject({ windowSeconds: 50, maxMs: 500, samples: 2 }); // B: since 0
    tick(10_000);
    rotate(); // B reset at 60 s: the stall is 60 s old
    expect(log).toEqual(['reset A', 'reset B']);
    tick(5_000);
    expect(lag.figures()).toMatchObject({ windowSeconds: 35, maxMs: 0, samples: 1 }); // A: since 30 s
  });

  it('answers zeros before any turn, and stops its timer', () => {
    const { lag, log } = setUp();
    expect(lag.figures()).toEqual({ windowSeconds: 0, p50Ms: 0, p99Ms: 0, maxMs: 0, meanMs: 0, samples: 0 });
    lag.stop();
    expect(log).toContain('stopped');
  });
});
