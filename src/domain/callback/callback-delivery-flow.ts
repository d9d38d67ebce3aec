// Delivering a callback (回拨) once the ACD has claimed an agent for it, as a pure state machine:
// the agent's phone rings first; on answer the agent hears a short whisper ("回拨"); then the
// citizen is called over the carrier trunk and the two are bridged and recorded like an inbound
// call. The agent not answering puts the callback back at its place; the citizen not answering
// releases the agent (back to ready, not a missed call) and the callback is retried later.
import type { CallEventType, Leg } from '../call/call-timeline-types.js';
import { maskNumber } from '../privacy/mask-number.js';
import { ignored } from '../shared/machine-step.js';

export type DeliveryPhase = 'agent_ringing' | 'whisper' | 'citizen_ringing' | 'bridged' | 'ended';

export interface DeliveryState {
  /** callback-<callbackId>-<suffix>: every channel, bridge and playback id of the delivery starts with it. */
  deliveryId: string;
  callbackId: string;
  /** The inbound call the callback was left on (its timeline gets the delivery's events). */
  callId: string;
  queueId: string;
  agentId: string;
  extension: string;
  number: string;
  phase: DeliveryPhase;
}

/** How a delivery ended, for the callback record. */
export type DeliveryResult =
  | 'completed'
  /** The citizen did not answer, was busy or unreachable: a retry later, or follow-up. */
  | 'citizen_unreachable'
  /** The agent did not answer (a missed call for the agent): back at its place in the queue. */
  | 'agent_no_answer'
  /** The agent hung up before the citizen answered: back at its place in the queue. */
  | 'agent_left';

export type DeliveryEvent =
  | { type: 'start'; at: Date }
  | { type: 'agent_answered'; at: Date }
  | { type: 'agent_gone'; at: Date; reason: string }
  | { type: 'whisper_finished'; at: Date }
  | { type: 'citizen_answered'; at: Date }
  | { type: 'citizen_gone'; at: Date; reason: string }
  | { type: 'talk'; at: Date; leg: 'agent' | 'citizen'; started: boolean; durationMs: number };

export type DeliveryEffect =
  | { kind: 'agent_event'; event: 'offered' | 'answered' | 'ring_no_answer' | 'call_ended' }
  /** The agent is ready again at once (the citizen could not be reached: not the agent's doing). */
  | { kind: 'agent_ready' }
  | { kind: 'originate_agent'; channelId: string; extension: string }
  | { kind: 'play_whisper'; channelId: string; playbackId: string }
  /** Counts the attempt in the callback record (before the citizen's phone rings). */
  | { kind: 'count_attempt' }
  | { kind: 'originate_citizen'; channelId: string; number: string }
  | { kind: 'create_bridge'; bridgeId: string }
  | { kind: 'add_to_bridge'; bridgeId: string; channelIds: string[] }
  | { kind: 'destroy_bridge'; bridgeId: string }
  | { kind: 'start_recording'; bridgeId: string; name: string }
  | { kind: 'talk_detect'; channelId: string }
  | { kind: 'hangup'; channelId: string }
  | { kind: 'record'; type: CallEventType; leg: Leg; data: Record<string, unknown> }
  | { kind: 'finish'; result: DeliveryResult };

export interface DeliveryTransition {
  state: DeliveryState;
  effects: DeliveryEffect[];
  handled: boolean;
}

export const CALLBACK_WHISPER = 'sound:hotline/callback-whisper';

export function deliveryIds(deliveryId: string) {
  return {
    agentLeg: `${deliveryId}-agent`,
    citizenLeg: `${deliveryId}-citizen`,
    bridge: `${deliveryId}-bridge`,
    whisper: `${deliveryId}-whisper`,
  };
}

const DELIVERY_CHANNEL = /^(callback-[0-9a-f]+-[0-9a-f]+)-(agent|citizen|bridge|whisper)(-far)?$/;

/** The delivery and the part an id names (the far half of a Local channel is flagged), or null. */
export function parseDeliveryId(id: string): { deliveryId: string; part: 'agent' | 'citizen' | 'bridge' | 'whisper'; far: boolean } | null {
  const m = DELIVERY_CHANNEL.exec(id);
  if (!m?.[1] || !m[2]) return null;
  return { deliveryId: m[1], part: m[2] as 'agent' | 'citizen' | 'bridge' | 'whisper', far: m[3] !== undefined };
}

export function newDelivery(init: Omit<DeliveryState, 'phase'>): DeliveryState {
  return { ...init, phase: 'agent_ringing' };
}


export function deliveryTransition(state: DeliveryState, event: DeliveryEvent): DeliveryTransition {
  const ids = deliveryIds(state.deliveryId);
  const base = { callbackId: state.callbackId, agentId: state.agentId };
  const record = (type: CallEventType, leg: Leg, data: Record<string, unknown> = {}): DeliveryEffect => ({
    kind: 'record',
    type,
    leg,
    data: { ...base, ...data },
  });
  const end = (effects: DeliveryEffect[]): DeliveryTransition => ({ state: { ...state, phase: 'ended' }, effects, handled: true });

  switch (event.type) {
    case 'start':
      if (state.phase !== 'agent_ringing') return ignored(state);
      return {
        state,
        effects: [
          { kind: 'agent_event', event: 'offered' },
          record('callback_agent_offered', 'agent', { agentId: state.agentId, extension: state.extension, channelId: ids.agentLeg, queueId: state.queueId }),
          { kind: 'create_bridge', bridgeId: ids.bridge },
          { kind: 'originate_agent', channelId: ids.agentLeg, extension: state.extension },
        ],
        handled: true,
      };

    case 'agent_answered':
      if (state.phase !== 'agent_ringing') return ignored(state);
      return {
        state: { ...state, phase: 'whisper' },
        effects: [
          { kind: 'agent_event', event: 'answered' },
          record('leg_answered', 'agent', { extension: state.extension, channelId: ids.agentLeg }),
          { kind: 'play_whisper', channelId: ids.agentLeg, playbackId: ids.whisper },
        ],
        handled: true,
      };

    case 'whisper_finished':
      if (state.phase !== 'whisper') return ignored(state);
      return {
        state: { ...state, phase: 'citizen_ringing' },
        effects: [
          { kind: 'add_to_bridge', bridgeId: ids.bridge, channelIds: [ids.agentLeg] },
          { kind: 'count_attempt' },
          record('callback_dialled', 'caller', { number: maskNumber(state.number), channelId: ids.citizenLeg }),
          { kind: 'originate_citizen', channelId: ids.citizenLeg, number: state.number },
        ],
        handled: true,
      };

    case 'citizen_answered':
      if (state.phase !== 'citizen_ringing') return ignored(state);
      return {
        state: { ...state, phase: 'bridged' },
        effects: [
          record('callback_answered', 'caller', { channelId: ids.citizenLeg }),
          { kind: 'talk_detect', channelId: ids.citizenLeg },
          { kind: 'talk_detect', channelId: ids.agentLeg },
          { kind: 'add_to_bridge', bridgeId: ids.bridge, channelIds: [ids.citizenLeg] },
          { kind: 'start_recording', bridgeId: ids.bridge, name: `callback-${state.callbackId}-${state.callId}` },
        ],
        handled: true,
      };

    case 'agent_gone':
      switch (state.phase) {
        case 'agent_ringing':
          return end([
            record('callback_agent_no_answer', 'agent', { reason: event.reason }),
            { kind: 'agent_event', event: 'ring_no_answer' },
            { kind: 'destroy_bridge', bridgeId: ids.bridge },
            { kind: 'finish', result: 'agent_no_answer' },
          ]);
        case 'whisper':
        case 'citizen_ringing':
          return end([
            record('hangup', 'agent', { reason: event.reason, before: 'citizen answered' }),
            ...(state.phase === 'citizen_ringing' ? [{ kind: 'hangup', channelId: ids.citizenLeg } as const] : []),
            { kind: 'destroy_bridge', bridgeId: ids.bridge },
            { kind: 'agent_event', event: 'call_ended' },
            { kind: 'finish', result: 'agent_left' },
          ]);
        case 'bridged':
          return end([
            record('hangup', 'agent', { reason: event.reason }),
            { kind: 'hangup', channelId: ids.citizenLeg },
            { kind: 'destroy_bridge', bridgeId: ids.bridge },
            { kind: 'agent_event', event: 'call_ended' },
            record('callback_completed', 'system', { firstHangupSide: 'agent' }),
            { kind: 'finish', result: 'completed' },
          ]);
        default:
          return ignored(state);
      }

    case 'citizen_gone':
      if (state.phase === 'citizen_ringing') {
        return end([
          record('callback_attempt_failed', 'caller', { reason: event.reason }),
          { kind: 'hangup', channelId: ids.agentLeg },
          { kind: 'destroy_bridge', bridgeId: ids.bridge },
          { kind: 'agent_event', event: 'call_ended' },
          { kind: 'agent_ready' },
          { kind: 'finish', result: 'citizen_unreachable' },
        ]);
      }
      if (state.phase !== 'bridged') return ignored(state);
      return end([
        record('hangup', 'caller', { reason: event.reason }),
        { kind: 'hangup', channelId: ids.agentLeg },
        { kind: 'destroy_bridge', bridgeId: ids.bridge },
        { kind: 'agent_event', event: 'call_ended' },
        record('callback_completed', 'system', { firstHangupSide: 'caller' }),
        { kind: 'finish', result: 'completed' },
      ]);

    case 'talk':
      if (state.phase !== 'bridged') return ignored(state);
      return {
        state,
        effects: [
          record(event.started ? 'talk_started' : 'talk_stopped', event.leg === 'agent' ? 'agent' : 'caller', {
            at: event.at.toISOString(),
            ...(event.started ? {} : { durationMs: event.durationMs }),
          }),
        ],
        handled: true,
      };
  }
}
