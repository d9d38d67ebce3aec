// Timeline facts the flow records in any phase, and after the end of the call: talk detection,
// legs leaving a bridge or hanging up.
import type { CallFlowEvent, CallState, Transition } from './call-flow-types.js';
import { bridgeRecord, handled, legOfChannel } from './call-flow-helpers.js';
import { ignored } from '../shared/machine-step.js';

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
  switch (event.type) {
    case 'talk':
      return talkRecord(state, event);
    case 'bridge_entered':
    case 'bridge_left':
      return handled(state, [bridgeRecord(state, event)]);
    case 'leg_hungup':
      return handled(state, [{ kind: 'record', type: 'hangup', leg: legOfChannel(state, event.channelId), data: { cause: event.cause, causeText: event.causeText } }]);
    case 'caller_left_app':
      return handled(state, [{ kind: 'record', type: 'stasis_end', leg: 'caller' }]);
    default:
      return ignored(state);
  }
}
