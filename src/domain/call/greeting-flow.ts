// The start of an inbound call: answer, greet in Mandarin, let an emergency key hand the caller
// to 110/119/120/122, otherwise send the caller on to the queue step. The short greeting
// (GREETING_LENGTH=short) of a call with a skill queue plays while the caller already waits
// (greeting-overlap-flow.ts). Two phase handlers of call-flow.ts: the greeting (arrived,
// greeting, awaiting_key) and the caller's emergency handover (emergency_connecting,
// emergency_bridged, emergency_failed). Null: not the business of the phase, the events of any
// phase (call-flow-any-phase.ts) answer.
import { emergencyNumberForKey } from '../emergency/emergency-keys.js';
import type { CallEffect, CallFlowEvent, CallFlowSettings, CallState, Transition } from './call-flow-types.js';
import { callerDtmfRecord, handled, play, playbackFinishedRecord, stopCurrentPlayback } from './call-flow-helpers.js';
import { failEmergency, sendToQueue, startEmergency } from './call-flow-steps.js';
import { greetInQueue } from './greeting-overlap-flow.js';
import { greetingPrompt } from './prompts.js';

export function greetingTransition(state: CallState, event: CallFlowEvent, settings: CallFlowSettings): Transition | null {
  switch (event.type) {
    case 'stasis_started':
      if (state.phase !== 'arrived') return null;
      return handled(state, [
        { kind: 'record', type: 'stasis_start', leg: 'caller', data: { callerNumber: state.callerNumber, dialedNumber: state.dialedNumber } },
        // an explicit subscription outlives StasisEnd, so the hang-up cause (ChannelDestroyed) always arrives
        { kind: 'watch_channel', channelId: state.callerChannelId },
        { kind: 'answer' },
      ]);

    case 'answered': {
      if (state.phase !== 'arrived') return null;
      const answered = { ...state, answeredAt: event.at.toISOString() };
      const facts = [
        { kind: 'record', type: 'answered', leg: 'caller' },
        { kind: 'update_call', patch: { answeredAt: event.at } },
      ] satisfies CallEffect[];
      // the short greeting plays while the caller already waits in the skill queue
      const inQueue = greetInQueue(answered, settings, event.at);
      if (inQueue) return { ...inQueue, effects: [...facts, ...inQueue.effects] };
      const next = play({ ...answered, phase: 'greeting' }, greetingPrompt(settings.greeting.length));
      return handled(next.state, [...facts, next.effect]);
    }

    case 'playback_finished':
      if (state.phase !== 'greeting' || event.playbackId !== state.currentPlaybackId) return null;
      return handled({ ...state, currentPlaybackId: null, phase: 'awaiting_key' }, [
        playbackFinishedRecord(event),
        { kind: 'start_timer', timer: 'key_wait', ms: settings.keyWaitMs },
      ]);

    case 'dtmf': {
      if (state.phase !== 'greeting' && state.phase !== 'awaiting_key') return null;
      const number = emergencyNumberForKey(settings.emergencyKeys, event.digit);
      if (!number) return null;
      const t = startEmergency(state, settings, number, event.digit);
      return { ...t, effects: [callerDtmfRecord(event), ...t.effects] };
    }

    case 'timer_fired':
      if (event.timer === 'key_wait' && state.phase === 'awaiting_key') return sendToQueue(state, settings, event.at);
      return null;

    default:
      return null;
  }
}

export function emergencyTransition(state: CallState, event: CallFlowEvent, settings: CallFlowSettings): Transition | null {
  const em = state.emergency;
  switch (event.type) {
    case 'playback_finished': {
      if (event.playbackId !== state.currentPlaybackId) return null;
      const record = playbackFinishedRecord(event);
      const cleared = { ...state, currentPlaybackId: null };
      if (state.phase === 'emergency_connecting') return handled(cleared, [record, { kind: 'ring' }]);
      if (state.phase !== 'emergency_failed') return null;
      const queued = sendToQueue(cleared, settings, event.at);
      return { ...queued, effects: [record, ...queued.effects] };
    }

    case 'timer_fired':
      if (event.timer === 'emergency_answer' && state.phase === 'emergency_connecting') return failEmergency(state, 'no answer in time', true);
      return null;

    case 'leg_answered':
      if (state.phase !== 'emergency_connecting' || !em || event.channelId !== em.legChannelId) return null;
      return handled({ ...state, phase: 'emergency_bridged', currentPlaybackId: null, emergency: { ...em, legUp: true } }, [
        { kind: 'cancel_timer', timer: 'emergency_answer' },
        ...stopCurrentPlayback(state),
        { kind: 'record', type: 'leg_answered', leg: 'emergency', data: { number: em.number, channelId: em.legChannelId } },
        { kind: 'add_to_bridge', bridgeId: em.bridgeId, channelIds: [state.callerChannelId, em.legChannelId] },
        { kind: 'update_call', patch: { outcome: 'emergency_handover' } },
      ]);

    case 'leg_failed':
      if (state.phase !== 'emergency_connecting' || !em || event.channelId !== em.legChannelId) return null;
      return failEmergency(state, event.reason, false);

    case 'leg_hungup': {
      if (!em || event.channelId !== em.legChannelId) return null;
      if (state.phase === 'emergency_connecting') return failEmergency(state, `hung up before answer: ${event.causeText}`, false);
      if (state.phase !== 'emergency_bridged' || !em.legUp) return null;
      const side = state.firstHangupSide ?? 'emergency';
      return handled({ ...state, firstHangupSide: side, emergency: { ...em, legUp: false } }, [
        { kind: 'record', type: 'hangup', leg: 'emergency', data: { cause: event.cause, causeText: event.causeText } },
        { kind: 'update_call', patch: { firstHangupSide: side } },
        { kind: 'destroy_bridge', bridgeId: em.bridgeId },
        { kind: 'hangup', channelId: state.callerChannelId, reason: 'normal' },
      ]);
    }

    default:
      return null;
  }
}
