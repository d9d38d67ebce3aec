import { describe, expect, it } from 'vitest';
import { computeLiveStats, nearestRank, timeToAgentFigures, type RecentCallFacts } from '../../../src/app/acd/queue-stats.js';
import type { CallRecord } from '../../../src/ports/call/call-records.js';

const now = Date.parse('2026-11-22T10:00:00Z');
const record = (callId: string, outcome: CallRecord['outcome']): CallRecord => ({
  callId,
  channelId: callId,
  callerNumber: '13800138000',
  dialedNumber: '12345',
  startedAt: new Date(now - 600_000),
  answeredAt: null,
  endedAt: null,
  durationMs: null,
  hangupCause: null,
  hangupCauseText: null,
  firstHangupSide: null,
  outcome,
  emergencyNumber: null,
  agentId: null,
  serviceEndedAt: null,
  serviceEndedBy: null,
  rating: null,
  ratedAt: null,
});

describe('live queue figures', () => {
  it('counts waiting callers, the longest wait, agents per state, service level and abandon rate', () => {
    const recent: RecentCallFacts[] = [
      { record: record('a', 'answered_by_agent'), waitToAnswerSeconds: 8 },
      { record: record('b', 'answered_by_agent'), waitToAnswerSeconds: 40 },
      { record: record('c', 'abandoned_in_queue'), waitToAnswerSeconds: null },
      { record: record('d', 'abandoned_in_greeting'), waitToAnswerSeconds: null },
      { record: record('e', 'answered_by_agent'), waitToAnswerSeconds: 15 },
    ];
    const stats = computeLiveStats({
      now,
      queueIds: ['general', 'enterprise'],
      waiting: [
        { callId: 'w1', queueId: 'general', priority: 0, queuedAt: now - 90_000 },
        { callId: 'w2', queueId: 'general', priority: 5, queuedAt: now - 30_000 },
      ],
      agentStates: [
        { status: 'ready', since: now },
        { status: 'on_call', since: now, callId: 'x', pendingNotReady: null },
        { status: 'ready', since: now },
      ],
      recent,
      windowStart: now - 3600_000,
    });
    expect(stats.queues).toEqual([
      { queueId: 'general', waiting: 2, longestWaitSeconds: 90 },
      { queueId: 'enterprise', waiting: 0, longestWaitSeconds: 0 },
    ]);
    expect(stats.agents).toEqual({ ready: 2, on_call: 1 });
    // the greeting abandon is not a queue call; 2 of 4 queue calls answered within 15 s
    expect(stats.window).toMatchObject({ calls: 4, answeredByAgent: 3, answeredWithin15s: 2, abandoned: 1, serviceLevel15s: 0.5, abandonRate: 0.25 });
  });

  it('says null, not 0 %, when there were no queue calls', () => {
    const stats = computeLiveStats({ now, queueIds: [], waiting: [], agentStates: [], recent: [], windowStart: now - 1 });
    expect(stats.window.serviceLevel15s).toBeNull();
    expect(stats.window.abandonRate).toBeNull();
  });
});

describe('time to agent', () => {
  const reached = (callId: string, minutesAgo: number, timeToAgentMs: number | null): CallRecord => ({
    ...record(callId, timeToAgentMs === null ? 'abandoned_in_queue' : 'answered_by_agent'),
    startedAt: new Date(now - minutesAgo * 60_000),
    timeToAgentMs,
  });

  it('nearest rank: a time some call really had', () => {
    expect(nearestRank([], 50)).toBeNull();
    expect(nearestRank([4000], 90)).toBe(4000);
    expect(nearestRank([5, 1, 4, 2, 3], 50)).toBe(3);
    expect(nearestRank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(nearestRank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50)).toBe(5);
  });

  it('p50 and p90 over the calls that reached an agent, from the window start', () => {
    const records = [reached('a', 5, 3400), reached('b', 10, 3600), reached('c', 12, null), reached('d', 30, 20_000), reached('e', 2, 4100)];
    expect(timeToAgentFigures(records, now - 15 * 60_000)).toEqual({
      fromIso: new Date(now - 15 * 60_000).toISOString(),
      calls: 3,
      p50Ms: 3600,
      p90Ms: 4100,
    });
  });

  it('live stats give the last 15 minutes, the last hour and today', () => {
    const recent: RecentCallFacts[] = [
      { record: reached('a', 5, 3400), waitToAnswerSeconds: 3 },
      { record: reached('d', 30, 20_000), waitToAnswerSeconds: 18 },
    ];
    const todayStart = now - 6 * 3600_000;
    const stats = computeLiveStats({
      now, queueIds: [], waiting: [], agentStates: [], recent, windowStart: now - 3600_000,
      today: { start: todayStart, records: [...recent.map((r) => r.record), reached('x', 300, 2000)] },
    });
    expect(stats.timeToAgent.last15min).toMatchObject({ calls: 1, p50Ms: 3400, p90Ms: 3400 });
    expect(stats.timeToAgent.lastHour).toMatchObject({ calls: 2, p50Ms: 3400, p90Ms: 20_000 });
    expect(stats.timeToAgent.today).toMatchObject({ fromIso: new Date(todayStart).toISOString(), calls: 3, p50Ms: 3400, p90Ms: 20_000 });
  });

  it('null figures, not 0, without calls that reached an agent', () => {
    const stats = computeLiveStats({ now, queueIds: [], waiting: [], agentStates: [], recent: [], windowStart: now - 1 });
    expect(stats.timeToAgent.last15min).toMatchObject({ calls: 0, p50Ms: null, p90Ms: null });
  });
});
