import { describe, expect, it } from 'vitest';
import { matchNext } from '../../../src/domain/acd/waiting-order.js';
import type { WaitingCall } from '../../../src/domain/acd/acd-types.js';
import { agent, queue, sec } from './acd-fixtures.js';

const housing = queue({
  id: 'housing',
  requiredSkills: [{ skill: 'housing', minProficiency: 3 }],
  languages: ['zh'],
  relaxations: [
    { afterSeconds: 60, lowerProficiencyBy: 1 },
    { afterSeconds: 120, overflowToQueue: 'general' },
  ],
});
const general = queue({ id: 'general', requiredSkills: [{ skill: 'general', minProficiency: 1 }] });
const english = queue({ id: 'english', requiredSkills: [{ skill: 'general', minProficiency: 1 }], languages: ['en'], relaxations: [{ afterSeconds: 90, dropLanguage: true }] });
const queues = [housing, general, english];

const waiting = (callId: string, queueId: string, queuedAtSec: number, priority = 0): WaitingCall => ({ callId, queueId, priority, queuedAt: sec(queuedAtSec) });
const now = (s: number) => sec(s);
const pairs = (r: ReturnType<typeof matchNext>) => r.map((a) => `${a.callId}->${a.agentId}@${a.viaQueueId}`);

describe('matchNext', () => {
  it('gives the call to the longest-idle qualified agent', () => {
    const agents = [agent('h1', { housing: 4 }, { readySince: sec(-10) }), agent('h2', { housing: 3 }, { readySince: sec(-30) })];
    expect(pairs(matchNext([waiting('c1', 'housing', 0)], agents, queues, now(5)))).toEqual(['c1->h2@housing']);
  });

  it('serves the higher-priority caller first when agents are short', () => {
    const calls = [waiting('early', 'housing', 0), waiting('repeat', 'housing', 20, 20)];
    expect(pairs(matchNext(calls, [agent('h1', { housing: 4 })], queues, now(25)))).toEqual(['repeat->h1@housing']);
  });

  it('uses each agent once and each call once', () => {
    const calls = [waiting('c1', 'general', 0), waiting('c2', 'general', 1), waiting('c3', 'general', 2)];
    const agents = [agent('g1', { general: 2 }, { readySince: sec(-5) }), agent('g2', { general: 2 }, { readySince: sec(-9) })];
    expect(pairs(matchNext(calls, agents, queues, now(10)))).toEqual(['c1->g2@general', 'c2->g1@general']);
    expect(pairs(matchNext([...calls, waiting('c1', 'general', 0)], agents, queues, now(10)))).toEqual(['c1->g2@general', 'c2->g1@general']);
  });

  it('walks calls in order: the first call takes its best agent even if a later call could only use that one', () => {
    const calls = [waiting('g-call', 'general', 0), waiting('h-call', 'housing', 1)];
    const agents = [agent('both', { housing: 4, general: 3 }, { readySince: sec(-60) }), agent('g', { general: 3 }, { readySince: sec(-1) })];
    expect(pairs(matchNext(calls, agents, queues, now(5)))).toEqual(['g-call->both@general']);
  });

  it.each([
    [59, []],
    [60, ['c1->h-junior@housing']],
  ])('a junior agent (proficiency 2) is accepted once the call has waited 60 s (now %s s)', (s, expected) => {
    const agents = [agent('h-junior', { housing: 2 })];
    expect(pairs(matchNext([waiting('c1', 'housing', 0)], agents, queues, now(s)))).toEqual(expected);
  });

  it.each([
    [119, []],
    [120, ['c1->g1@general']],
  ])('a general agent takes a housing call once it overflows at 120 s (now %s s)', (s, expected) => {
    expect(pairs(matchNext([waiting('c1', 'housing', 0)], [agent('g1', { general: 1 })], queues, now(s)))).toEqual(expected);
  });

  it('after overflow the own queue is still tried first', () => {
    const agents = [agent('g1', { general: 5 }, { readySince: sec(-600) }), agent('h1', { housing: 3 }, { readySince: sec(100) })];
    expect(pairs(matchNext([waiting('c1', 'housing', 0)], agents, queues, now(130)))).toEqual(['c1->h1@housing']);
  });

  it.each([
    [89, []],
    [90, ['c1->zh-only@english']],
  ])('the English queue takes a Mandarin-only agent once the language is dropped at 90 s (now %s s)', (s, expected) => {
    expect(pairs(matchNext([waiting('c1', 'english', 0)], [agent('zh-only', { general: 2 })], queues, now(s)))).toEqual(expected);
  });

  it('a callback that kept its queuedAt is served before later callers', () => {
    const calls = [waiting('new', 'general', 50), waiting('callback', 'general', 10)];
    expect(pairs(matchNext(calls, [agent('g1', { general: 1 })], queues, now(60)))).toEqual(['callback->g1@general']);
  });

  it('never offers to an agent who is not ready, and skips calls of an unknown queue', () => {
    const busy = agent('g1', { general: 5 }, { state: { status: 'wrap_up', since: sec(0), callId: 'c0', until: sec(15), pendingNotReady: null } });
    expect(matchNext([waiting('c1', 'general', 0)], [busy], queues, now(5))).toEqual([]);
    const free = agent('g2', { general: 1 });
    expect(pairs(matchNext([waiting('lost', 'nowhere', 0), waiting('c2', 'general', 1)], [free], queues, now(5)))).toEqual(['c2->g2@general']);
  });

  it('returns nothing when nobody waits or nobody is free', () => {
    expect(matchNext([], [agent('g1', { general: 1 })], queues, now(0))).toEqual([]);
    expect(matchNext([waiting('c1', 'general', 0)], [], queues, now(0))).toEqual([]);
  });
});
