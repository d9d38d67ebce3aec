// An agent's day on the desktop (src/domain/call/agent-day.ts): talk time from the agent's answer
// to the end of the service (else of the call), "not_rated" shown as no rating, and the day's
// totals: rated calls, satisfied (满意 + 基本满意) and their share.
import { describe, expect, it } from 'vitest';
import { agentDayCall, agentDayTotals, type AgentDayCallFacts } from '../../../src/domain/call/agent-day.js';

const at = (s: string) => new Date(`2026-12-05T${s}Z`);
const facts = (over: Partial<AgentDayCallFacts> = {}): AgentDayCallFacts => ({
  callId: 'c.1', callerNumber: '13800138000', startedAt: at('01:00:00'), agentAnsweredAt: at('01:00:04'),
  endedAt: at('01:02:10'), serviceEndedAt: at('01:02:04.4'), outcome: 'ended', rating: 'satisfied', ...over,
});

describe('agentDayCall', () => {
  it.each([
    ['to the end of the service', {}, 120],
    ['to the end of the call when the service has no end', { serviceEndedAt: null }, 126],
    ['none while talking', { serviceEndedAt: null, endedAt: null }, null],
    ['none without the agent answer', { agentAnsweredAt: null }, null],
  ])('talk time: %s', (_what, over, seconds) => {
    expect(agentDayCall(facts(over)).talkSeconds).toBe(seconds);
  });

  it('not_rated and unasked are both no rating; the agent answer is the answeredAt shown', () => {
    expect(agentDayCall(facts({ rating: 'not_rated' })).rating).toBeNull();
    expect(agentDayCall(facts({ rating: null })).rating).toBeNull();
    expect(agentDayCall(facts()).answeredAt).toEqual(at('01:00:04'));
  });
});

describe('agentDayTotals', () => {
  it('counts rated calls per value and the share satisfied (基本满意 counts as satisfied)', () => {
    const calls = ['satisfied', 'basically_satisfied', 'dissatisfied', 'not_rated', null].map((rating, i) => agentDayCall(facts({ callId: `c.${i}`, rating })));
    expect(agentDayTotals(calls)).toEqual({
      calls: 5, rated: 3, satisfied: 2, satisfiedShare: 0.667, byRating: { satisfied: 1, basically_satisfied: 1, dissatisfied: 1 },
    });
  });

  it('a day without ratings has no share', () => {
    expect(agentDayTotals([])).toEqual({ calls: 0, rated: 0, satisfied: 0, satisfiedShare: null, byRating: {} });
  });
});
