// The consoles' floor in the browser (web/src/pages/floor): the snapshot of GET /api/floor kept
// current by the live events — callers joining and leaving a queue, agents changing state, calls
// started, offered, answered and ended, alerts raised and cleared — and the figures of a newer
// snapshot merged without undoing what the events said.
import { describe, expect, it } from 'vitest';
import { chinaClock, percent } from '../../../web/src/pages/floor/floor-format.js';
import {
  agentsByStatus,
  applyFloorEvent,
  callStage,
  floorFromSnapshot,
  longestWaitMs,
  withFigures,
  type FloorState,
} from '../../../web/src/pages/floor/floor-state.js';
import type { FloorSnapshot, QueueFigures } from '../../../web/src/pages/floor/floor-types.js';

const none: QueueFigures = { offered: 0, answered: 0, answeredWithin15s: 0, abandoned: 0, serviceLevel: null, abandonRate: null };
const T0 = Date.parse('2026-12-05T02:00:00.000Z'); // 10:00 China time

function snapshot(over: Partial<FloorSnapshot> = {}): FloorSnapshot {
  return {
    at: new Date(T0).toISOString(),
    day: '2026-12-05',
    lastEventId: '1764900000000-0',
    queues: [
      { queueId: 'general', name: '综合', waiting: 0, callbacks: 0, oldestQueuedAt: null, longestWaitSeconds: 0, today: none, last15min: none },
      { queueId: 'enterprise', name: '企业', waiting: 0, callbacks: 0, oldestQueuedAt: null, longestWaitSeconds: 0, today: none, last15min: none },
    ],
    agents: {
      byState: { ready: 1 },
      list: [{ agentId: 'zhang', name: '张伟', extension: '8001', status: 'ready', since: new Date(T0 - 60_000).toISOString(), secondsInState: 60, reason: null, callId: null }],
    },
    callsInProgress: [],
    alerts: [],
    ...over,
  };
}

const apply = (state: FloorState, ...events: Array<{ type: string; [k: string]: unknown }>) => events.reduce(applyFloorEvent, state);
const queue = (s: FloorState, id: string) => s.queues.find((q) => q.queueId === id)!;

describe('the floor kept current by live events', () => {
  it('two callers join the general queue and both hang up: waiting goes 0 → 1 → 2 → 0 and the longest wait ticks from the oldest', () => {
    const s0 = floorFromSnapshot(snapshot());
    expect(queue(s0, 'general').waiting).toBe(0);
    const joined = new Date(T0 + 1_000).toISOString();
    const s1 = apply(s0, { type: 'queue', queueId: 'general', waiting: 1, callbacks: 0, oldestQueuedAt: joined });
    const s2 = apply(s1, { type: 'queue', queueId: 'general', waiting: 2, callbacks: 0, oldestQueuedAt: joined });
    const s3 = apply(s2, { type: 'queue', queueId: 'general', waiting: 0, callbacks: 0, oldestQueuedAt: null });
    expect([s0, s1, s2, s3].map((s) => queue(s, 'general').waiting)).toEqual([0, 1, 2, 0]);
    expect(longestWaitMs(queue(s2, 'general'), T0 + 21_000)).toBe(20_000);
    expect(longestWaitMs(queue(s3, 'general'), T0 + 21_000)).toBe(0);
    // the other queue and the day's figures are untouched
    expect(queue(s3, 'enterprise')).toEqual(queue(s0, 'enterprise'));
    expect(queue(s3, 'general').today).toBe(none);
  });

  it('a queue the snapshot did not name appears with its first event', () => {
    const s = apply(floorFromSnapshot(snapshot()), { type: 'queue', queueId: 'elderly', waiting: 1, callbacks: 1, oldestQueuedAt: new Date(T0).toISOString() });
    expect(queue(s, 'elderly')).toMatchObject({ name: null, waiting: 1, callbacks: 1, today: none });
  });

  it("an agent's state event sets the state, its start (time in state) and the not-ready reason; a new agent is added in order", () => {
    const s0 = floorFromSnapshot(snapshot());
    const s1 = apply(s0, { type: 'agent_state', agentId: 'zhang', state: { status: 'not_ready', since: T0 + 5_000, reason: 'meal', note: null } });
    expect(s1.agents[0]).toEqual({ agentId: 'zhang', name: '张伟', extension: '8001', status: 'not_ready', since: new Date(T0 + 5_000).toISOString(), reason: 'meal', callId: null });
    const s2 = apply(s1, { type: 'agent_state', agentId: 'an', state: { status: 'ready', since: T0 } });
    expect(s2.agents.map((a) => a.agentId)).toEqual(['an', 'zhang']);
    expect(agentsByStatus(s2.agents)).toEqual({ offline: 0, ready: 1, not_ready: 1, ringing: 0, on_call: 0, wrap_up: 0 });
  });

  it('a call is followed from its start to the agent and gone at its end', () => {
    const s0 = floorFromSnapshot(snapshot());
    const at = (ms: number) => new Date(T0 + ms).toISOString();
    const started = apply(s0, { type: 'call_started', callId: 'c1', callerNumber: '13600000001', dialedNumber: '12345', at: at(0) });
    expect(callStage(started.callsInProgress[0]!)).toBe('started');
    const offered = apply(started, { type: 'call_offered', callId: 'c1', agentId: 'zhang', queueId: 'general', callerNumber: '13600000001', queuedAt: at(500), callback: false, at: at(1_000) });
    expect(offered.callsInProgress[0]).toMatchObject({ agentId: 'zhang', queueId: 'general', startedAt: at(0) });
    expect(callStage(offered.callsInProgress[0]!)).toBe('ringing');
    const answered = apply(offered, { type: 'call_answered', callId: 'c1', agentId: 'zhang', at: at(3_000) });
    expect(callStage(answered.callsInProgress[0]!)).toBe('talking');
    expect(answered.callsInProgress[0]!.agentAnsweredAt).toBe(at(3_000));
    const ended = apply(answered, { type: 'call_ended', callId: 'c1', agentId: 'zhang', outcome: 'answered_by_agent', at: at(60_000) });
    expect(ended.callsInProgress).toEqual([]);
  });

  it('an agent who stops ringing without answering gives the call back to the queue', () => {
    const at = (ms: number) => new Date(T0 + ms).toISOString();
    const s = apply(
      floorFromSnapshot(snapshot()),
      { type: 'call_started', callId: 'c2', callerNumber: '13600000002', dialedNumber: '12345', at: at(0) },
      { type: 'call_offered', callId: 'c2', agentId: 'zhang', queueId: 'general', callerNumber: '13600000002', queuedAt: at(0), callback: false, at: at(100) },
      { type: 'agent_state', agentId: 'zhang', state: { status: 'ringing', since: T0 + 100, callId: 'c2' } },
      { type: 'agent_state', agentId: 'zhang', state: { status: 'not_ready', since: T0 + 20_000, reason: 'missed_call', note: null } },
    );
    expect(s.callsInProgress[0]).toMatchObject({ callId: 'c2', agentId: null, queueId: 'general' });
    expect(callStage(s.callsInProgress[0]!)).toBe('queued');
  });

  it('alerts are raised (new or changed) and cleared by key, kept in key order', () => {
    const longWait = { key: 'long_wait:general', kind: 'long_wait', queueId: 'general', since: new Date(T0).toISOString(), callersPastLimit: 1 };
    const s1 = apply(
      floorFromSnapshot(snapshot()),
      { type: 'alert', change: 'raised', alert: longWait },
      { type: 'alert', change: 'raised', alert: { key: 'incident:7', kind: 'incident', incidentId: 7, callId: 'c9', agentId: null, severity: 'high', incidentKind: 'caller_not_hearing_agent', since: new Date(T0).toISOString() } },
      { type: 'alert', change: 'raised', alert: { ...longWait, callersPastLimit: 2 } },
    );
    expect(s1.alerts.map((a) => a.key)).toEqual(['incident:7', 'long_wait:general']);
    expect(s1.alerts[1]).toMatchObject({ callersPastLimit: 2 });
    const s2 = apply(s1, { type: 'alert', change: 'cleared', alert: longWait });
    expect(s2.alerts.map((a) => a.key)).toEqual(['incident:7']);
  });

  it('an event it cannot read, or does not know, leaves the state as it was (the same object)', () => {
    const s0 = floorFromSnapshot(snapshot());
    for (const e of [
      { type: 'ready' },
      { type: 'queue', queueId: 'general' },
      { type: 'agent_state', agentId: 'zhang', state: { status: 'dancing', since: T0 } },
      { type: 'agent_state', agentId: 'zhang' },
      { type: 'call_answered', callId: 'c1' },
      { type: 'call_ended', callId: 'not-here', at: new Date(T0).toISOString() },
      { type: 'alert', change: 'cleared', alert: { key: 'long_wait:nowhere' } },
      { type: 'alert', change: 'raised' },
    ]) {
      expect(applyFloorEvent(s0, e), JSON.stringify(e)).toBe(s0);
    }
  });

  it("a newer snapshot's figures replace today's and the last 15 minutes' but not the waiting callers the events gave", () => {
    const joined = new Date(T0 + 1_000).toISOString();
    const live = apply(floorFromSnapshot(snapshot()), { type: 'queue', queueId: 'general', waiting: 2, callbacks: 0, oldestQueuedAt: joined });
    const figures: QueueFigures = { offered: 4, answered: 3, answeredWithin15s: 3, abandoned: 1, serviceLevel: 0.75, abandonRate: 0.25 };
    const newer = snapshot();
    newer.queues = [{ ...newer.queues[0]!, today: figures, last15min: figures }, { queueId: 'elderly', name: '老年', waiting: 0, callbacks: 0, oldestQueuedAt: null, today: none, last15min: none }];
    const merged = withFigures(live, newer);
    expect(queue(merged, 'general')).toMatchObject({ waiting: 2, oldestQueuedAt: joined, today: figures, last15min: figures });
    expect(queue(merged, 'enterprise').today).toBe(none);
    expect(queue(merged, 'elderly').name).toBe('老年');
  });
});

describe('how the consoles write figures and times', () => {
  it('shares as whole percentages, none as a dash; times of day in China time', () => {
    expect([percent(0.853), percent(1), percent(0), percent(null)]).toEqual(['85%', '100%', '0%', '—']);
    expect(chinaClock('2026-12-05T00:15:07.000Z')).toBe('08:15:07');
    expect(chinaClock('2026-12-05T16:00:00.000Z')).toBe('00:00:00');
    expect(chinaClock(null)).toBe('');
  });
});
