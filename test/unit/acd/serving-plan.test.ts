// The turn over the waiting list shared by the app instances: one order for every instance's
// callers, callers of an instance that is not alive skipped, agents left on their entries withdrawn.
import { describe, expect, it } from 'vitest';
import type { WaitingCall } from '../../../src/domain/acd/acd-types.js';
import { offersToTake, servedCalls, servingPlan, type SharedWaitingEntry } from '../../../src/domain/acd/waiting-order.js';
import { sec } from './acd-fixtures.js';

const call = (callId: string, queuedAtSec: number, extra: Partial<WaitingCall> = {}): WaitingCall => ({
  callId,
  queueId: 'general',
  priority: 0,
  queuedAt: sec(queuedAtSec),
  ...extra,
});
const entry = (c: WaitingCall, owner: string, ownerAlive = true, offerTo: string | null = null): SharedWaitingEntry => ({
  call: c,
  owner,
  ownerAlive,
  offer: offerTo ? { agentId: offerTo, viaQueueId: 'general' } : null,
});
const plan = (entries: SharedWaitingEntry[], self: string) => servingPlan(entries, self).map((s) => `${s.kind}:${s.entry.call.callId}`);

describe('servingPlan', () => {
  it("walks every live instance's callers in one order, the earlier caller on another instance first", () => {
    const entries = [entry(call('a-later', 20), 'hotline'), entry(call('b-earlier', 10), 'hotline-b')];
    expect(plan(entries, 'hotline')).toEqual(['other:b-earlier', 'own:a-later']);
    expect(plan(entries, 'hotline-b')).toEqual(['own:b-earlier', 'other:a-later']);
  });

  it('puts a higher priority first whatever the instance', () => {
    const entries = [entry(call('b-early', 10), 'hotline-b'), entry(call('a-repeat', 50, { priority: 20 }), 'hotline')];
    expect(plan(entries, 'hotline-b')).toEqual(['other:a-repeat', 'own:b-early']);
  });

  it('skips the callers of an instance that is not alive, and withdraws the agent left on them first', () => {
    const entries = [
      entry(call('dead-first', 5), 'hotline-c', false, 'zhang'),
      entry(call('dead-no-offer', 6), 'hotline-c', false),
      entry(call('mine', 30), 'hotline'),
    ];
    expect(plan(entries, 'hotline')).toEqual(['withdraw:dead-first', 'own:mine']);
  });

  it('serves callbacks whoever added them, alive or not, in their place', () => {
    const entries = [
      entry(call('cb-of-dead', 5, { callbackId: 'abc' }), 'hotline-c', false, 'li'),
      entry(call('mine', 30), 'hotline'),
      entry(call('cb-of-b', 40, { callbackId: 'def' }), 'hotline-b'),
    ];
    expect(plan(entries, 'hotline')).toEqual(['callback:cb-of-dead', 'own:mine', 'callback:cb-of-b']);
  });

  it("serves this instance's own callers even before its first beat is seen", () => {
    expect(plan([entry(call('mine', 1), 'hotline', false)], 'hotline')).toEqual(['own:mine']);
  });
});

describe('offersToTake', () => {
  it("gives this instance's own callers with an agent left on them, in serving order, never a callback", () => {
    const entries = [
      entry(call('late', 30), 'hotline', true, 'li'),
      entry(call('early', 10), 'hotline', true, 'zhang'),
      entry(call('no-offer', 5), 'hotline'),
      entry(call('other', 1), 'hotline-b', true, 'wang'),
      entry(call('cb', 2, { callbackId: 'abc' }), 'hotline', true, 'zhao'),
    ];
    expect(offersToTake(entries, 'hotline').map((e) => e.call.callId)).toEqual(['early', 'late']);
  });
});

describe('servedCalls', () => {
  it("counts the callers of live instances and this one's, and every callback", () => {
    const entries = [
      entry(call('mine', 1), 'hotline', false),
      entry(call('b', 2), 'hotline-b'),
      entry(call('dead', 3), 'hotline-c', false),
      entry(call('cb-dead', 4, { callbackId: 'x' }), 'hotline-c', false),
    ];
    expect(servedCalls(entries, 'hotline').map((c) => c.callId).sort()).toEqual(['b', 'cb-dead', 'mine']);
  });
});
