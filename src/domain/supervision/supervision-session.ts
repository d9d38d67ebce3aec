// A supervisor's session on a live call (监听 / 耳语 / 强插), as a pure machine: the supervisor's
// softphone rings (ringing), answers (active: the media of the mode is set up), may switch mode,
// and the session ends (stopped over the API, the supervisor hung up, the phone never answered,
// the call's agent leg or caller is gone). `transition` returns the next session and the effects
// as data; src/app/supervision runs them over ARI.
//
// The media of each mode (mediaPlan):
//   listen   a snoop channel on the agent's leg, spy both, whisper none, in a bridge of its own
//            with the supervisor: the supervisor hears both sides and nobody hears the supervisor
//   whisper  the same with whisper 'out' (into the audio Asterisk sends to the agent's phone):
//            the agent hears the supervisor, the caller never does
//   barge    the supervisor's channel joins the call's own bridge: a three-way call
import { ignored } from '../shared/machine-step.js';
import type { SupervisionEffect, SupervisionEndReason, SupervisionEvent, SupervisionMode, SupervisionSession } from './supervision-types.js';

/** Every channel and bridge of a session starts with this: the session's events are told apart by it. */
export const SUPERVISION_ID_PREFIX = 'supervise-';
const OWN_ID = /^supervise-([0-9a-f]{12})-(?:phone|bridge|snoop\d+)$/;

export const supervisionIds = (sessionId: string) => ({
  phone: `${SUPERVISION_ID_PREFIX}${sessionId}-phone`,
  bridge: `${SUPERVISION_ID_PREFIX}${sessionId}-bridge`,
  snoop: (seq: number) => `${SUPERVISION_ID_PREFIX}${sessionId}-snoop${seq}`,
});

/** The session a channel or bridge id of a supervision belongs to, or null. */
export function sessionIdOf(resourceId: string): string | null {
  return OWN_ID.exec(resourceId)?.[1] ?? null;
}

export interface MediaPlan {
  /** The snoop channel on the agent's leg (directions as ARI names them, from the agent's channel), or none. */
  snoop: { spy: 'both'; whisper: 'none' | 'out' } | null;
  /** Where the supervisor's channel is: a bridge of the session's own (with the snoop) or the call's bridge. */
  bridge: 'own' | 'call';
}

export function mediaPlan(mode: SupervisionMode): MediaPlan {
  switch (mode) {
    case 'listen':
      return { snoop: { spy: 'both', whisper: 'none' }, bridge: 'own' };
    case 'whisper':
      return { snoop: { spy: 'both', whisper: 'out' }, bridge: 'own' };
    case 'barge':
      return { snoop: null, bridge: 'call' };
  }
}

/** What a new session is asked with: the call's parts and who supervises how, and when. */
export type NewSession = Pick<
  SupervisionSession,
  'sessionId' | 'callId' | 'agentId' | 'agentChannelId' | 'callerChannelId' | 'callBridgeId' | 'supervisor' | 'extension' | 'mode'
> & { at: Date };

/** A new session: the supervisor's phone is rung (effect `originate`). */
export function openSession(n: NewSession): { state: SupervisionSession; effects: SupervisionEffect[] } {
  const state: SupervisionSession = {
    sessionId: n.sessionId,
    callId: n.callId,
    agentId: n.agentId,
    agentChannelId: n.agentChannelId,
    callerChannelId: n.callerChannelId,
    callBridgeId: n.callBridgeId,
    supervisor: n.supervisor,
    extension: n.extension,
    mode: n.mode,
    phase: 'ringing',
    snoopSeq: 0,
    snoopChannelId: null,
    requestedAt: n.at.toISOString(),
    answeredAt: null,
    endedAt: null,
    endReason: null,
    modes: [],
  };
  return { state, effects: [{ kind: 'originate', channelId: supervisionIds(n.sessionId).phone, extension: n.extension }] };
}

type Step = { state: SupervisionSession; effects: SupervisionEffect[]; handled: boolean };

/** Effects that put the supervisor into `mode`'s media (the supervisor's channel in no bridge yet). */
function enter(s: SupervisionSession, mode: SupervisionMode): { state: SupervisionSession; effects: SupervisionEffect[] } {
  const ids = supervisionIds(s.sessionId);
  const plan = mediaPlan(mode);
  if (!plan.snoop) return { state: { ...s, snoopChannelId: null }, effects: [{ kind: 'add_to_bridge', bridgeId: s.callBridgeId, channelIds: [ids.phone] }] };
  const snoopSeq = s.snoopSeq + 1;
  const snoopId = ids.snoop(snoopSeq);
  return {
    state: { ...s, snoopSeq, snoopChannelId: snoopId },
    effects: [
      { kind: 'snoop', snoopId, targetChannelId: s.agentChannelId, spy: plan.snoop.spy, whisper: plan.snoop.whisper },
      { kind: 'add_to_bridge', bridgeId: ids.bridge, channelIds: [snoopId, ids.phone] },
    ],
  };
}

/** Effects that take the supervisor out of the current mode's media (the channel stays up). */
function leave(s: SupervisionSession): SupervisionEffect[] {
  const ids = supervisionIds(s.sessionId);
  const plan = mediaPlan(s.mode);
  if (!plan.snoop) return [{ kind: 'remove_from_bridge', bridgeId: s.callBridgeId, channelIds: [ids.phone] }];
  return [
    ...(s.snoopChannelId ? [{ kind: 'hangup', channelId: s.snoopChannelId } as const] : []),
    { kind: 'remove_from_bridge', bridgeId: ids.bridge, channelIds: [ids.phone] },
  ];
}

const record = (s: SupervisionSession, event: 'supervision_started' | 'supervision_mode' | 'supervision_ended', at: Date, data: Record<string, unknown>): SupervisionEffect => ({
  kind: 'record',
  event,
  at,
  data: { sessionId: s.sessionId, supervisor: s.supervisor, extension: s.extension, agentId: s.agentId, mode: s.mode, ...data },
});

function end(s: SupervisionSession, at: Date, reason: SupervisionEndReason, phoneUp: boolean): Step {
  const ids = supervisionIds(s.sessionId);
  const ended: SupervisionSession = { ...s, phase: 'ended', endedAt: at.toISOString(), endReason: reason, snoopChannelId: null };
  const effects: SupervisionEffect[] = [];
  if (s.snoopChannelId) effects.push({ kind: 'hangup', channelId: s.snoopChannelId });
  if (phoneUp) effects.push({ kind: 'hangup', channelId: ids.phone });
  if (s.phase === 'active') effects.push({ kind: 'destroy_bridge', bridgeId: ids.bridge });
  const durationMs = s.answeredAt ? at.getTime() - Date.parse(s.answeredAt) : 0;
  effects.push(record(ended, 'supervision_ended', at, { reason, answered: s.answeredAt !== null, durationMs, modes: s.modes }));
  return { state: ended, effects, handled: true };
}

export function transition(s: SupervisionSession, e: SupervisionEvent): Step {
  if (s.phase === 'ended') return ignored(s);
  switch (e.type) {
    case 'answered': {
      if (s.phase !== 'ringing') return ignored(s);
      const active: SupervisionSession = { ...s, phase: 'active', answeredAt: e.at.toISOString(), modes: [{ mode: s.mode, at: e.at.toISOString() }] };
      const entered = enter(active, s.mode);
      return {
        state: entered.state,
        effects: [{ kind: 'create_bridge', bridgeId: supervisionIds(s.sessionId).bridge }, ...entered.effects, record(entered.state, 'supervision_started', e.at, {})],
        handled: true,
      };
    }
    case 'switch': {
      if (e.mode === s.mode) return ignored(s);
      // still ringing: the mode is taken at the answer
      if (s.phase === 'ringing') return { state: { ...s, mode: e.mode }, effects: [], handled: true };
      const out = leave(s);
      const switched = { ...s, mode: e.mode, modes: [...s.modes, { mode: e.mode, at: e.at.toISOString() }] };
      const entered = enter(switched, e.mode);
      return { state: entered.state, effects: [...out, ...entered.effects, record(entered.state, 'supervision_mode', e.at, { from: s.mode })], handled: true };
    }
    case 'stop':
      return end(s, e.at, e.reason, true);
    case 'supervisor_gone':
      return end(s, e.at, s.phase === 'ringing' ? 'no_answer' : 'supervisor_hung_up', false);
    case 'snoop_gone':
      // the snoop of the mode in force ended by itself: the agent's leg is gone (an older snoop: nothing)
      return e.channelId === s.snoopChannelId ? end({ ...s, snoopChannelId: null }, e.at, 'call_ended', true) : ignored(s);
    case 'failed':
      return end(s, e.at, 'failed', s.phase !== 'ringing' || e.phoneUp);
  }
}
