// End of service (结束服务) and hold. Whoever ends the service, the first effect takes the caller
// out of the agent's bridge, so from that moment nothing the agent says reaches the caller; the
// caller goes on to the per-call rating (rating-flow.ts) and the agent to wrap-up. An agent leg
// left up (the agent did not hang up) stays alone in its bridge, is still heard by talk
// detection for the audit, and is hung up after `agentLegReleaseMs`.
import type { CallEffect, CallFlowEvent, CallFlowSettings, CallState, ServiceEndedBy, Transition } from './call-flow-types.js';
import { askRating } from './rating-flow.js';
import { ignored } from '../shared/machine-step.js';

/** The caller can hear the agent: bridged with the agent and not on hold. */
export const callerHearsAgent = (state: CallState): boolean =>
  state.phase === 'with_agent' && !!state.agent?.answered && !state.onHold;

/** The caller stops hearing the agent at once: out of the agent's bridge, or (on hold, already out of it) the music stops. */
export const callerLeavesAgent = (state: CallState, agentBridgeId: string): CallEffect =>
  state.onHold ? { kind: 'stop_moh' } : { kind: 'remove_from_bridge', bridgeId: agentBridgeId, channelIds: [state.callerChannelId] };

/**
 * Ends the agent's service while the caller is still on the line. `agentLegUp` is false when the
 * agent ended it by hanging up.
 */
export function endService(
  state: CallState,
  settings: CallFlowSettings,
  at: Date,
  endedBy: ServiceEndedBy,
  agentLegUp: boolean,
  hangupCause?: number,
): Transition {
  const agent = state.agent;
  if (state.phase !== 'with_agent' || !agent?.answered) return ignored(state);
  if (state.emergency?.legUp && agentLegUp) {
    // a three-way call with an emergency service: the agent leaves, the caller stays with the service
    return {
      state,
      effects: [
        { kind: 'remove_from_bridge', bridgeId: agent.bridgeId, channelIds: [agent.legChannelId] },
        { kind: 'hangup', channelId: agent.legChannelId, reason: 'normal' },
        { kind: 'record', type: 'service_ended', leg: 'agent', data: { agentId: agent.agentId, endedBy, handedOverTo: state.emergency.number } },
        { kind: 'update_call', patch: { serviceEndedAt: at, serviceEndedBy: endedBy } },
      ],
      handled: true,
    };
  }
  // first of all: the caller leaves the agent's bridge (on hold the caller is already out of it)
  const effects: CallEffect[] = [
    callerLeavesAgent(state, agent.bridgeId),
    {
      kind: 'record',
      type: 'service_ended',
      leg: 'agent',
      data: { agentId: agent.agentId, endedBy, agentLegUp, callerOnHold: state.onHold, ...(hangupCause !== undefined ? { cause: hangupCause } : {}) },
    },
    { kind: 'update_call', patch: { serviceEndedAt: at, serviceEndedBy: endedBy, ...(endedBy === 'agent_hangup' ? { firstHangupSide: 'agent' } : {}) } },
    { kind: 'agent_event', agentId: agent.agentId, event: 'call_ended' },
  ];
  if (agentLegUp) {
    effects.push(
      // the agent hears that the service is over (the caller is no longer on the line with them)
      { kind: 'play_to_leg', channelId: agent.legChannelId, playbackId: `${agent.legChannelId}-ended`, media: 'sound:hotline/service-ended-agent' },
      { kind: 'start_timer', timer: 'agent_leg_release', ms: settings.agentLegReleaseMs },
    );
  } else {
    effects.push(
      { kind: 'record', type: 'hangup', leg: 'agent', data: { agentId: agent.agentId, cause: hangupCause ?? 0 } },
      { kind: 'destroy_bridge', bridgeId: agent.bridgeId },
    );
  }
  // an emergency service still ringing for this call is not left without anyone
  if (state.emergency && !state.emergency.legUp) effects.push({ kind: 'hangup', channelId: state.emergency.legChannelId, reason: 'normal' });
  const ended: CallState = {
    ...state,
    emergency: state.emergency?.legUp ? state.emergency : null,
    onHold: false,
    agent: null,
    agentStarPressed: false,
    firstHangupSide: endedBy === 'agent_hangup' ? (state.firstHangupSide ?? 'agent') : state.firstHangupSide,
    service: {
      endedAt: at.toISOString(),
      endedBy,
      agentId: agent.agentId,
      agentLegChannelId: agent.legChannelId,
      agentBridgeId: agent.bridgeId,
      agentLegUp,
    },
  };
  const asked = askRating(ended);
  return { state: asked.state, effects: [...effects, ...asked.effects], handled: true };
}

/** The agent puts the caller on hold (music, out of the bridge) or takes the caller back. */
export function hold(state: CallState, on: boolean, via: 'api' | 'phone'): Transition {
  const agent = state.agent;
  if (state.phase !== 'with_agent' || !agent?.answered || state.onHold === on) return ignored(state);
  const effects: CallEffect[] = on
    ? [
        { kind: 'remove_from_bridge', bridgeId: agent.bridgeId, channelIds: [state.callerChannelId] },
        { kind: 'start_moh' },
        { kind: 'record', type: 'hold_started', leg: 'agent', data: { agentId: agent.agentId, via } },
      ]
    : [
        { kind: 'stop_moh' },
        { kind: 'add_to_bridge', bridgeId: agent.bridgeId, channelIds: [state.callerChannelId] },
        { kind: 'record', type: 'hold_ended', leg: 'agent', data: { agentId: agent.agentId, via } },
      ];
  return { state: { ...state, onHold: on }, effects, handled: true };
}

/** The agent leg left behind after the end of service: its hang-up, or its release by the timer. */
export function leftAgentLegTransition(state: CallState, event: CallFlowEvent): Transition | null {
  const service = state.service;
  if (!service?.agentLegUp) return null;
  if (event.type === 'timer_fired' && event.timer === 'agent_leg_release') {
    return {
      state,
      effects: [
        { kind: 'record', type: 'agent_leg_released', leg: 'system', data: { agentId: service.agentId, channelId: service.agentLegChannelId } },
        { kind: 'hangup', channelId: service.agentLegChannelId, reason: 'normal' },
      ],
      handled: true,
    };
  }
  if (event.type === 'leg_hungup' && event.channelId === service.agentLegChannelId) {
    const next: CallState = { ...state, service: { ...service, agentLegUp: false } };
    return {
      state: next,
      effects: [
        { kind: 'cancel_timer', timer: 'agent_leg_release' },
        { kind: 'record', type: 'hangup', leg: 'agent', data: { agentId: service.agentId, cause: event.cause, causeText: event.causeText } },
        { kind: 'destroy_bridge', bridgeId: service.agentBridgeId },
        ...(state.phase === 'ended' ? [{ kind: 'review_call' } as const] : []),
      ],
      handled: true,
    };
  }
  return null;
}

/** Ends the service for a caller who hung up while with the agent (the agent leg leaves at once). */
export function callerEndedService(state: CallState, at: Date): CallEffect[] {
  const agent = state.agent;
  if (state.phase !== 'with_agent' || !agent?.answered) return [];
  return [
    { kind: 'destroy_bridge', bridgeId: agent.bridgeId },
    { kind: 'hangup', channelId: agent.legChannelId, reason: 'normal' },
    { kind: 'record', type: 'service_ended', leg: 'caller', data: { agentId: agent.agentId, endedBy: 'caller_hangup' } },
    { kind: 'update_call', patch: { serviceEndedAt: at, serviceEndedBy: 'caller_hangup' } },
  ];
}
