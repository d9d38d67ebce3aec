// The short greeting overlapping the wait (GREETING_LENGTH=short), and the emergency keys while waiting.
// The caller joins the skill queue at the answer and hears the ~3 s greeting while the ACD
// claims an idle agent and rings the agent's phone. An agent who answers during the greeting is
// bridged at its end ('wait') or at once, cutting it ('cut': the ordinary answer in
// skill-queue-flow.ts stops the prompt). After the greeting a caller still waiting hears the
// emergency keys, then music. The emergency keys stay live while the caller waits (greeting,
// music, announcements, the callback offer, an agent ringing): the caller leaves the queue for
// 110/119/120/122 and, should that fail, comes back at the same place (emergency_failed).
// Not in the callback dialog, whose keys answer its questions (1 to confirm, 2 for another number).
import { emergencyNumberForKey } from '../emergency/emergency-keys.js';
import type { CallEffect, CallFlowEvent, CallFlowSettings, CallState, Transition } from './call-flow-types.js';
import { callerDtmfRecord, greetingPlaying, handled, play, playbackFinishedRecord } from './call-flow-helpers.js';
import { startEmergency } from './call-flow-steps.js';
import { emergencyKeysMedia, PROMPTS } from './prompts.js';
import { cancelWaitTimers, connectAgent, enterSkillQueue } from './skill-queue-flow.js';

/** An agent who picked up during the greeting is bridged after this long even if its end is never reported. */
export const GREETING_END_MAX_MS = 10_000;

/**
 * At the answer with the short greeting: into the skill queue at once, the greeting instead of
 * music. Null when the call has no skill queue (the greeting then plays before the static queue).
 */
export function greetInQueue(state: CallState, settings: CallFlowSettings, at: Date): Transition | null {
  if (settings.greeting.length !== 'short') return null;
  const queued = enterSkillQueue(state, settings, at);
  if (!queued) return null;
  const next = play(queued.state, PROMPTS.greetingShort);
  return handled({ ...next.state, greetingPlaybackId: next.state.currentPlaybackId }, [
    // the greeting first: the caller hears it while the waiting list and the ACD do their work
    next.effect,
    ...queued.effects.filter((e) => e.kind !== 'start_moh'),
  ]);
}

/** An emergency key while in the skill queue: out of the queue (an agent ringing is let go), to the emergency service. */
function emergencyWhileWaiting(state: CallState, event: Extract<CallFlowEvent, { type: 'dtmf' }>, settings: CallFlowSettings): Transition | null {
  if (state.phase !== 'waiting' && state.phase !== 'agent_ringing') return null;
  const number = emergencyNumberForKey(settings.emergencyKeys, event.digit);
  if (!number) return null;
  const agent = state.agent;
  const leave: CallEffect[] = [
    callerDtmfRecord(event),
    ...cancelWaitTimers,
    { kind: 'cancel_timer', timer: 'greeting_end' },
    { kind: 'dequeue' },
    { kind: 'stop_moh' },
    ...(agent
      ? ([
          { kind: 'hangup', channelId: agent.legChannelId, reason: 'normal' },
          { kind: 'destroy_bridge', bridgeId: agent.bridgeId },
          // not the agent's fault: the agent goes back to ready
          { kind: 'agent_event', agentId: agent.agentId, event: 'call_ended' },
        ] satisfies CallEffect[])
      : []),
  ];
  // the place in the queue (queuedAt) is kept for a failed handover
  const t = startEmergency({ ...state, agent: null, greetingPlaybackId: null }, settings, number, event.digit);
  return { ...t, effects: [...leave, ...t.effects] };
}

/** The greeting ended: bridge an agent who picked up during it, else the emergency keys (or music) while waiting. */
function greetingEnded(state: CallState, event: Extract<CallFlowEvent, { type: 'playback_finished' }>, settings: CallFlowSettings): Transition | null {
  if (!greetingPlaying(state) || event.playbackId !== state.currentPlaybackId) return null;
  const record = playbackFinishedRecord(event);
  const ended: CallState = { ...state, currentPlaybackId: null, greetingPlaybackId: null };
  if (state.phase === 'agent_ringing' && state.agent?.pickedUpAt) {
    const t = connectAgent(ended, event.at, false);
    return { ...t, effects: [record, ...t.effects] };
  }
  const keys = state.phase === 'waiting' ? emergencyKeysMedia(settings.emergencyKeys) : [];
  if (keys.length) {
    // the music comes when this prompt ends (playback_finished while waiting)
    const next = play(ended, keys);
    return handled(next.state, [record, next.effect]);
  }
  return handled(ended, [record, { kind: 'start_moh' }]);
}

/** Events of the skill queue phases about the greeting overlap and the emergency keys; null: not its business. */
export function greetingOverlapTransition(state: CallState, event: CallFlowEvent, settings: CallFlowSettings): Transition | null {
  const agent = state.agent;
  switch (event.type) {
    case 'dtmf':
      return emergencyWhileWaiting(state, event, settings);

    case 'leg_answered':
      // 'cut' (or the greeting already over): the ordinary answer bridges at once
      if (state.phase !== 'agent_ringing' || !agent || event.channelId !== agent.legChannelId || agent.pickedUpAt) return null;
      if (settings.greeting.agentOverlap !== 'wait' || !greetingPlaying(state)) return null;
      return handled({ ...state, agent: { ...agent, pickedUpAt: event.at.toISOString() } }, [
        { kind: 'record', type: 'leg_answered', leg: 'agent', data: { agentId: agent.agentId, extension: agent.extension, channelId: agent.legChannelId, bridgedAfterGreeting: true } },
        // the agent is on the call from the pick-up (agent state, queue_log); the caller joins at the greeting's end
        { kind: 'agent_event', agentId: agent.agentId, event: 'answered' },
        { kind: 'start_timer', timer: 'greeting_end', ms: GREETING_END_MAX_MS },
      ]);

    case 'playback_finished':
      return greetingEnded(state, event, settings);

    case 'timer_fired':
      // the greeting never reported its end: stop it and bridge
      if (event.timer !== 'greeting_end' || state.phase !== 'agent_ringing' || !agent?.pickedUpAt) return null;
      return connectAgent(state, event.at, false);

    case 'adopted': {
      // the greeting was lost with the connection: an agent who already picked up is bridged now
      if (state.phase !== 'agent_ringing' || !agent?.pickedUpAt || !event.legAlive) return null;
      const t = connectAgent({ ...state, currentPlaybackId: null, greetingPlaybackId: null }, event.at, false);
      return { ...t, effects: [{ kind: 'record', type: 'adopted_after_reconnect', leg: 'system', data: { phase: state.phase } }, ...t.effects] };
    }

    default:
      return null;
  }
}
