import { describe, expect, it } from 'vitest';
import {
  createProgressLine,
  orderNoFromKeys,
  transition,
  type ProgressEffect,
  type ProgressEvent,
  type ProgressLineState,
} from '../../../src/domain/progress-line/progress-line.js';
import { WORK_ORDER_STATUSES } from '../../../src/domain/work-order/work-order-types.js';

const settings = { maxTries: 3, timeZone: 'Asia/Shanghai' };
const name = (m: string) => m.replace('sound:hotline/', '');

interface Run {
  state: ProgressLineState;
  effects: ProgressEffect[];
  /** Prompt names of every play, in order. */
  said: string[][];
  handled: boolean[];
}

/** Runs events from a fresh call; `finished` plays the current prompt to its end. */
type Input = ProgressEvent | 'finished' | { keys: string };

function run(inputs: Input[], from: ProgressLineState = createProgressLine('progress-c1')): Run {
  let state = from;
  const effects: ProgressEffect[] = [];
  const handled: boolean[] = [];
  const feed = (event: ProgressEvent) => {
    const step = transition(state, event, settings);
    state = step.state;
    effects.push(...step.effects);
    handled.push(step.handled);
  };
  for (const input of inputs) {
    if (input === 'finished') feed({ type: 'prompt_finished', playbackId: state.playbackId ?? 'none' });
    else if ('keys' in input) for (const digit of input.keys) feed({ type: 'key', digit });
    else feed(input);
  }
  const said = effects.flatMap((e) => (e.kind === 'play' ? [e.media.map(name)] : []));
  return { state, effects, said, handled };
}

const answered: ProgressEvent = { type: 'answered' };
const timeout: ProgressEvent = { type: 'key_timeout' };
const kinds = (r: Run) => r.effects.map((e) => e.kind);
const lookups = (r: Run) => r.effects.filter((e) => e.kind === 'lookup');
const finished = (r: Run) => r.effects.filter((e) => e.kind === 'finished');
/** Answer, hear the intro, key a pair. */
const pair = (order: string, lastFour: string): Input[] => [answered, 'finished', { keys: `${order}#` }, 'finished', { keys: `${lastFour}#` }];

describe('the order number keyed on the phone', () => {
  it.each([
    ['2026000123', '2026-000123'],
    ['2026123456789', '2026-123456789'],
    ['20261234567890', null],
    ['2026-000123', null],
    ['202600012', null],
    ['2026', null],
    ['', null],
    ['20260001234567890', null],
  ])('%s → %s', (keys, expected) => {
    expect(orderNoFromKeys(keys)).toBe(expected);
  });
});

describe('the progress line', () => {
  it('answers, says the intro with the emergency numbers, and asks for the order number', () => {
    const r = run([answered]);
    expect(kinds(r)).toEqual(['answer', 'play']);
    expect(r.said).toEqual([['progress-intro', 'progress-enter-order']]);
    expect(r.state.phase).toBe('order');
  });

  it('waits for keys once the question has played, asks for the last four after #, then looks the pair up', () => {
    const r = run(pair('2026000123', '5678'));
    expect(r.said).toEqual([['progress-intro', 'progress-enter-order'], ['progress-enter-last-four']]);
    expect(lookups(r)).toEqual([{ kind: 'lookup', orderNo: '2026-000123', lastFour: '5678' }]);
    expect(r.state.phase).toBe('looking_up');
    expect(r.effects.filter((e) => e.kind === 'start_key_timer').length).toBeGreaterThan(0);
  });

  it('a key during a prompt stops it; the stopped prompt finishing later changes nothing', () => {
    const r0 = run([answered]);
    const stopped = r0.state.playbackId!;
    const r = run([{ keys: '2' }, { type: 'prompt_finished', playbackId: stopped }], r0.state);
    expect(r.effects[0]).toEqual({ kind: 'stop_playback', playbackId: stopped });
    expect(r.handled).toEqual([true, false]);
    expect(r.state.digits).toBe('2');
  });

  it('a found order: the status, the reply deadline in Shanghai time (十二月十八日), goodbye, then hang-up', () => {
    // 2026-12-17T16:30Z is 18 December 00:30 in Shanghai
    const r0 = run(pair('2026000123', '5678'));
    const r = run([{ type: 'found', status: 'in_progress', replyDueAt: new Date('2026-12-17T16:30:00Z') }, 'finished'], r0.state);
    expect(r.said).toEqual([[
      'progress-status-is', 'progress-status-in-progress',
      'progress-deadline-is', 'digits-10', 'digits-2', 'progress-month', 'digits-10', 'digits-8', 'progress-day',
      'progress-goodbye',
    ]]);
    expect(finished(r)).toEqual([{ kind: 'finished', outcome: 'found', tries: 1 }]);
    expect(kinds(r).at(-1)).toBe('hangup');
    expect(r.state.phase).toBe('done');
  });

  it('a found order without a reply deadline: the status only', () => {
    const r0 = run(pair('2026000123', '5678'));
    const r = run([{ type: 'found', status: 'closed', replyDueAt: null }], r0.state);
    expect(r.said).toEqual([['progress-status-is', 'progress-status-closed', 'progress-goodbye']]);
  });

  it.each(WORK_ORDER_STATUSES.map((s) => [s]))('status %s has its own prompt', (status) => {
    const r0 = run(pair('2026000123', '5678'));
    const r = run([{ type: 'found', status, replyDueAt: null }], r0.state);
    expect(r.said[0]![1]).toBe(`progress-status-${status.replace(/_/g, '-')}`);
  });

  // a wrong pair never says which part was wrong: the same words, the same next question
  it.each([
    ['unknown order or last four that do not match', [...pair('2026000999', '5678'), { type: 'not_found' } as ProgressEvent]],
    ['an order number too short to be one (no lookup)', pair('20260001', '5678')],
    ['last four that are not four digits (no lookup)', pair('2026000123', '567')],
  ])('%s: "not found", then the order number again', (_what, inputs) => {
    const r = run(inputs as Input[]);
    expect(r.said.at(-1)).toEqual(['progress-not-found', 'progress-enter-order']);
    expect(r.state).toMatchObject({ phase: 'order', tries: 1, digits: '', orderDigits: '' });
    expect(finished(r)).toEqual([]);
  });

  it('three wrong pairs: "not found", goodbye and hang-up; no fourth question', () => {
    const wrong: Input[] = ['finished', { keys: '2026000999#' }, 'finished', { keys: '1111#' }, { type: 'not_found' }];
    const r = run([answered, ...wrong, ...wrong, ...wrong, 'finished']);
    expect(lookups(r)).toHaveLength(3);
    expect(r.said.at(-1)).toEqual(['progress-not-found', 'progress-goodbye']);
    expect(finished(r)).toEqual([{ kind: 'finished', outcome: 'not_found', tries: 3 }]);
    expect(kinds(r).at(-1)).toBe('hangup');
  });

  it('found on the second try', () => {
    const wrong: Input[] = ['finished', { keys: '2026000999#' }, 'finished', { keys: '1111#' }, { type: 'not_found' }];
    const right: Input[] = ['finished', { keys: '2026000123#' }, 'finished', { keys: '5678#' }, { type: 'found', status: 'dispatched', replyDueAt: null }];
    const r = run([answered, ...wrong, ...right]);
    expect(lookups(r).at(-1)).toEqual({ kind: 'lookup', orderNo: '2026-000123', lastFour: '5678' });
    expect(finished(r)).toEqual([{ kind: 'finished', outcome: 'found', tries: 2 }]);
  });

  it('silence after a question asks it once more; a second silence says goodbye', () => {
    const r = run([answered, 'finished', timeout, 'finished', timeout, 'finished']);
    expect(r.said).toEqual([['progress-intro', 'progress-enter-order'], ['progress-enter-order'], ['progress-goodbye']]);
    expect(finished(r)).toEqual([{ kind: 'finished', outcome: 'silence', tries: 0 }]);
    expect(kinds(r).at(-1)).toBe('hangup');
  });

  it('silence after some digits takes them as keyed', () => {
    const r = run([answered, 'finished', { keys: '2026000123' }, timeout]);
    expect(r.said.at(-1)).toEqual(['progress-enter-last-four']);
    expect(r.state).toMatchObject({ phase: 'last_four', orderDigits: '2026000123' });
  });

  it('# alone is silence: the question again', () => {
    const r = run([answered, 'finished', { keys: '#' }]);
    expect(r.said.at(-1)).toEqual(['progress-enter-order']);
    expect(r.state.silences).toBe(1);
  });

  it('a key timeout while a prompt plays changes nothing (a stale timer)', () => {
    const r = run([answered, timeout]);
    expect(r.handled.at(-1)).toBe(false);
  });

  it('keys other than digits and # are ignored; more than 16 digits are dropped', () => {
    const r = run([answered, 'finished', { keys: '*A12345678901234567890' }]);
    expect(r.handled.slice(2, 4)).toEqual([false, false]);
    expect(r.state.digits).toBe('1234567890123456');
  });

  it('keys while looking up or saying goodbye are ignored', () => {
    const r0 = run(pair('2026000123', '5678'));
    expect(run([{ keys: '1' }], r0.state).handled).toEqual([false]);
    const closing = run([{ type: 'found', status: 'signed', replyDueAt: null }], r0.state).state;
    expect(run([{ keys: '1' }, timeout], closing).handled).toEqual([false, false]);
  });

  it('a lookup that fails: "not available now", goodbye', () => {
    const r0 = run(pair('2026000123', '5678'));
    const r = run([{ type: 'lookup_failed' }], r0.state);
    expect(r.said).toEqual([['progress-unavailable', 'progress-goodbye']]);
    expect(finished(r)).toEqual([{ kind: 'finished', outcome: 'failed', tries: 0 }]);
  });

  it.each<[string, Input[]]>([
    ['before the answer', []],
    ['during the intro', [answered]],
    ['while keying', [answered, 'finished', { keys: '2026' }]],
    ['while looking up', pair('2026000123', '5678')],
  ])('a hang-up %s: done, timer cancelled, reported once as hung up', (_when, inputs) => {
    const r = run([...inputs, { type: 'hung_up' }, { type: 'hung_up' }]);
    expect(r.state.phase).toBe('done');
    expect(finished(r)).toEqual([{ kind: 'finished', outcome: 'hung_up', tries: 0 }]);
    expect(kinds(r)).toContain('cancel_key_timer');
    expect(r.handled.at(-1)).toBe(false);
  });

  it('a lookup answer after the caller hung up is ignored', () => {
    const r0 = run([...pair('2026000123', '5678'), { type: 'hung_up' }]);
    const r = run([{ type: 'found', status: 'signed', replyDueAt: null }], r0.state);
    expect(r.handled).toEqual([false]);
    expect(r.effects).toEqual([]);
  });

  it('a hang-up during goodbye does not report the call twice', () => {
    const r0 = run(pair('2026000123', '5678'));
    const r = run([{ type: 'found', status: 'signed', replyDueAt: null }, { type: 'hung_up' }], r0.state);
    expect(finished(r)).toEqual([{ kind: 'finished', outcome: 'found', tries: 1 }]);
  });

  it('playback ids are chosen here, one per prompt, under the id base', () => {
    const r = run(pair('2026000123', '5678'));
    const ids = r.effects.flatMap((e) => (e.kind === 'play' ? [e.playbackId] : []));
    expect(ids).toEqual(['progress-c1-pb1', 'progress-c1-pb2']);
  });
});
