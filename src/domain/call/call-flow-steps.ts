// Steps of the call flow taken from more than one phase: sending the caller on to a queue, and
// the emergency handover from the greeting (started by a key, failed by the emergency leg).
import type {
  CallFlowSettings,
  CallState,
  EmergencyNumber,
  Transition,
} from './call-flow-types.js';
import { PROMPTS } from './prompts.js';
import { enterSkillQueue } from './skill-queue-flow.js';
import { emergencyBridgeId, emergencyLegId, play, stopCurrentPlayback } from './call-flow-helpers.js';
import { ignored } from '../shared/machine-step.js';

/** After the greeting: the call's skill queue in the app, or else the dialplan's static queue. */
export function sendToQueue(state: CallState, settings: CallFlowSettings, at: Date): Transition {
  return enterSkillQueue(state, settings, at) ?? sendToStaticQueue(state, settings, at);
}

export function sendToStaticQueue(state: CallState, settings: CallFlowSettings, at: Date): Transition {
  return {
    state: { ...state, phase: 'queued', currentPlaybackId: null },
    effects: [
      ...stopCurrentPlayback(state),
      { kind: 'record', type: 'sent_to_queue', leg: 'caller', data: { ...settings.queueTarget, at: at.toISOString() } },
      { kind: 'update_call', patch: { outcome: 'queued' } },
      { kind: 'continue_in_dialplan', target: settings.queueTarget },
    ],
    handled: true,
  };
}

export function startEmergency(state: CallState, settings: CallFlowSettings, number: EmergencyNumber, digit: string): Transition {
  const legChannelId = emergencyLegId(state.callId);
  const bridgeId = emergencyBridgeId(state.callId);
  const stops = stopCurrentPlayback(state);
  const next = play(
    { ...state, phase: 'emergency_connecting', emergency: { number, legChannelId, bridgeId, legUp: false } },
    PROMPTS.emergencyConnecting(number),
  );
  return {
    state: next.state,
    effects: [
      ...stops,
      { kind: 'cancel_timer', timer: 'key_wait' },
      { kind: 'record', type: 'emergency_requested', leg: 'caller', data: { digit, number } },
      { kind: 'update_call', patch: { emergencyNumber: number } },
      { kind: 'create_bridge', bridgeId },
      { kind: 'originate_emergency', legChannelId, number, callerNumber: state.callerNumber },
      { kind: 'watch_channel', channelId: legChannelId },
      { kind: 'record', type: 'originate_requested', leg: 'emergency', data: { number, channelId: legChannelId } },
      next.effect,
      { kind: 'start_timer', timer: 'emergency_answer', ms: settings.emergencyAnswerTimeoutMs },
    ],
    handled: true,
  };
}

export function failEmergency(state: CallState, reason: string, legStillUp: boolean): Transition {
  const em = state.emergency;
  if (!em) return ignored(state);
  const next = play({ ...state, phase: 'emergency_failed', emergency: { ...em, legUp: false } }, PROMPTS.emergencyFailed);
  return {
    state: next.state,
    effects: [
      { kind: 'cancel_timer', timer: 'emergency_answer' },
      ...stopCurrentPlayback(state),
      ...(legStillUp ? [{ kind: 'hangup', channelId: em.legChannelId, reason: 'normal' } as const] : []),
      { kind: 'destroy_bridge', bridgeId: em.bridgeId },
      { kind: 'record', type: 'originate_failed', leg: 'emergency', data: { number: em.number, reason } },
      { kind: 'update_call', patch: { outcome: 'emergency_failed' } },
      next.effect,
    ],
    handled: true,
  };
}
