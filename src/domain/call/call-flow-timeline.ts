// Timeline facts the flow records in any phase, and after the end of the call: talk detection,
// legs leaving a bridge or hanging up.
import type { CallFlowEvent, CallState, Transition } from './call-flow-types.js';
import { ignored, legOfChannel } from './call-flow-steps.js';

export function talkRecord(state: CallState, event: Extract<CallFlowEvent, { type: 'talk' }>): Transition {
  return {
    state,
    effects: [
      {
        kind: 'record',
        type: event.started ? 'talk_started' : 'talk_stopped',
        leg: legOfChannel(state, event.channelId),
        data: { channelId: event.channelId, at: event.at.toISOString(), ...(event.started ? {} : { durationMs: event.durationMs }) },
      },
    ],
    handled: true,
  };
}

/** After the end only facts for the timeline remain: a leg leaving a bridge, hanging up, speaking. */
export function afterEnd(state: CallState, event: CallFlowEvent): Transition {
  const legOf = (channelId: string) => legOfChannel(state, channelId);
  switch (event.type) {
    case 'talk':
      return talkRecord(state, event);
    case 'bridge_entered':
    case 'bridge_left':
      return {
        state,
        effects: [{ kind: 'record', type: event.type, leg: legOf(event.channelId), data: { bridgeId: event.bridgeId, channelId: event.channelId } }],
        handled: true,
      };
    case 'leg_hungup':
      return {
        state,
        effects: [{ kind: 'record', type: 'hangup', leg: legOf(event.channelId), data: { cause: event.cause, causeText: event.causeText } }],
        handled: true,
      };
    case 'caller_left_app':
      return { state, effects: [{ kind: 'record', type: 'stasis_end', leg: 'caller' }], handled: true };
    default:
      return ignored(state);
  }
}
