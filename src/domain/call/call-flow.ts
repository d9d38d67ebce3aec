// The inbound call flow as a pure state machine: transition(state, event) -> { state, effects }.
// Answer, greet in Mandarin, let an emergency key hand the caller to 110/119/120/122,
// otherwise send the caller on to the queue step. Time comes in with each event.
import { emergencyNumberForKey } from '../emergency/emergency-keys.js';
import type {
  CallEffect,
  CallFlowEvent,
  CallFlowSettings,
  CallState,
  Transition,
} from './call-flow-types.js';
import { agentRequestsEmergency, threeWayTransition } from './agent-emergency-flow.js';
import { callerLeftSkillQueue, isSkillQueuePhase, skillQueueTransition } from './skill-queue-flow.js';
import { failEmergency, ignored, legOfChannel, play, sendToQueue, startEmergency, stopCurrentPlayback } from './call-flow-steps.js';
import { PROMPTS } from './prompts.js';
import { afterEnd, talkRecord } from './call-flow-timeline.js';
import { endService, hold, leftAgentLegTransition } from './end-of-service-flow.js';
import { NOT_RATED, ratingAbandoned, ratingTransition } from './rating-flow.js';
import { callbackTransition } from './callback-offer-flow.js';

export { emergencyBridgeId, emergencyLegId, playbackIdFor } from './call-flow-steps.js';

/** Keys on the agent's phone during a call, after * : end the service, hold / take back. (*1–*4: emergency.) */
export const AGENT_KEYS = { endService: '0', hold: '9' } as const;

export function createCallState(init: {
  callId: string;
  callerChannelId: string;
  callerNumber: string;
  dialedNumber: string;
  queueId?: string | null;
}): CallState {
  return {
    ...init,
    queueId: init.queueId ?? null,
    queuedAt: null,
    agent: null,
    agentOffers: 0,
    agentStarPressed: false,
    onHold: false,
    service: null,
    rating: null,
    phase: 'arrived',
    playbackSeq: 0,
    currentPlaybackId: null,
    emergency: null,
    firstHangupSide: null,
  };
}

/** Ids chosen before the command is sent, so no event about them can be missed. */

function callerHungUp(state: CallState, event: Extract<CallFlowEvent, { type: 'caller_hungup' }>): Transition {
  const side = state.firstHangupSide ?? 'caller';
  const inGreeting = state.phase === 'arrived' || state.phase === 'greeting' || state.phase === 'awaiting_key';
  const em = state.emergency;
  // a caller leaving a skill queue is dequeued and recorded as an abandon before the record closes
  const left = isSkillQueuePhase(state.phase) ? callerLeftSkillQueue(state, event.at) : null;
  const outcome = inGreeting ? ('abandoned_in_greeting' as const) : left?.outcome ?? null;
  const effects: CallEffect[] = [
    { kind: 'cancel_timer', timer: 'key_wait' },
    { kind: 'cancel_timer', timer: 'emergency_answer' },
    { kind: 'record', type: 'hangup', leg: 'caller', data: { cause: event.cause, causeText: event.causeText, firstHangupSide: side } },
    ...(left?.effects ?? []),
    // one write closes the record: a reader never sees it ended with the outcome of a call still in progress
    {
      kind: 'update_call',
      patch: {
        endedAt: event.at,
        hangupCause: event.cause,
        hangupCauseText: event.causeText,
        firstHangupSide: side,
        ...(outcome ? { outcome } : {}),
      },
    },
  ];
  if (em && (em.legUp || state.phase === 'emergency_connecting')) {
    effects.push({ kind: 'hangup', channelId: em.legChannelId, reason: 'normal' });
  }
  if (em) effects.push({ kind: 'destroy_bridge', bridgeId: em.bridgeId });
  effects.push(...ratingAbandoned(state, event.at));
  // an agent leg left up after the end of service is reviewed when it goes too
  if (!state.service?.agentLegUp) effects.push({ kind: 'review_call' });
  return {
    state: {
      ...state,
      phase: 'ended',
      firstHangupSide: side,
      currentPlaybackId: null,
      emergency: em ? { ...em, legUp: false } : null,
      agent: state.agent ? { ...state.agent, answered: false } : null,
    },
    effects,
    handled: true,
  };
}

/** After a reconnect: whatever was waiting on a lost timer or playback moves on; a live emergency call stays. */
function adopt(state: CallState, settings: CallFlowSettings, event: Extract<CallFlowEvent, { type: 'adopted' }>): Transition {
  const record: CallEffect = { kind: 'record', type: 'adopted_after_reconnect', leg: 'system', data: { phase: state.phase } };
  const em = state.emergency;
  if (state.phase === 'emergency_bridged' && em && event.legAlive) return { state, effects: [record], handled: true };
  if (state.phase === 'emergency_connecting' && em && event.legAlive) {
    return {
      state,
      effects: [record, { kind: 'start_timer', timer: 'emergency_answer', ms: settings.emergencyAnswerTimeoutMs }],
      handled: true,
    };
  }
  if ((state.phase === 'emergency_bridged' || state.phase === 'emergency_connecting') && em) {
    // the emergency leg is gone: the caller should not sit in a silent bridge
    const queued = sendToQueue({ ...state, emergency: { ...em, legUp: false } }, settings, event.at);
    return { ...queued, effects: [record, { kind: 'destroy_bridge', bridgeId: em.bridgeId }, ...queued.effects] };
  }
  if (state.phase === 'queued') return { state, effects: [record], handled: true };
  if (state.phase === 'rating') {
    // the rating's prompt and key timer were lost: close the call politely as not rated
    const notRated: CallEffect[] = state.rating?.done
      ? []
      : [{ kind: 'update_call', patch: { rating: NOT_RATED, ratedAt: event.at } }, { kind: 'record', type: 'not_rated', leg: 'caller', data: { reason: 'app_reconnected' } }];
    return { state, effects: [record, ...notRated, { kind: 'hangup', channelId: state.callerChannelId, reason: 'normal' }], handled: true };
  }
  if (state.agent && (state.phase === 'agent_ringing' || state.phase === 'with_agent')) {
    if (event.legAlive) return { state, effects: [record], handled: true };
    // the agent's leg vanished while the app could not see it: the caller goes back ahead of later callers
    const agent = state.agent;
    const requeued = sendToQueue({ ...state, agent: null, currentPlaybackId: null }, settings, event.at);
    return {
      ...requeued,
      effects: [
        record,
        { kind: 'destroy_bridge', bridgeId: agent.bridgeId },
        { kind: 'agent_event', agentId: agent.agentId, event: agent.answered ? 'call_ended' : 'ring_no_answer' },
        ...requeued.effects,
      ],
    };
  }
  const queued = sendToQueue(state, settings, event.at);
  return { ...queued, effects: [record, ...queued.effects] };
}

const SKILL_QUEUE_EVENTS = new Set<CallFlowEvent['type']>(['agent_assigned', 'leg_answered', 'leg_failed', 'leg_hungup', 'timer_fired', 'playback_finished']);

export function transition(state: CallState, event: CallFlowEvent, settings: CallFlowSettings): Transition {
  const leftLeg = leftAgentLegTransition(state, event);
  if (leftLeg) return leftLeg;
  if (state.phase === 'ended') return afterEnd(state, event);
  const threeWay = threeWayTransition(state, event, settings);
  if (threeWay) return threeWay;
  const rating = ratingTransition(state, event, settings);
  if (rating) return rating;
  const callback = callbackTransition(state, event, settings);
  if (callback) return callback;
  if (isSkillQueuePhase(state.phase) && SKILL_QUEUE_EVENTS.has(event.type)) return skillQueueTransition(state, event, settings);
  const at = event.at.toISOString();

  switch (event.type) {
    case 'stasis_started':
      if (state.phase !== 'arrived') return ignored(state);
      return {
        state,
        effects: [
          { kind: 'record', type: 'stasis_start', leg: 'caller', data: { callerNumber: state.callerNumber, dialedNumber: state.dialedNumber } },
          // an explicit subscription outlives StasisEnd, so the hang-up cause (ChannelDestroyed) always arrives
          { kind: 'watch_channel', channelId: state.callerChannelId },
          { kind: 'answer' },
        ],
        handled: true,
      };

    case 'answered': {
      if (state.phase !== 'arrived') return ignored(state);
      const next = play({ ...state, phase: 'greeting' }, PROMPTS.greeting);
      return {
        state: next.state,
        effects: [
          { kind: 'record', type: 'answered', leg: 'caller' },
          { kind: 'update_call', patch: { answeredAt: event.at } },
          next.effect,
        ],
        handled: true,
      };
    }

    case 'playback_started':
      return {
        state,
        effects: [{ kind: 'record', type: 'playback_started', leg: 'caller', data: { playbackId: event.playbackId } }],
        handled: true,
      };

    case 'playback_finished': {
      const record: CallEffect = { kind: 'record', type: 'playback_finished', leg: 'caller', data: { playbackId: event.playbackId } };
      if (event.playbackId !== state.currentPlaybackId) return { state, effects: [record], handled: true };
      const cleared = { ...state, currentPlaybackId: null };
      switch (state.phase) {
        case 'greeting':
          return {
            state: { ...cleared, phase: 'awaiting_key' },
            effects: [record, { kind: 'start_timer', timer: 'key_wait', ms: settings.keyWaitMs }],
            handled: true,
          };
        case 'emergency_connecting':
          return { state: cleared, effects: [record, { kind: 'ring' }], handled: true };
        case 'emergency_failed': {
          const queued = sendToQueue(cleared, settings, event.at);
          return { ...queued, effects: [record, ...queued.effects] };
        }
        default:
          return { state: cleared, effects: [record], handled: true };
      }
    }

    case 'dtmf': {
      const record: CallEffect = { kind: 'record', type: 'dtmf', leg: 'caller', data: { digit: event.digit, at } };
      if (state.phase === 'greeting' || state.phase === 'awaiting_key') {
        const number = emergencyNumberForKey(settings.emergencyKeys, event.digit);
        if (number) {
          const t = startEmergency(state, settings, number, event.digit);
          return { ...t, effects: [record, ...t.effects] };
        }
      }
      return { state, effects: [record], handled: true };
    }

    case 'timer_fired':
      if (event.timer === 'key_wait' && state.phase === 'awaiting_key') return sendToQueue(state, settings, event.at);
      if (event.timer === 'emergency_answer' && state.phase === 'emergency_connecting') {
        return failEmergency(state, 'no answer in time', true);
      }
      return ignored(state);

    case 'leg_answered': {
      const em = state.emergency;
      if (state.phase !== 'emergency_connecting' || !em || event.channelId !== em.legChannelId) return ignored(state);
      return {
        state: { ...state, phase: 'emergency_bridged', currentPlaybackId: null, emergency: { ...em, legUp: true } },
        effects: [
          { kind: 'cancel_timer', timer: 'emergency_answer' },
          ...stopCurrentPlayback(state),
          { kind: 'record', type: 'leg_answered', leg: 'emergency', data: { number: em.number, channelId: em.legChannelId } },
          { kind: 'add_to_bridge', bridgeId: em.bridgeId, channelIds: [state.callerChannelId, em.legChannelId] },
          { kind: 'update_call', patch: { outcome: 'emergency_handover' } },
        ],
        handled: true,
      };
    }

    case 'leg_failed': {
      const em = state.emergency;
      if (state.phase !== 'emergency_connecting' || !em || event.channelId !== em.legChannelId) return ignored(state);
      return failEmergency(state, event.reason, false);
    }

    case 'leg_hungup': {
      const em = state.emergency;
      if (!em || event.channelId !== em.legChannelId) return ignored(state);
      if (state.phase === 'emergency_connecting') return failEmergency(state, `hung up before answer: ${event.causeText}`, false);
      if (state.phase !== 'emergency_bridged' || !em.legUp) return ignored(state);
      const side = state.firstHangupSide ?? 'emergency';
      return {
        state: { ...state, firstHangupSide: side, emergency: { ...em, legUp: false } },
        effects: [
          { kind: 'record', type: 'hangup', leg: 'emergency', data: { cause: event.cause, causeText: event.causeText } },
          { kind: 'update_call', patch: { firstHangupSide: side } },
          { kind: 'destroy_bridge', bridgeId: em.bridgeId },
          { kind: 'hangup', channelId: state.callerChannelId, reason: 'normal' },
        ],
        handled: true,
      };
    }

    case 'bridge_entered':
    case 'bridge_left': {
      const leg = legOfChannel(state, event.channelId);
      return {
        state,
        effects: [{ kind: 'record', type: event.type, leg, data: { bridgeId: event.bridgeId, channelId: event.channelId } }],
        handled: true,
      };
    }

    case 'caller_hungup':
      return callerHungUp(state, event);

    case 'caller_left_app':
      return { state, effects: [{ kind: 'record', type: 'stasis_end', leg: 'caller' }], handled: true };

    case 'adopted':
      return adopt(state, settings, event);

    case 'agent_assigned':
    case 'callback_saved': // callbacks are off (see callback-offer-flow.ts)
      return ignored(state);

    case 'talk':
      return talkRecord(state, event);

    case 'agent_emergency':
      return agentRequestsEmergency(state, event.number, event.via);

    case 'end_service':
      return endService(state, settings, event.at, event.by, true);

    case 'hold':
      return hold(state, event.on, event.via);

    case 'agent_dtmf': {
      const record: CallEffect = { kind: 'record', type: 'dtmf', leg: 'agent', data: { digit: event.digit, at } };
      if (state.phase !== 'with_agent') return { state, effects: [record], handled: true };
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
  }
}
