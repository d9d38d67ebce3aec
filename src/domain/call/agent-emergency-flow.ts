// The agent's emergency handover (紧急转接) as a three-way call (三方通话): while talking to the
// caller, the agent adds 110/119/120/122 to the same bridge; once the emergency service has
// answered, the agent may leave and the caller stays connected to it.
import type { CallEffect, CallFlowEvent, CallFlowSettings, CallState, EmergencyNumber, Transition } from './call-flow-types.js';
import { emergencyLegId } from './call-flow-helpers.js';
import { ignored } from '../shared/machine-step.js';

/** The agent asked for an emergency service (API, or * then the emergency key on the phone). */
export function agentRequestsEmergency(state: CallState, number: EmergencyNumber, via: string): Transition {
  const agent = state.agent;
  if (state.phase !== 'with_agent' || !agent?.answered || state.emergency) return ignored(state);
  const legChannelId = emergencyLegId(state.callId);
  return {
    state: { ...state, emergency: { number, legChannelId, bridgeId: agent.bridgeId, legUp: false } },
    effects: [
      { kind: 'record', type: 'emergency_requested', leg: 'agent', data: { number, agentId: agent.agentId, via } },
      { kind: 'update_call', patch: { emergencyNumber: number } },
      { kind: 'originate_emergency', legChannelId, number, callerNumber: state.callerNumber },
      { kind: 'watch_channel', channelId: legChannelId },
      { kind: 'record', type: 'originate_requested', leg: 'emergency', data: { number, channelId: legChannelId } },
    ],
    handled: true,
  };
}

/** Emergency-leg events while the agent is on the call, and the agent leaving a three-way call. */
export function threeWayTransition(state: CallState, event: CallFlowEvent, _settings: CallFlowSettings): Transition | null {
  const em = state.emergency;
  const agent = state.agent;
  if (state.phase !== 'with_agent' || !em || !agent) return null;

  if ((event.type === 'leg_answered' || event.type === 'leg_failed' || event.type === 'leg_hungup') && event.channelId === em.legChannelId) {
    if (event.type === 'leg_answered') {
      return {
        state: { ...state, emergency: { ...em, legUp: true } },
        effects: [
          { kind: 'record', type: 'leg_answered', leg: 'emergency', data: { number: em.number, threeWay: true } },
          { kind: 'add_to_bridge', bridgeId: em.bridgeId, channelIds: [em.legChannelId] },
        ],
        handled: true,
      };
    }
    // the emergency service did not answer or left: the agent keeps the caller
    const reason = event.type === 'leg_failed' ? event.reason : `${event.causeText} (${event.cause})`;
    return {
      state: { ...state, emergency: null },
      effects: [{ kind: 'record', type: em.legUp ? 'hangup' : 'originate_failed', leg: 'emergency', data: { number: em.number, reason } }],
      handled: true,
    };
  }

  if (event.type === 'leg_hungup' && event.channelId === agent.legChannelId && agent.answered && em.legUp) {
    // the agent leaves once the emergency service has taken over: the caller stays with it
    const effects: CallEffect[] = [
      { kind: 'record', type: 'hangup', leg: 'agent', data: { cause: event.cause, agentId: agent.agentId, leftThreeWay: true } },
      { kind: 'agent_event', agentId: agent.agentId, event: 'call_ended' },
      { kind: 'update_call', patch: { outcome: 'emergency_handover' } },
    ];
    return { state: { ...state, phase: 'emergency_bridged', agent: null }, effects, handled: true };
  }
  return null;
}
