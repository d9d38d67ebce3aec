// What the agent does to a call in hand (phase with_agent): end the service, hold or take the
// caller back, add an emergency service — by the API or by keys on the agent's phone (* first).
import { emergencyNumberForKey } from '../emergency/emergency-keys.js';
import type { CallFlowEvent, CallFlowSettings, CallState, Transition } from './call-flow-types.js';
import { agentRequestsEmergency } from './agent-emergency-flow.js';
import { endService, hold } from './end-of-service-flow.js';
import { agentDtmfRecord } from './call-flow-helpers.js';

/** Keys on the agent's phone during a call, after * : end the service, hold / take back. (*1–*4: emergency.) */
export const AGENT_KEYS = { endService: '0', hold: '9' } as const;

function agentKey(state: CallState, event: Extract<CallFlowEvent, { type: 'agent_dtmf' }>, settings: CallFlowSettings): Transition {
  const record = agentDtmfRecord(event);
  if (event.digit === '*') return { state: { ...state, agentStarPressed: true }, effects: [record], handled: true };
  const disarmed = { ...state, agentStarPressed: false };
  if (state.agentStarPressed && event.digit === AGENT_KEYS.endService) {
    const t = endService(disarmed, settings, event.at, 'agent_phone', true);
    return { ...t, effects: [record, ...t.effects] };
  }
  if (state.agentStarPressed && event.digit === AGENT_KEYS.hold) {
    const t = hold(disarmed, !state.onHold, 'phone');
    return { ...t, effects: [record, ...t.effects] };
  }
  const number = state.agentStarPressed ? emergencyNumberForKey(settings.emergencyKeys, event.digit) : undefined;
  if (!number) return { state: disarmed, effects: [record], handled: true };
  const t = agentRequestsEmergency(disarmed, number, 'phone');
  return { ...t, effects: [record, ...t.effects] };
}

/** The agent's requests while the call is in hand; null: not the business of the agent's controls. */
export function agentControlsTransition(state: CallState, event: CallFlowEvent, settings: CallFlowSettings): Transition | null {
  switch (event.type) {
    case 'agent_emergency':
      return agentRequestsEmergency(state, event.number, event.via);
    case 'end_service':
      return endService(state, settings, event.at, event.by, true);
    case 'hold':
      return hold(state, event.on, event.via);
    case 'agent_dtmf':
      return state.phase === 'with_agent' ? agentKey(state, event, settings) : null;
    default:
      return null;
  }
}
