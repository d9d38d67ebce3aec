// Events that mean the same in every phase of a live call, answered when the phase's own
// handler (call-flow.ts) passed: the caller hanging up, the app adopting the call after a
// reconnect, and facts for the timeline (prompts, keys, bridges, talk). Anything else is ignored.
import type { CallEffect, CallFlowEvent, CallFlowSettings, CallState, Transition } from './call-flow-types.js';
import { agentDtmfRecord, bridgeRecord, callerDtmfRecord, greetingPlaying, handled, playbackFinishedRecord } from './call-flow-helpers.js';
import { GONE_BEFORE_COMMAND, ignored } from '../shared/machine-step.js';
import { sendToQueue } from './call-flow-steps.js';
import { talkRecord } from './call-flow-timeline.js';
import { callerLeftSkillQueue, isSkillQueuePhase } from './skill-queue-flow.js';
import { NOT_RATED, ratingAbandoned } from './rating-flow.js';
import { callbackNotNeeded } from './callback-offer-flow.js';

function callerHungUp(state: CallState, event: Extract<CallFlowEvent, { type: 'caller_hungup' }>): Transition {
  const side = state.firstHangupSide ?? 'caller';
  // the short greeting plays while the caller already waits: leaving during it is still leaving in the greeting
  const inGreeting =
    state.phase === 'arrived' || state.phase === 'greeting' || state.phase === 'awaiting_key' ||
    (greetingPlaying(state) && (state.phase === 'waiting' || state.phase === 'agent_ringing'));
  const em = state.emergency;
  // a caller leaving a skill queue is dequeued and recorded as an abandon before the record closes
  const left = isSkillQueuePhase(state.phase) ? callerLeftSkillQueue(state, event.at) : null;
  const outcome = inGreeting ? ('abandoned_in_greeting' as const) : left?.outcome ?? null;
  const effects: CallEffect[] = [
    { kind: 'cancel_timer', timer: 'key_wait' },
    { kind: 'cancel_timer', timer: 'emergency_answer' },
    ...(state.agent?.pickedUpAt ? [{ kind: 'cancel_timer', timer: 'greeting_end' } as const] : []),
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

/**
 * A command met the caller's channel gone: the caller hung up, unless the call was handed to the
 * dialplan's queue (the channel then lives on outside the app, and its ChannelDestroyed ends the
 * call). Once the call has ended, this and the later ChannelDestroyed are ignored (see afterEnd).
 */
function callerGone(state: CallState, event: Extract<CallFlowEvent, { type: 'channel_gone' }>): Transition {
  if (event.channelId !== state.callerChannelId || state.phase === 'queued') return ignored(state);
  return callerHungUp(state, { type: 'caller_hungup', at: event.at, cause: 0, causeText: GONE_BEFORE_COMMAND });
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

/** The answer of any live phase to an event its own handler passed on. */
export function anyPhaseTransition(state: CallState, event: CallFlowEvent, settings: CallFlowSettings): Transition {
  switch (event.type) {
    case 'playback_started':
      return handled(state, [{ kind: 'record', type: 'playback_started', leg: 'caller', data: { playbackId: event.playbackId } }]);
    case 'playback_finished':
      // a prompt the caller no longer hears ended; the current one ending leaves the caller where they are
      if (event.playbackId !== state.currentPlaybackId) return handled(state, [playbackFinishedRecord(event)]);
      return handled({ ...state, currentPlaybackId: null }, [playbackFinishedRecord(event)]);
    case 'dtmf':
      return handled(state, [callerDtmfRecord(event)]);
    case 'agent_dtmf':
      return handled(state, [agentDtmfRecord(event)]);
    case 'bridge_entered':
    case 'bridge_left':
      return handled(state, [bridgeRecord(state, event)]);
    case 'talk':
      return talkRecord(state, event);
    case 'caller_hungup':
      return callerHungUp(state, event);
    case 'caller_left_app':
      return handled(state, [{ kind: 'record', type: 'stasis_end', leg: 'caller' }]);
    case 'channel_gone':
      return callerGone(state, event);
    case 'adopted':
      return adopt(state, settings, event);
    case 'callback_saved':
      return callbackNotNeeded(state, event, settings);
    default:
      return ignored(state);
  }
}
