// The part of the call flow inside the app's skill queues: waiting with music and position
// announcements, an agent claimed by the ACD ringing, the caller bridged with the agent.
// Ring-no-answer sends the caller back to waiting with the original queue time (keeps the place).
import type { CallEffect, CallFlowEvent, CallFlowSettings, CallState, Transition } from './call-flow-types.js';
import { callerEndedService, callerLeavesAgent, endService } from './end-of-service-flow.js';
import { agentBridgeId, agentLegId, nextPlayback, play, playbackFinishedRecord, stopCurrentPlayback } from './call-flow-helpers.js';
import { ignored } from '../shared/machine-step.js';
import { emergencyKeysMedia, PROMPTS } from './prompts.js';

export const isSkillQueuePhase = (phase: CallState['phase']): boolean =>
  phase === 'waiting' || phase === 'callback' || phase === 'agent_ringing' || phase === 'with_agent';

/** The timers of waiting in the queue, stopped when the wait ends (answered, or the caller left). */
export const cancelWaitTimers: readonly CallEffect[] = [
  { kind: 'cancel_timer', timer: 'announce' },
  { kind: 'cancel_timer', timer: 'max_wait' },
  { kind: 'cancel_timer', timer: 'callback_offer' },
];

/**
 * The emergency keys before each position announcement, with the short greeting (the long one
 * names them itself). Absent when there are none.
 */
function announceLead(settings: CallFlowSettings): { lead?: string[] } {
  const lead = settings.greeting.length === 'short' ? emergencyKeysMedia(settings.emergencyKeys) : [];
  return lead.length ? { lead } : {};
}

/**
 * Enters the call's skill queue; null when the queue is unknown (the caller takes the static queue).
 * The place in the queue is `queuedAt` (kept from an earlier wait); the longest wait and the
 * callback offer count from `waitFrom` (default: `queuedAt`).
 */
export function enterSkillQueue(state: CallState, settings: CallFlowSettings, at: Date, waitFrom?: Date): Transition | null {
  if (!state.queueId) return null;
  const timings = settings.queueTimings(state.queueId);
  if (!timings) return null;
  const queuedAt = state.queuedAt ?? at.toISOString();
  const waitedMs = at.getTime() - (waitFrom ? waitFrom.getTime() : Date.parse(queuedAt));
  return {
    state: { ...state, phase: 'waiting', queuedAt, currentPlaybackId: null },
    effects: [
      ...stopCurrentPlayback(state),
      { kind: 'record', type: 'enqueued', leg: 'caller', data: { queueId: state.queueId } },
      { kind: 'update_call', patch: { outcome: 'queued' } },
      { kind: 'start_moh' },
      { kind: 'enqueue', queueId: state.queueId, queuedAt: new Date(queuedAt) },
      { kind: 'start_timer', timer: 'announce', ms: timings.announcePeriodMs },
      { kind: 'start_timer', timer: 'max_wait', ms: Math.max(0, timings.maxWaitMs - waitedMs) },
      ...(settings.callback && timings.callbackOfferMs !== undefined
        ? [{ kind: 'start_timer', timer: 'callback_offer', ms: Math.max(0, timings.callbackOfferMs - waitedMs) } as const]
        : []),
    ],
    handled: true,
  };
}

/** Back to waiting after an agent leg that did not answer; the place in the queue is kept. */
function backToWaiting(state: CallState, settings: CallFlowSettings, reason: string): Transition {
  const agent = state.agent;
  if (!agent || !state.queueId) return ignored(state);
  const timings = settings.queueTimings(state.queueId);
  return {
    state: { ...state, phase: 'waiting', agent: null },
    effects: [
      { kind: 'record', type: 'agent_no_answer', leg: 'agent', data: { agentId: agent.agentId, extension: agent.extension, reason } },
      // an agent who picked up during the greeting (on the call already) and hung up before the bridge: the call ended for them
      { kind: 'agent_event', agentId: agent.agentId, event: agent.pickedUpAt ? 'call_ended' : 'ring_no_answer' },
      { kind: 'hangup', channelId: agent.legChannelId, reason: 'normal' },
      { kind: 'destroy_bridge', bridgeId: agent.bridgeId },
      { kind: 'record', type: 'requeued', leg: 'caller', data: { queueId: state.queueId, queuedAt: state.queuedAt } },
      { kind: 'enqueue', queueId: state.queueId, queuedAt: new Date(state.queuedAt ?? 0) },
      ...(timings ? [{ kind: 'start_timer', timer: 'announce', ms: timings.announcePeriodMs } as const] : []),
    ],
    handled: true,
  };
}

/**
 * Q.850 cause 44 (requested channel not available) is what Asterisk's PJSIP sets when it cuts a
 * leg for lack of RTP (`rtp_timeout`): the softphone vanished without a BYE (crash, network
 * gone). An agent who hangs up sends a BYE: cause 16.
 */
export const MEDIA_TIMEOUT_CAUSE = 44;

/**
 * The agent's softphone vanished mid-call: the service did not end, it was cut. The caller is
 * told, goes back to the queue ahead of later callers (the original queue time) with a fresh
 * longest wait, and the agent goes not-ready ("connection lost") until back.
 */
function agentLegLost(state: CallState, settings: CallFlowSettings, event: Extract<CallFlowEvent, { type: 'leg_hungup' }>): Transition {
  const agent = state.agent!;
  const lost: CallEffect[] = [
    callerLeavesAgent(state, agent.bridgeId),
    {
      kind: 'record',
      type: 'agent_leg_lost',
      leg: 'agent',
      data: { agentId: agent.agentId, extension: agent.extension, cause: event.cause, causeText: event.causeText, reason: 'no media from the softphone (RTP timeout)' },
    },
    { kind: 'record', type: 'hangup', leg: 'agent', data: { agentId: agent.agentId, cause: event.cause } },
    { kind: 'destroy_bridge', bridgeId: agent.bridgeId },
    { kind: 'agent_event', agentId: agent.agentId, event: 'call_lost' },
  ];
  const back: CallState = { ...state, agent: null, onHold: false, currentPlaybackId: null };
  const requeued = enterSkillQueue(back, settings, event.at, event.at);
  if (!requeued) return { state: { ...back, phase: 'queued' }, effects: [...lost, { kind: 'continue_in_dialplan', target: settings.queueTarget }], handled: true };
  const told = play(requeued.state, PROMPTS.agentLost);
  return {
    state: told.state,
    effects: [
      ...lost,
      { kind: 'record', type: 'requeued', leg: 'caller', data: { queueId: state.queueId, queuedAt: state.queuedAt, reason: 'agent_leg_lost' } },
      // the caller hears why, then music while waiting again
      ...requeued.effects.filter((e) => e.kind !== 'start_moh' && !(e.kind === 'record' && e.type === 'enqueued')),
      told.effect,
    ],
    handled: true,
  };
}

/** The caller hung up while in a skill queue phase. */
export function callerLeftSkillQueue(state: CallState, at: Date): { effects: CallEffect[]; outcome: 'abandoned_in_queue' | null } {
  const agent = state.agent;
  const waitedMs = state.queuedAt ? at.getTime() - Date.parse(state.queuedAt) : null;
  const effects: CallEffect[] = [...cancelWaitTimers];
  // a caller who left a callback keeps the place in the waiting list: no abandon
  const callbackLeft = state.phase === 'callback' && (state.callback?.step === 'saving' || state.callback?.step === 'registered');
  if (state.phase === 'waiting' || state.phase === 'agent_ringing' || (state.phase === 'callback' && !callbackLeft)) {
    effects.push({ kind: 'dequeue' }, { kind: 'record', type: 'abandoned', leg: 'caller', data: { queueId: state.queueId, waitedMs } });
  }
  if (agent?.answered && state.phase === 'with_agent') {
    // the agent's leg leaves the bridge at once, then is hung up
    effects.push(...callerEndedService(state, at), { kind: 'agent_event', agentId: agent.agentId, event: 'call_ended' });
  } else if (agent) {
    effects.push(
      { kind: 'hangup', channelId: agent.legChannelId, reason: 'normal' },
      { kind: 'destroy_bridge', bridgeId: agent.bridgeId },
      // the caller gave up while the agent's phone rang (or before the bridge): not the agent's fault
      { kind: 'agent_event', agentId: agent.agentId, event: 'call_ended' },
    );
  }
  return { effects, outcome: state.phase === 'with_agent' || callbackLeft ? null : 'abandoned_in_queue' };
}

/** The ACD claimed an agent for a waiting caller: the agent's phone rings. */
export function assignAgent(state: CallState, event: Extract<CallFlowEvent, { type: 'agent_assigned' }>): Transition {
  if (state.phase !== 'waiting' || !state.queueId) return ignored(state);
  const offer = state.agentOffers + 1;
  const legChannelId = agentLegId(state.callId, offer);
  const bridgeId = agentBridgeId(state.callId);
  return {
    state: {
      ...state,
      phase: 'agent_ringing',
      agentOffers: offer,
      agent: {
        agentId: event.agentId,
        extension: event.extension,
        legChannelId,
        bridgeId,
        answered: false,
        offeredAt: event.at.toISOString(),
        answeredAt: null,
      },
    },
    effects: [
      { kind: 'dequeue' },
      {
        kind: 'record',
        type: 'agent_offered',
        leg: 'agent',
        data: { agentId: event.agentId, extension: event.extension, channelId: legChannelId, viaQueueId: event.viaQueueId ?? state.queueId },
      },
      { kind: 'agent_event', agentId: event.agentId, event: 'offered' },
      { kind: 'create_bridge', bridgeId },
      { kind: 'originate_agent', legChannelId, extension: event.extension, callerNumber: state.callerNumber, queueId: state.queueId },
      { kind: 'watch_channel', channelId: legChannelId },
    ],
    handled: true,
  };
}

/**
 * The caller and the agent who answered are bridged: the wait (and any prompt) ends, the call is
 * recorded, and the time from the caller's answer to here is the call's time to agent.
 * `recordAnswer`: false when the agent's answer is already in the timeline and told to the agent
 * side (picked up during the greeting).
 */
export function connectAgent(state: CallState, at: Date, recordAnswer: boolean): Transition {
  const agent = state.agent;
  if (!agent) return ignored(state);
  const timeToAgentMs = state.answeredAt ? Math.max(0, at.getTime() - Date.parse(state.answeredAt)) : null;
  return {
    state: {
      ...state,
      phase: 'with_agent',
      currentPlaybackId: null,
      greetingPlaybackId: null,
      agent: { ...agent, answered: true, answeredAt: agent.pickedUpAt ?? at.toISOString() },
    },
    effects: [
      ...cancelWaitTimers,
      ...(agent.pickedUpAt ? [{ kind: 'cancel_timer', timer: 'greeting_end' } as const] : []),
      ...stopCurrentPlayback(state),
      { kind: 'stop_moh' },
      ...(recordAnswer
        ? ([
            { kind: 'record', type: 'leg_answered', leg: 'agent', data: { agentId: agent.agentId, extension: agent.extension, channelId: agent.legChannelId } },
            { kind: 'agent_event', agentId: agent.agentId, event: 'answered' },
          ] satisfies CallEffect[])
        : []),
      { kind: 'talk_detect', channelId: state.callerChannelId },
      { kind: 'talk_detect', channelId: agent.legChannelId },
      { kind: 'add_to_bridge', bridgeId: agent.bridgeId, channelIds: [state.callerChannelId, agent.legChannelId] },
      { kind: 'start_recording', bridgeId: agent.bridgeId, name: `call-${state.callId}-agent${state.agentOffers}` },
      { kind: 'update_call', patch: { outcome: 'answered_by_agent', agentId: agent.agentId } },
      ...(timeToAgentMs === null ? [] : [{ kind: 'update_call', patch: { timeToAgentMs } } as const]),
    ],
    handled: true,
  };
}

/** Events of the skill queue phases (waiting, callback, agent ringing, with the agent); null: not its business. */
export function skillQueueTransition(state: CallState, event: CallFlowEvent, settings: CallFlowSettings): Transition | null {
  const agent = state.agent;
  switch (event.type) {
    case 'agent_assigned':
      return assignAgent(state, event);

    case 'leg_answered':
      if (state.phase !== 'agent_ringing' || !agent || event.channelId !== agent.legChannelId) return ignored(state);
      return connectAgent(state, event.at, true);

    case 'leg_failed':
    case 'leg_hungup': {
      if (!agent || event.channelId !== agent.legChannelId) return ignored(state);
      if (state.phase === 'agent_ringing') {
        const reason = event.type === 'leg_failed' ? event.reason : `${event.causeText} (${event.cause})`;
        return backToWaiting(state, settings, reason);
      }
      if (state.phase !== 'with_agent' || !agent.answered) return ignored(state);
      if (event.type === 'leg_hungup' && event.cause === MEDIA_TIMEOUT_CAUSE) return agentLegLost(state, settings, event);
      // the agent hung up: the service ends, the caller goes on to the rating
      return endService(state, settings, event.at, 'agent_hangup', false, event.type === 'leg_hungup' ? event.cause : 0);
    }

    case 'timer_fired': {
      if (state.phase !== 'waiting' || !state.queueId) return ignored(state);
      if (event.timer === 'announce') {
        const timings = settings.queueTimings(state.queueId);
        const next = nextPlayback(state);
        return {
          state: next.state,
          effects: [
            { kind: 'stop_moh' },
            { kind: 'announce_position', playbackId: next.playbackId, queueId: state.queueId, ...announceLead(settings) },
            ...(timings ? [{ kind: 'start_timer', timer: 'announce', ms: timings.announcePeriodMs } as const] : []),
          ],
          handled: true,
        };
      }
      if (event.timer === 'max_wait') {
        // the longest a caller may wait in the app's queue: on to the dialplan's queue instead
        return {
          state: { ...state, phase: 'queued' },
          effects: [
            { kind: 'cancel_timer', timer: 'announce' },
            { kind: 'cancel_timer', timer: 'callback_offer' },
            { kind: 'dequeue' },
            { kind: 'stop_moh' },
            { kind: 'record', type: 'max_wait_reached', leg: 'caller', data: { queueId: state.queueId } },
            { kind: 'continue_in_dialplan', target: settings.queueTarget },
          ],
          handled: true,
        };
      }
      return ignored(state);
    }

    case 'playback_finished': {
      const record = playbackFinishedRecord(event);
      if (event.playbackId !== state.currentPlaybackId) return { state, effects: [record], handled: true };
      const back: CallEffect[] = state.phase === 'waiting' || state.phase === 'agent_ringing' ? [{ kind: 'start_moh' }] : [];
      return { state: { ...state, currentPlaybackId: null }, effects: [record, ...back], handled: true };
    }

    default:
      return null;
  }
}
