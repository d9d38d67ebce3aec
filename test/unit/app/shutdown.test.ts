// The process always ends after a stop signal: in order when the parts stop, with code 1 when a
// part fails or hangs past the deadline, at once on a second signal, and even when the log's
// destination is gone (EPIPE).
import { describe, expect, it } from 'vitest';
import { installShutdown, type ShutdownSignal } from '../../../src/compose/shutdown.js';

interface Harness {
  signal(name: ShutdownSignal): void;
  fireTimers(): void;
  exits: number[];
  timers: number[];
  lines: string[];
}

function harness(stopParts: () => Promise<void>, options: { logThrows?: boolean } = {}): Harness {
  const listeners = new Map<ShutdownSignal, () => void>();
  const pending: Array<() => void> = [];
  const h: Harness = {
    signal: (name) => listeners.get(name)!(),
    fireTimers: () => pending.splice(0).forEach((run) => run()),
    exits: [],
    timers: [],
    lines: [],
  };
  const write = (_fields: object, message: string) => {
    if (options.logThrows) throw Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
    h.lines.push(message);
  };
  installShutdown({
    host: { on: (signal, listener) => listeners.set(signal, listener), exit: (code) => h.exits.push(code) },
    stopParts,
    deadlineMs: 10_000,
    log: { info: write, error: write },
    setTimer: (run, ms) => {
      h.timers.push(ms);
      pending.push(run);
    },
  });
  return h;
}

const settle = () => new Promise((resolve) => setImmediate(resolve));
const never = () => new Promise<void>(() => undefined);

describe('installShutdown', () => {
  it('stops the parts once and exits 0 when they are stopped', async () => {
    let stops = 0;
    const h = harness(async () => {
      stops += 1;
    });
    h.signal('SIGTERM');
    await settle();
    expect(stops).toBe(1);
    expect(h.exits).toEqual([0]);
    expect(h.lines).toEqual(['stopping', 'stopped']);
    expect(h.timers).toEqual([10_000]);
  });

  it('exits 1 at the deadline when a part never stops', async () => {
    const h = harness(never);
    h.signal('SIGINT');
    await settle();
    expect(h.exits).toEqual([]);
    h.fireTimers();
    expect(h.exits).toEqual([1]);
    expect(h.lines).toContain('stop did not finish before its deadline; exiting anyway');
  });

  it('exits at once on a second signal, with 128 + the signal number', async () => {
    for (const [second, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
      const h = harness(never);
      h.signal('SIGINT');
      await settle();
      h.signal(second);
      expect(h.exits).toEqual([code]);
    }
  });

  it('exits 1 when a part fails to stop', async () => {
    const h = harness(() => Promise.reject(new Error('redis gone')));
    h.signal('SIGINT');
    await settle();
    expect(h.exits).toEqual([1]);
  });

  it('stops and exits even when every log line fails (stdout closed)', async () => {
    let stops = 0;
    const h = harness(async () => {
      stops += 1;
    }, { logThrows: true });
    h.signal('SIGINT');
    await settle();
    expect(stops).toBe(1);
    expect(h.exits).toEqual([0]);
  });

  it('exits only once, whatever comes after the first exit', async () => {
    const h = harness(async () => undefined);
    h.signal('SIGINT');
    await settle();
    h.fireTimers();
    h.signal('SIGTERM');
    expect(h.exits).toEqual([0]);
  });
});
