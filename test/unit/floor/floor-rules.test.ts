// The floor's pure rules: who sees which event, the queues' waiting figures, the service level
// and abandon rate, a China day in 15-minute bins, and the alerts raised and cleared.
import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../src/domain/access/api-roles.js';
import { dayBins, dayBounds } from '../../../src/domain/floor/day-bins.js';
import { alertChanges, openAlerts } from '../../../src/domain/floor/floor-alerts.js';
import { compareEventIds, floorViewerOf, isEventId, isVisibleTo, type FloorEvent } from '../../../src/domain/floor/floor-events.js';
import { queuedCallFigures, waitingByQueue, type QueuedCallFact } from '../../../src/domain/floor/queue-figures.js';

const principal = (role: Principal['role'], agentId: string | null = null): Principal => ({ tokenId: 't', name: 'n', role, agentId, departmentId: null });
const T0 = Date.parse('2026-12-05T02:00:00Z'); // 10:00 in China

describe('who sees which floor event', () => {
  const events: FloorEvent[] = [
    { type: 'agent_state', agentId: 'li-na', state: { status: 'ready', since: T0 } },
    { type: 'agent_state', agentId: 'zhang-wei', state: { status: 'ready', since: T0 } },
    { type: 'queue', queueId: 'general', waiting: 2, callbacks: 0, oldestQueuedAt: null },
    { type: 'call_started', callId: 'c1', callerNumber: '13800138000', dialedNumber: '12345', at: '' },
    { type: 'call_offered', callId: 'c1', agentId: 'li-na', queueId: 'general', callerNumber: '13800138000', queuedAt: null, callback: false, at: '' },
    { type: 'call_answered', callId: 'c2', agentId: 'zhang-wei', at: '' },
    { type: 'call_ended', callId: 'c1', agentId: 'li-na', outcome: 'answered_by_agent', at: '' },
    { type: 'call_ended', callId: 'c3', agentId: null, outcome: 'abandoned_in_queue', at: '' },
  ];

  it('supervisors and admins watch the whole floor; auditors and departments get no view', () => {
    expect(floorViewerOf(principal('supervisor'))).toEqual({ scope: 'floor' });
    expect(floorViewerOf(principal('admin'))).toEqual({ scope: 'floor' });
    expect(floorViewerOf(principal('auditor'))).toBeNull();
    expect(floorViewerOf(principal('department'))).toBeNull();
    expect(floorViewerOf(principal('agent', null))).toBeNull();
    expect(events.every((e) => isVisibleTo(e, { scope: 'floor' }))).toBe(true);
  });

  it('an agent sees only their own state and their own calls', () => {
    const viewer = floorViewerOf(principal('agent', 'li-na'))!;
    expect(events.filter((e) => isVisibleTo(e, viewer))).toEqual([events[0], events[4], events[6]]);
  });

  it('event ids compare by time, then sequence', () => {
    expect(compareEventIds('1764900000000-2', '1764900000000-10')).toBeLessThan(0);
    expect(compareEventIds('1764900000001-0', '1764900000000-10')).toBeGreaterThan(0);
    expect(compareEventIds('5-1', '5-1')).toBe(0);
    expect(['1764900000000-0', '0-0'].every(isEventId)).toBe(true);
    expect(['', 'x', '1-2-3', '1', '-1-0', '1.5-0'].some(isEventId)).toBe(false);
  });
});

describe('queues: callers waiting now', () => {
  it('counts callers on the line per queue, callbacks apart, and the longest wait', () => {
    const figures = waitingByQueue(
      ['general', 'enterprise'],
      [
        { callId: 'a', queueId: 'general', priority: 0, queuedAt: T0 - 40_000 },
        { callId: 'b', queueId: 'general', priority: 0, queuedAt: T0 - 5_000 },
        { callId: 'c', queueId: 'general', priority: 0, queuedAt: T0 - 90_000, callbackId: '0123456789ab' },
        { callId: 'd', queueId: 'housing', priority: 0, queuedAt: T0 - 1_000 },
      ],
      T0,
    );
    expect(figures).toEqual([
      { queueId: 'general', waiting: 2, callbacks: 1, oldestQueuedAt: new Date(T0 - 40_000).toISOString(), longestWaitSeconds: 40 },
      { queueId: 'enterprise', waiting: 0, callbacks: 0, oldestQueuedAt: null, longestWaitSeconds: 0 },
      { queueId: 'housing', waiting: 1, callbacks: 0, oldestQueuedAt: new Date(T0 - 1_000).toISOString(), longestWaitSeconds: 1 },
    ]);
  });
});

const fact = (joinedAt: number, answeredAfterS: number | null, abandoned = false, queueId = 'general'): QueuedCallFact => ({
  callId: `c${joinedAt}-${answeredAfterS}`,
  queueId,
  joinedAt: new Date(joinedAt),
  agentAnsweredAt: answeredAfterS === null ? null : new Date(joinedAt + answeredAfterS * 1000),
  abandoned,
});

describe('service level and abandon rate', () => {
  it('share answered within 15 s (15 s itself counts) and abandoned, of the waits that ended', () => {
    const f = queuedCallFigures([fact(T0, 3), fact(T0, 15), fact(T0, 15.001), fact(T0, null, true), fact(T0, null, false)]);
    expect(f).toEqual({ offered: 5, answered: 3, answeredWithin15s: 2, abandoned: 1, serviceLevel: 0.5, abandonRate: 0.25 });
  });

  it('no wait ended: no rate at all (null), not 0', () => {
    expect(queuedCallFigures([fact(T0, null)])).toMatchObject({ offered: 1, serviceLevel: null, abandonRate: null });
  });
});

describe('a China day in 15-minute bins', () => {
  it('the day runs from 00:00 to 24:00 Asia/Shanghai', () => {
    expect(dayBounds('2026-12-05')).toEqual({ from: new Date('2026-12-04T16:00:00Z'), to: new Date('2026-12-05T16:00:00Z') });
  });

  it('puts each call in the bin of the time it joined the queue, leaving other days and queues out', () => {
    const day = dayBins(
      '2026-12-05',
      [
        fact(Date.parse('2026-12-04T16:00:00Z'), 10), // 00:00 China
        fact(Date.parse('2026-12-05T02:14:59Z'), 20), // 10:14:59
        fact(Date.parse('2026-12-05T02:15:00Z'), null, true), // 10:15
        fact(Date.parse('2026-12-05T15:59:59Z'), 1), // 23:59:59
        fact(Date.parse('2026-12-05T16:00:00Z'), 1), // the next day
        fact(Date.parse('2026-12-05T02:15:00Z'), 1, false, 'enterprise'),
      ],
      'general',
    );
    expect(day.bins).toHaveLength(96);
    expect(day.bins[0]).toMatchObject({ start: '2026-12-05T00:00:00+08:00', offered: 1, answeredWithin15s: 1 });
    expect(day.bins[40]).toMatchObject({ start: '2026-12-05T10:00:00+08:00', offered: 1, answered: 1, answeredWithin15s: 0, serviceLevel: 0 });
    expect(day.bins[41]).toMatchObject({ start: '2026-12-05T10:15:00+08:00', offered: 1, abandoned: 1, abandonRate: 1 });
    expect(day.bins[95]).toMatchObject({ start: '2026-12-05T23:45:00+08:00', offered: 1 });
    expect(day.totals).toMatchObject({ offered: 4, answered: 3, answeredWithin15s: 2, abandoned: 1 });
  });
});

describe('alerts', () => {
  const limits = { longWaitSeconds: 15, longNotReadySeconds: 600 };
  const incident = { id: 7, callId: 'c9', agentId: 'li-na', kind: 'agent_speech_after_end_of_service', severity: 'high', detectedAt: new Date(T0 - 60_000) };

  it('a wait past 15 s, a long not-ready and a new incident are open; callbacks, short waits and old incidents are not', () => {
    const alerts = openAlerts(
      {
        now: T0,
        waiting: [
          { callId: 'a', queueId: 'general', priority: 0, queuedAt: T0 - 16_000 },
          { callId: 'b', queueId: 'general', priority: 0, queuedAt: T0 - 30_000 },
          { callId: 'c', queueId: 'general', priority: 0, queuedAt: T0 - 15_000 },
          { callId: 'd', queueId: 'enterprise', priority: 0, queuedAt: T0 - 99_000, callbackId: '0123456789ab' },
        ],
        agents: {
          'li-na': { status: 'not_ready', since: T0 - 601_000, reason: 'break', note: null },
          'zhang-wei': { status: 'not_ready', since: T0 - 599_000, reason: 'meal', note: null },
          'wang-fang': { status: 'ready', since: T0 - 9_999_000 },
        },
        incidents: [incident, { ...incident, id: 6, detectedAt: new Date(T0 - 3_600_000) }],
      },
      limits,
    );
    expect(alerts).toEqual([
      { key: 'incident:7', kind: 'incident', incidentId: 7, callId: 'c9', agentId: 'li-na', severity: 'high', incidentKind: 'agent_speech_after_end_of_service', since: new Date(T0 - 60_000).toISOString() },
      { key: 'long_not_ready:li-na', kind: 'long_not_ready', agentId: 'li-na', since: new Date(T0 - 1_000).toISOString(), reason: 'break' },
      { key: 'long_wait:general', kind: 'long_wait', queueId: 'general', since: new Date(T0 - 15_000).toISOString(), callersPastLimit: 2 },
    ]);
  });

  it('what was raised (new or changed) and cleared between two looks', () => {
    const wait = { key: 'long_wait:general', kind: 'long_wait', queueId: 'general', since: 'x', callersPastLimit: 1 } as const;
    const agent = { key: 'long_not_ready:li-na', kind: 'long_not_ready', agentId: 'li-na', since: 'y', reason: 'break' } as const;
    expect(alertChanges([wait, agent], [{ ...wait, callersPastLimit: 2 }])).toEqual({ raised: [{ ...wait, callersPastLimit: 2 }], cleared: [agent] });
    expect(alertChanges([wait], [wait])).toEqual({ raised: [], cleared: [] });
  });
});
