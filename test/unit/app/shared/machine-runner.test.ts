// The per-key machine runner: load → transition → save → effects, one event of a key at a time;
// a channel met gone by an effect becomes the machine's event, fed back through the same queue.
import { describe, expect, it } from 'vitest';
import { createMachineRunner, type MachineSpec } from '../../../../src/app/shared/machine-runner.js';
import { ChannelGoneError } from '../../../../src/ports/call/call-control.js';
import type { Logger } from '../../../../src/ports/logger.js';

interface Line {
  level: string;
  obj: object;
  msg?: string;
}
function memoryLogger(lines: Line[] = []): Logger & { lines: Line[] } {
  const at = (level: string) => (obj: object, msg?: string) => void lines.push({ level, obj, ...(msg ? { msg } : {}) });
  const logger: Logger & { lines: Line[] } = { lines, child: () => logger, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return logger;
}

// A counter machine: 'add' adds and asks for a 'say' effect on a channel; 'gone' marks the channel lost.
type State = { total: number; lost: boolean };
type Event = { type: 'add'; n: number } | { type: 'gone'; resource: string } | { type: 'boom' };
type Effect = { kind: 'say'; total: number };

function harness(options: { goneOn?: number; channelGone?: MachineSpec<State, Event, Effect>['channelGone'] } = {}) {
  const store = new Map<string, State>([['a', { total: 0, lost: false }], ['b', { total: 100, lost: false }]]);
  const saved: Array<[string, State]> = [];
  const said: Array<[string, number]> = [];
  const missing: Array<[string, Event]> = [];
  const log = memoryLogger();
  const spec: MachineSpec<State, Event, Effect> = {
    load: async (key) => store.get(key) ?? null,
    transition(state, event) {
      if (event.type === 'boom') throw new Error('transition blew up');
      if (event.type === 'gone') return { state: { ...state, lost: true }, effects: [], handled: true };
      if (state.lost) return { state, effects: [], handled: false };
      const total = state.total + event.n;
      return { state: { ...state, total }, effects: [{ kind: 'say', total }], handled: true };
    },
    save: async (key, step) => {
      store.set(key, step.state);
      saved.push([key, step.state]);
    },
    async runEffects(key, step, _before, _event, gone) {
      for (const effect of step.effects) {
        if (effect.total === options.goneOn) gone(effect, new ChannelGoneError(`channel ${key}`));
        else said.push([key, effect.total]);
      }
    },
    channelGone: options.channelGone ?? ((_key, _effect, err) => ({ type: 'gone', resource: err.resource })),
    onMissing: (key, event) => void missing.push([key, event]),
  };
  const runner = createMachineRunner(spec, { log, keyName: 'counter', failure: 'counter step failed' });
  return { runner, store, saved, said, missing, log };
}

describe('createMachineRunner', () => {
  it('loads, transitions, saves and runs the effects of each event, in the order fed per key', async () => {
    const h = harness();
    void h.runner.feed('a', { type: 'add', n: 1 });
    void h.runner.feed('b', { type: 'add', n: 5 });
    void h.runner.feed('a', { type: 'add', n: 2 });
    await h.runner.idle();
    expect(h.saved.filter(([k]) => k === 'a').map(([, s]) => s.total)).toEqual([1, 3]);
    expect(h.said).toContainEqual(['b', 105]);
    expect(h.said.filter(([k]) => k === 'a')).toEqual([['a', 1], ['a', 3]]);
    expect(h.runner.busy).toBe(0);
  });

  it('turns a channel met gone into the machine\'s event, fed back after the current step', async () => {
    const h = harness({ goneOn: 1 });
    void h.runner.feed('a', { type: 'add', n: 1 });
    void h.runner.feed('a', { type: 'add', n: 2 });
    await h.runner.idle();
    // step 1 meets the gone channel; step 2 (queued before) runs; then the gone event; nothing is said
    expect(h.saved.map(([, s]) => s)).toEqual([
      { total: 1, lost: false },
      { total: 3, lost: false },
      { total: 3, lost: true },
    ]);
    expect(h.said).toEqual([['a', 3]]);
    expect(h.log.lines.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('logs a gone channel the machine has no event for, at debug, and goes on', async () => {
    const h = harness({ goneOn: 1, channelGone: () => null });
    await h.runner.feed('a', { type: 'add', n: 1 });
    await h.runner.feed('a', { type: 'add', n: 2 });
    expect(h.store.get('a')).toEqual({ total: 3, lost: false });
    expect(h.log.lines).toContainEqual({ level: 'debug', obj: { counter: 'a', resource: 'channel a' }, msg: 'target gone (hang-up race)' });
  });

  it('hands an event for a key with no state to onMissing, saving nothing', async () => {
    const h = harness();
    await h.runner.feed('nobody', { type: 'add', n: 1 });
    expect(h.missing).toEqual([['nobody', { type: 'add', n: 1 }]]);
    expect(h.saved).toEqual([]);
  });

  it('logs a failing step and keeps handling the key\'s next events', async () => {
    const h = harness();
    await h.runner.feed('a', { type: 'boom' });
    await h.runner.feed('a', { type: 'add', n: 4 });
    expect(h.log.lines.filter((l) => l.level === 'error').map((l) => [l.msg, (l.obj as { counter: string }).counter])).toEqual([['counter step failed', 'a']]);
    expect(h.store.get('a')).toEqual({ total: 4, lost: false });
  });

  it('runs other work for a key in the same queue, and step() from inside it', async () => {
    const h = harness();
    const order: string[] = [];
    void h.runner.feed('c', { type: 'add', n: 1 }); // no state yet: missing
    void h.runner.run('c', async () => {
      h.store.set('c', { total: 10, lost: false });
      order.push('created');
      await h.runner.step('c', { type: 'add', n: 1 });
    });
    void h.runner.feed('c', { type: 'add', n: 1 });
    await h.runner.idle();
    expect(order).toEqual(['created']);
    expect(h.missing.map(([k]) => k)).toEqual(['c']);
    expect(h.saved.filter(([k]) => k === 'c').map(([, s]) => s.total)).toEqual([11, 12]);
  });
  it('answers what an event did to a caller who sends it (null for a key with no state), in the key\'s order', async () => {
    const h = harness();
    void h.runner.feed('a', { type: 'add', n: 1 });
    await expect(h.runner.send('a', { type: 'add', n: 2 })).resolves.toEqual({
      before: { total: 1, lost: false },
      step: { state: { total: 3, lost: false }, effects: [{ kind: 'say', total: 3 }], handled: true },
    });
    await expect(h.runner.send('nobody', { type: 'add', n: 1 })).resolves.toBeNull();
    expect(h.missing.map(([k]) => k)).toEqual(['nobody']);
  });

  it('rejects a sent event or asked work that fails, unlogged, and keeps the key going', async () => {
    const h = harness();
    await expect(h.runner.send('a', { type: 'boom' })).rejects.toThrow('transition blew up');
    await expect(h.runner.ask('a', async () => { throw new Error('no'); })).rejects.toThrow('no');
    await expect(h.runner.ask('a', async () => h.store.get('a')?.total)).resolves.toBe(0);
    await h.runner.feed('a', { type: 'add', n: 4 });
    expect(h.store.get('a')).toEqual({ total: 4, lost: false });
    expect(h.log.lines.filter((l) => l.level === 'error')).toEqual([]);
  });
});
