import { describe, expect, it } from 'vitest';
import { agentTransition, isOfferable, offlineAgent } from '../../../src/domain/agent/agent-state.js';
import type { AgentEffect, AgentEvent, AgentSettings, AgentState, NotReadyCause } from '../../../src/domain/agent/agent-types.js';

const settings: AgentSettings = { wrapUpSeconds: 15 };
const T = 1_700_000_000_000; // ms; the state was entered at T, events happen at T + 5 s
const at = T + 5000;
const meal: NotReadyCause = { reason: 'meal', note: '午饭' };

const offline: AgentState = offlineAgent(T);
const ready: AgentState = { status: 'ready', since: T };
const onBreak: AgentState = { status: 'not_ready', since: T, reason: 'break', note: null };
const deviceDown: AgentState = { status: 'not_ready', since: T, reason: 'device_unreachable', note: null };
const ringing: AgentState = { status: 'ringing', since: T, callId: 'c1' };
const onCall: AgentState = { status: 'on_call', since: T, callId: 'c1', pendingNotReady: null };
const onCallMealNext: AgentState = { ...onCall, pendingNotReady: meal };
const wrapUp: AgentState = { status: 'wrap_up', since: T, callId: 'c1', until: T + 15_000, pendingNotReady: null };
const wrapUpMealNext: AgentState = { ...wrapUp, pendingNotReady: meal };

const nowReady: AgentState = { status: 'ready', since: at };
const nowOffline: AgentState = { status: 'offline', since: at };
const nowNotReady = (reason: NotReadyCause['reason'], note: string | null = null): AgentState => ({ status: 'not_ready', since: at, reason, note });
const releaseC1 = (reason: Extract<AgentEffect, { kind: 'release_call_to_queue' }>['reason']): AgentEffect => ({
  kind: 'release_call_to_queue',
  callId: 'c1',
  reason,
});
const cancelC1: AgentEffect = { kind: 'cancel_wrap_up_timer', callId: 'c1' };

type Row = [string, AgentState, AgentEvent, AgentState, AgentEffect[]];
const handled: Row[] = [
  ['login ready', offline, { type: 'login', at, ready: true }, nowReady, []],
  ['login not ready', offline, { type: 'login', at, ready: false }, nowNotReady('other'), []],
  ['ready: logout', ready, { type: 'logout', at }, nowOffline, []],
  ['ready: set_not_ready meal with a note', ready, { type: 'set_not_ready', at, reason: 'meal', note: '午饭' }, nowNotReady('meal', '午饭'), []],
  ['ready: offered', ready, { type: 'offered', at, callId: 'c1' }, { status: 'ringing', since: at, callId: 'c1' }, []],
  ['ready: device unreachable', ready, { type: 'device_unreachable', at }, nowNotReady('device_unreachable'), []],
  ['not_ready: set_ready', onBreak, { type: 'set_ready', at }, nowReady, []],
  ['not_ready: another reason', onBreak, { type: 'set_not_ready', at, reason: 'training' }, nowNotReady('training'), []],
  ['not_ready: logout', onBreak, { type: 'logout', at }, nowOffline, []],
  ['ringing: answered', ringing, { type: 'answered', at, callId: 'c1' }, { status: 'on_call', since: at, callId: 'c1', pendingNotReady: null }, []],
  ['ringing: no answer -> missed_call, call released', ringing, { type: 'ring_no_answer', at, callId: 'c1' }, nowNotReady('missed_call'), [releaseC1('ring_no_answer')]],
  ['ringing: caller gave up', ringing, { type: 'call_ended', at, callId: 'c1' }, nowReady, []],
  ['ringing: agent declines', ringing, { type: 'set_not_ready', at, reason: 'break' }, nowNotReady('break'), [releaseC1('agent_not_ready')]],
  ['ringing: logout', ringing, { type: 'logout', at }, nowOffline, [releaseC1('agent_logged_out')]],
  ['ringing: device lost', ringing, { type: 'device_unreachable', at }, nowNotReady('device_unreachable'), [releaseC1('device_unreachable')]],
  [
    'on_call: call ended -> wrap-up with a timer',
    onCall,
    { type: 'call_ended', at, callId: 'c1' },
    { status: 'wrap_up', since: at, callId: 'c1', until: at + 15_000, pendingNotReady: null },
    [{ kind: 'start_wrap_up_timer', callId: 'c1', ms: 15_000 }],
  ],
  ['on_call: the softphone vanished (no media) -> not ready, no wrap-up', onCall, { type: 'call_lost', at, callId: 'c1' }, nowNotReady('connection_lost'), []],
  ['on_call: connection lost wins over a pending meal', onCallMealNext, { type: 'call_lost', at, callId: 'c1' }, nowNotReady('connection_lost'), []],
  ['on_call: not ready is remembered', onCall, { type: 'set_not_ready', at, reason: 'meal', note: '午饭' }, onCallMealNext, []],
  ['on_call: set_ready takes back the pending not ready', onCallMealNext, { type: 'set_ready', at }, onCall, []],
  ['on_call: device lost is remembered', onCall, { type: 'device_unreachable', at }, { ...onCall, pendingNotReady: { reason: 'device_unreachable', note: null } }, []],
  ['on_call: device back clears it', { ...onCall, pendingNotReady: { reason: 'device_unreachable', note: null } }, { type: 'device_reachable', at }, onCall, []],
  ['wrap_up: expired -> ready', wrapUp, { type: 'wrap_up_expired', at, callId: 'c1' }, nowReady, []],
  ['wrap_up: expired -> the pending not ready', wrapUpMealNext, { type: 'wrap_up_expired', at, callId: 'c1' }, nowNotReady('meal', '午饭'), []],
  ['wrap_up: set_ready ends it early', wrapUp, { type: 'set_ready', at }, nowReady, [cancelC1]],
  ['wrap_up: set_ready overrides a pending not ready', wrapUpMealNext, { type: 'set_ready', at }, nowReady, [cancelC1]],
  ['wrap_up: not ready waits for the end', wrapUp, { type: 'set_not_ready', at, reason: 'meal', note: '午饭' }, wrapUpMealNext, []],
  ['wrap_up: logout', wrapUp, { type: 'logout', at }, nowOffline, [cancelC1]],
];

describe('agent transitions', () => {
  it.each(handled)('%s', (_name, from, event, to, before) => {
    expect(agentTransition(from, event, settings)).toEqual({
      state: to,
      effects: [...before, { kind: 'publish_state', state: to }],
      handled: true,
    });
  });

  it.each([
    ['offline: set_ready', offline, { type: 'set_ready', at }],
    ['offline: offered', offline, { type: 'offered', at, callId: 'c1' }],
    ['offline: logout', offline, { type: 'logout', at }],
    ['ready: login again', ready, { type: 'login', at, ready: true }],
    ['ready: set_ready', ready, { type: 'set_ready', at }],
    ['ready: answered without an offer', ready, { type: 'answered', at, callId: 'c1' }],
    ['not_ready: offered', onBreak, { type: 'offered', at, callId: 'c1' }],
    ['not_ready(device): device back does not make ready', deviceDown, { type: 'device_reachable', at }],
    ['ringing: answered for another call', ringing, { type: 'answered', at, callId: 'c2' }],
    ['ringing: no answer for another call', ringing, { type: 'ring_no_answer', at, callId: 'c2' }],
    ['on_call: logout', onCall, { type: 'logout', at }],
    ['on_call: another call ended', onCall, { type: 'call_ended', at, callId: 'c2' }],
    ['on_call: another call lost', onCall, { type: 'call_lost', at, callId: 'c2' }],
    ['wrap_up: a late loss of the call', wrapUp, { type: 'call_lost', at, callId: 'c1' }],
    ['on_call: offered', onCall, { type: 'offered', at, callId: 'c2' }],
    ['on_call: set_ready with nothing pending', onCall, { type: 'set_ready', at }],
    ['on_call: device lost keeps the asked-for meal', onCallMealNext, { type: 'device_unreachable', at }],
    ['wrap_up: a stale timer of an earlier call', wrapUp, { type: 'wrap_up_expired', at, callId: 'c0' }],
    ['wrap_up: the call ends twice', wrapUp, { type: 'call_ended', at, callId: 'c1' }],
  ] as [string, AgentState, AgentEvent][])('unhandled, unchanged: %s', (_name, from, event) => {
    expect(agentTransition(from, event, settings)).toEqual({ state: from, effects: [], handled: false });
  });

  it.each([
    [onCall, nowReady],
    [onCallMealNext, nowNotReady('meal', '午饭')],
  ])('with no wrap-up time the call end goes straight on (%#)', (from, to) => {
    const t = agentTransition(from, { type: 'call_ended', at, callId: 'c1' }, { wrapUpSeconds: 0 });
    expect(t.state).toEqual(to);
    expect(t.effects).toEqual([{ kind: 'publish_state', state: to }]);
  });
});

describe('an agent shift', () => {
  it('misses a call, takes the next, asks for a meal mid-call and gets it after wrap-up', () => {
    const events: AgentEvent[] = [
      { type: 'login', at: T, ready: true },
      { type: 'offered', at: T + 1000, callId: 'c1' },
      { type: 'ring_no_answer', at: T + 16_000, callId: 'c1' },
      { type: 'set_ready', at: T + 20_000 },
      { type: 'offered', at: T + 30_000, callId: 'c2' },
      { type: 'answered', at: T + 33_000, callId: 'c2' },
      { type: 'set_not_ready', at: T + 60_000, reason: 'meal' },
      { type: 'call_ended', at: T + 183_000, callId: 'c2' },
      { type: 'wrap_up_expired', at: T + 198_000, callId: 'c2' },
    ];
    let state = offline;
    const effects: AgentEffect[] = [];
    for (const e of events) {
      const t = agentTransition(state, e, settings);
      expect(t.handled).toBe(true);
      state = t.state;
      effects.push(...t.effects);
    }
    expect(state).toEqual({ status: 'not_ready', since: T + 198_000, reason: 'meal', note: null });
    expect(effects.filter((e) => e.kind !== 'publish_state')).toEqual([
      { kind: 'release_call_to_queue', callId: 'c1', reason: 'ring_no_answer' },
      { kind: 'start_wrap_up_timer', callId: 'c2', ms: 15_000 },
    ]);
    expect(effects.filter((e) => e.kind === 'publish_state')).toHaveLength(events.length);
  });
});

describe('isOfferable', () => {
  it.each([
    [ready, true, true],
    [ready, false, false],
    [onBreak, true, false],
    [ringing, true, false],
    [onCall, true, false],
    [wrapUp, true, false],
    [offline, true, false],
  ])('%j with a reachable device=%s -> %s', (state, deviceReachable, expected) => {
    expect(isOfferable(state, { deviceReachable })).toBe(expected);
  });
});
