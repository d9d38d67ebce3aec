import { describe, expect, it } from 'vitest';
import { expectedWaitSeconds, orderWaiting, positionOf } from '../../../src/domain/acd/waiting-order.js';
import type { WaitingCall } from '../../../src/domain/acd/acd-types.js';
import { sec } from './acd-fixtures.js';

const call = (callId: string, priority: number, queuedAtSec: number): WaitingCall => ({ callId, queueId: 'housing', priority, queuedAt: sec(queuedAtSec) });

describe('orderWaiting', () => {
  it.each([
    ['the earlier caller first at equal priority', [call('late', 0, 20), call('early', 0, 10)], ['early', 'late']],
    ['higher priority first, however late', [call('early', 0, 10), call('repeat', 20, 50)], ['repeat', 'early']],
    ['the call id when priority and time are equal', [call('c2', 0, 10), call('c10', 0, 10), call('c1', 0, 10)], ['c1', 'c10', 'c2']],
    [
      'a callback keeps the place of its original queuedAt',
      [call('new-1', 0, 100), call('new-2', 0, 110), call('callback', 0, 40)],
      ['callback', 'new-1', 'new-2'],
    ],
    [
      'priority, then time, then id, all together',
      [call('d', 0, 1), call('c', 10, 30), call('b', 10, 20), call('a', 10, 20)],
      ['a', 'b', 'c', 'd'],
    ],
  ])('%s', (_name, calls, expected) => {
    expect(orderWaiting(calls).map((c) => c.callId)).toEqual(expected);
  });

  it('does not reorder its input', () => {
    const calls = [call('late', 0, 20), call('early', 0, 10)];
    orderWaiting(calls);
    expect(calls.map((c) => c.callId)).toEqual(['late', 'early']);
  });
});

describe('positionOf', () => {
  const waiting = [call('c', 0, 30), call('a', 0, 10), call('vip', 50, 40), call('b', 0, 20)];
  it.each([
    ['vip', 1],
    ['a', 2],
    ['b', 3],
    ['c', 4],
    ['gone', null],
  ])('%s is at %s', (id, expected) => {
    expect(positionOf(id, waiting)).toBe(expected);
  });

  it('a caller re-queued as a callback is told the old place, not the back of the line', () => {
    const withCallback = [...waiting, call('callback', 0, 15)];
    expect(positionOf('callback', withCallback)).toBe(3);
    expect(positionOf('c', withCallback)).toBe(5);
  });
});

describe('expectedWaitSeconds', () => {
  it.each([
    // position, average handle s, agents serving, expected s
    [1, 150, 3, 0], // nobody ahead
    [2, 150, 3, 60], // 50 s -> 1 minute
    [2, 0, 1, 60], // no handle time known yet, someone ahead: never 0
    [4, 150, 2, 240], // 225 s -> 4 minutes
    [5, 120, 2, 240], // exactly 4 minutes stays 4
    [7, 60, 3, 120],
    [11, 150, 1, 1500],
    [3, 150, 0, null], // nobody serving: nothing to promise
  ])('position %s, AHT %s s, %s agents -> %s s', (position, averageHandleSeconds, agentsServing, expected) => {
    expect(expectedWaitSeconds(position, { averageHandleSeconds, agentsServing })).toBe(expected);
  });

  it('is always whole minutes', () => {
    for (let p = 2; p < 40; p += 1) {
      const s = expectedWaitSeconds(p, { averageHandleSeconds: 137, agentsServing: 7 });
      expect(s === null ? -1 : s % 60).toBe(0);
      expect(s).toBeGreaterThanOrEqual(60);
    }
  });
});
