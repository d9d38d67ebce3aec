// The floor's use cases on in-memory stand-ins of the event log: a console's stream (catch-up,
// events that arrive meanwhile sent once and in order, another agent's left out, reset), the
// watch on the lead instance (only changes published), and the announcements at the sources.
import { describe, expect, it } from 'vitest';
import { createFloorPublishing } from '../../../src/app/floor/floor-publishing.js';
import { openFloorStream, type FloorSink } from '../../../src/app/floor/floor-stream.js';
import { createFloorWatch } from '../../../src/app/floor/floor-watch.js';
import type { WaitingCall } from '../../../src/domain/acd/acd-types.js';
import type { AgentState } from '../../../src/domain/agent/agent-types.js';
import { compareEventIds, type FloorEvent, type StampedFloorEvent } from '../../../src/domain/floor/floor-events.js';
import type { AgentStateStore } from '../../../src/ports/agent/agent-state-store.js';
import type { CallRecords } from '../../../src/ports/call/call-records.js';
import type { CatchUp, FloorEvents, FloorFeedMessage } from '../../../src/ports/floor/floor-events.js';
import type { Logger } from '../../../src/ports/logger.js';

const quiet: Logger = { child: () => quiet, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const state = (agentId: string): FloorEvent => ({ type: 'agent_state', agentId, state: { status: 'ready', since: 1 } });

/** An event log in memory that keeps the last `keep` events; `beforeCatchUp` runs inside after(). */
function memoryLog(keep = 100) {
  const kept: StampedFloorEvent[] = [];
  let seq = 0;
  let trimmedUpTo = '0-0';
  const listeners = new Set<(m: FloorFeedMessage) => void>();
  let beforeCatchUp: (() => void) | null = null;
  const log: FloorEvents & { lose(): void; set beforeCatchUp(f: () => void) } = {
    async publish(event) {
      const stamped = { id: `1000-${++seq}`, event };
      kept.push(stamped);
      while (kept.length > keep) trimmedUpTo = kept.shift()!.id;
      for (const l of listeners) l({ kind: 'event', stamped });
      return stamped.id;
    },
    async listen(l) {
      listeners.add(l);
      return () => void listeners.delete(l);
    },
    async after(id): Promise<CatchUp> {
      const f = beforeCatchUp;
      beforeCatchUp = null;
      f?.();
      const head = kept.at(-1)?.id ?? '0-0';
      const events = kept.filter((s) => compareEventIds(s.id, id) > 0);
      if (compareEventIds(id, trimmedUpTo) < 0 || compareEventIds(id, head) > 0) return { kind: 'reset', head };
      return { kind: 'events', events, head };
    },
    async head() {
      return kept.at(-1)?.id ?? '0-0';
    },
    async close() {},
    lose: () => listeners.forEach((l) => l({ kind: 'lost' })),
    set beforeCatchUp(f: () => void) {
      beforeCatchUp = f;
    },
  };
  return log;
}

function sink() {
  const got: string[] = [];
  const s: FloorSink = {
    event: (e) => got.push(`${e.id} ${e.event.type}:${'agentId' in e.event ? e.event.agentId : ''}`),
    reset: (head) => got.push(`reset ${head}`),
    ready: (id) => got.push(`ready ${id}`),
    end: () => got.push('end'),
  };
  return { got, s };
}

describe('a console stream', () => {
  it('catches up after its last id, then sends what arrived meanwhile and what comes, each once', async () => {
    const log = memoryLog();
    await log.publish(state('a'));
    await log.publish(state('b'));
    await log.publish(state('c'));
    // an event arrives while the catch-up reads: it is both in the catch-up and on the channel
    log.beforeCatchUp = () => void log.publish(state('d'));
    const { got, s } = sink();
    await openFloorStream(log, { scope: 'floor' }, '1000-1', s);
    await log.publish(state('e'));
    expect(got).toEqual(['1000-2 agent_state:b', '1000-3 agent_state:c', '1000-4 agent_state:d', 'ready 1000-4', '1000-5 agent_state:e']);
  });

  it('an agent gets only their own events; the position still moves past the others', async () => {
    const log = memoryLog();
    const { got, s } = sink();
    await openFloorStream(log, { scope: 'agent', agentId: 'b' }, null, s);
    for (const id of ['a', 'b', 'c', 'b']) await log.publish(state(id));
    expect(got).toEqual(['ready 0-0', '1000-2 agent_state:b', '1000-4 agent_state:b']);
  });

  it('too old (trimmed) or unknown ids get a reset at the latest id, then live events', async () => {
    const log = memoryLog(2);
    for (const id of ['a', 'b', 'c', 'd']) await log.publish(state(id));
    const old = sink();
    await openFloorStream(log, { scope: 'floor' }, '1000-1', old.s);
    const bad = sink();
    await openFloorStream(log, { scope: 'floor' }, 'not-an-id', bad.s);
    await log.publish(state('e'));
    expect(old.got).toEqual(['reset 1000-4', 'ready 1000-4', '1000-5 agent_state:e']);
    expect(bad.got).toEqual(['reset 1000-4', 'ready 1000-4', '1000-5 agent_state:e']);
  });

  it('ends when the log connection is lost, and stops listening when closed', async () => {
    const log = memoryLog();
    const a = sink();
    const b = sink();
    await openFloorStream(log, { scope: 'floor' }, null, a.s);
    const close = await openFloorStream(log, { scope: 'floor' }, null, b.s);
    close();
    log.lose();
    await log.publish(state('x'));
    expect(a.got).toEqual(['ready 0-0', 'end']);
    expect(b.got).toEqual(['ready 0-0']);
  });
});

describe('the floor watch', () => {
  it('publishes a queue only when its callers change, alerts when raised and cleared, nothing without the lead', async () => {
    let now = Date.parse('2026-12-05T02:00:00Z');
    let waiting: WaitingCall[] = [];
    let lead = true;
    const published: FloorEvent[] = [];
    const agents: Record<string, AgentState> = {};
    const watch = createFloorWatch({
      lead: { hold: async () => lead, release: async () => undefined },
      waiting: async () => waiting,
      agentStates: async () => agents,
      incidents: async () => [],
      queueIds: () => ['general'],
      publish: async (e) => void published.push(e),
      limits: { longWaitSeconds: 15, longNotReadySeconds: 600 },
      now: () => now,
      logger: quiet,
    });
    expect(await watch.tick()).toBe(true);
    expect(published).toEqual([{ type: 'queue', queueId: 'general', waiting: 0, callbacks: 0, oldestQueuedAt: null }]);
    published.length = 0;
    waiting = [{ callId: 'a', queueId: 'general', priority: 0, queuedAt: now }];
    await watch.tick();
    now += 1_000;
    await watch.tick(); // the same caller a second later: nothing new
    expect(published).toEqual([{ type: 'queue', queueId: 'general', waiting: 1, callbacks: 0, oldestQueuedAt: new Date(now - 1_000).toISOString() }]);
    published.length = 0;
    now += 15_000;
    await watch.tick();
    expect(published).toMatchObject([{ type: 'alert', change: 'raised', alert: { key: 'long_wait:general', callersPastLimit: 1 } }]);
    published.length = 0;
    waiting = [];
    await watch.tick();
    expect(published).toMatchObject([{ type: 'queue', waiting: 0 }, { type: 'alert', change: 'cleared', alert: { key: 'long_wait:general' } }]);
    published.length = 0;
    lead = false;
    waiting = [{ callId: 'b', queueId: 'general', priority: 0, queuedAt: now }];
    expect(await watch.tick()).toBe(false);
    expect(published).toEqual([]);
  });
});

describe('announcements at the sources', () => {
  it('an agent state saved, a call started, offered, answered and ended are published after the write, in order per call and agent', async () => {
    const published: FloorEvent[] = [];
    const saved: string[] = [];
    const publishing = createFloorPublishing({ publish: async (e) => void published.push(e), now: () => new Date(5), logger: quiet });
    const states = publishing.agentStates({
      get: async () => null,
      save: async (id) => void saved.push(id),
      all: async () => ({}),
      remove: async () => undefined,
    } satisfies AgentStateStore);
    const at = new Date('2026-12-05T02:00:00Z');
    const records = publishing.callRecords({
      openCall: async () => undefined,
      appendEvent: async () => undefined,
      updateCall: async () => undefined,
      getCall: async (callId) => ({
        callId, channelId: 'x', callerNumber: '13800138000', dialedNumber: '12345', startedAt: at, answeredAt: null, endedAt: null, durationMs: null,
        hangupCause: null, hangupCauseText: null, firstHangupSide: null, outcome: 'answered_by_agent', emergencyNumber: null, agentId: 'li-na',
        serviceEndedAt: null, serviceEndedBy: null, rating: null, ratedAt: null,
        events: [{ id: 1, callId, at, type: 'enqueued', leg: 'caller', data: { queueId: 'general' } }],
      }),
      listCalls: async () => [],
      listOpenCalls: async () => [],
    } satisfies CallRecords);
    await states.save('li-na', { status: 'ready', since: 1 });
    await records.openCall({ callId: 'c1', channelId: 'x', callerNumber: '13800138000', dialedNumber: '12345', startedAt: at });
    await records.appendEvent({ callId: 'c1', at, type: 'agent_offered', leg: 'agent', data: { agentId: 'li-na', viaQueueId: 'general' } });
    await records.appendEvent({ callId: 'c1', at, type: 'leg_answered', leg: 'agent', data: { agentId: 'li-na' } });
    await records.appendEvent({ callId: 'c1', at, type: 'dtmf', leg: 'caller', data: { digit: '1' } });
    // a callback left on the call rings an agent: popped as a callback
    await records.appendEvent({ callId: 'c1', at, type: 'callback_agent_offered', leg: 'agent', data: { agentId: 'li-na', extension: '8001', channelId: 'cb-a', queueId: 'general' } });
    await records.updateCall('c1', { endedAt: at });
    await records.updateCall('c1', { rating: '1' });
    await states.remove('li-na');
    await publishing.idle();
    expect(saved).toEqual(['li-na']);
    const iso = at.toISOString();
    // in order for each call and each agent (a call's and an agent's announcements go side by side)
    expect(published.filter((e) => e.type === 'agent_state')).toEqual([
      { type: 'agent_state', agentId: 'li-na', state: { status: 'ready', since: 1 } },
      { type: 'agent_state', agentId: 'li-na', state: { status: 'offline', since: 5 } },
    ]);
    expect(published.filter((e) => e.type !== 'agent_state')).toEqual([
      { type: 'call_started', callId: 'c1', callerNumber: '13800138000', dialedNumber: '12345', at: iso },
      { type: 'call_offered', callId: 'c1', agentId: 'li-na', queueId: 'general', callerNumber: '13800138000', queuedAt: iso, callback: false, at: iso },
      { type: 'call_answered', callId: 'c1', agentId: 'li-na', at: iso },
      { type: 'call_offered', callId: 'c1', agentId: 'li-na', queueId: 'general', callerNumber: '13800138000', queuedAt: iso, callback: true, at: iso },
      { type: 'call_ended', callId: 'c1', agentId: 'li-na', outcome: 'answered_by_agent', at: iso },
    ]);
  });

  it('a failing publication never fails the write', async () => {
    const publishing = createFloorPublishing({ publish: async () => Promise.reject(new Error('redis down')), now: () => new Date(), logger: quiet });
    const states = publishing.agentStates({ get: async () => null, save: async () => undefined, all: async () => ({}), remove: async () => undefined });
    await expect(states.save('li-na', { status: 'ready', since: 1 })).resolves.toBeUndefined();
    await publishing.idle();
  });
});
