// The inbound call flow as a pure state machine: transition(state, event) -> { state, effects }.
// Time comes in with each event. `transition()` is a table from the call's phase to the handler
// of that phase: each part of the flow is offered only the events of its own phases, and what a
// phase's handler passes on (null) is answered by the events of any phase (call-flow-any-phase.ts).
//   - greeting, the caller's emergency handover: greeting-flow.ts (steps in call-flow-steps.ts)
//   - the short greeting while already waiting, the emergency keys while waiting: greeting-overlap-flow.ts
//   - waiting, callback dialog, agent ringing: skill-queue-flow.ts, callback-offer-flow.ts
//   - with the agent: agent-emergency-flow.ts (three-way), skill-queue-flow.ts, agent-controls-flow.ts
//   - rating, the agent leg left up: rating-flow.ts, end-of-service-flow.ts
//   - after the end: call-flow-timeline.ts
// Shared pieces (ids, prompts, ignored/handled) are in call-flow-helpers.ts, a leaf.
import type { CallFlowEvent, CallFlowSettings, CallPhase, CallState, Transition } from './call-flow-types.js';
import { threeWayTransition } from './agent-emergency-flow.js';
import { agentControlsTransition } from './agent-controls-flow.js';
import { anyPhaseTransition } from './call-flow-any-phase.js';
import { afterEnd } from './call-flow-timeline.js';
import { callbackTransition } from './callback-offer-flow.js';
import { leftAgentLegTransition } from './end-of-service-flow.js';
import { emergencyTransition, greetingTransition } from './greeting-flow.js';
import { greetingOverlapTransition } from './greeting-overlap-flow.js';
import { ratingTransition } from './rating-flow.js';
import { skillQueueTransition } from './skill-queue-flow.js';

export { emergencyBridgeId, emergencyLegId, playbackIdFor } from './call-flow-helpers.js';
export { AGENT_KEYS } from './agent-controls-flow.js';

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

/** A phase's handler: its answer to an event, or null when the event is not its business. */
type PhaseHandler = (state: CallState, event: CallFlowEvent, settings: CallFlowSettings) => Transition | null;

/** The handlers in turn: the first that answers wins. */
const inTurn =
  (...handlers: PhaseHandler[]): PhaseHandler =>
  (state, event, settings) => {
    for (const handler of handlers) {
      const t = handler(state, event, settings);
      if (t) return t;
    }
    return null;
  };

const none: PhaseHandler = () => null;

const PHASES: Readonly<Record<CallPhase, PhaseHandler>> = {
  arrived: greetingTransition,
  greeting: greetingTransition,
  awaiting_key: greetingTransition,
  emergency_connecting: emergencyTransition,
  emergency_bridged: emergencyTransition,
  emergency_failed: emergencyTransition,
  queued: none,
  waiting: inTurn(greetingOverlapTransition, callbackTransition, skillQueueTransition),
  callback: inTurn(callbackTransition, skillQueueTransition),
  agent_ringing: inTurn(greetingOverlapTransition, skillQueueTransition),
  with_agent: inTurn(threeWayTransition, skillQueueTransition, agentControlsTransition),
  // the agent leg left up after the end of service is released or hangs up during the rating or after the call
  rating: inTurn(leftAgentLegTransition, ratingTransition),
  ended: inTurn(leftAgentLegTransition, (state, event) => afterEnd(state, event)),
};

export function transition(state: CallState, event: CallFlowEvent, settings: CallFlowSettings): Transition {
  return PHASES[state.phase](state, event, settings) ?? anyPhaseTransition(state, event, settings);
}
