// An agent's (话务员) state as a pure state machine: agentTransition(state, event, settings) -> { state, effects }.
// offline -> ready / not_ready -> ringing -> on_call -> wrap_up -> ready (or the not-ready asked for during
// the call). Time comes in with each event; timers and call releases are effects run by the caller.
import type {
  AgentEffect,
  AgentEvent,
  AgentPresence,
  AgentSettings,
  AgentState,
  AgentTransition,
  NotReadyCause,
  ReleaseReason,
} from './agent-types.js';
import { ignored } from '../shared/machine-step.js';

export const offlineAgent = (since: number): AgentState => ({ status: 'offline', since });

/** Only a ready agent whose device is reachable may be offered a call. */
export function isOfferable(state: AgentState, presence: AgentPresence): boolean {
  return state.status === 'ready' && presence.deviceReachable;
}


/** A new state, published, after any effects that must run first. */
function moveTo(state: AgentState, before: AgentEffect[] = []): AgentTransition {
  return { state, effects: [...before, { kind: 'publish_state', state }], handled: true };
}

const notReady = (at: number, cause: NotReadyCause): AgentState => ({ status: 'not_ready', since: at, ...cause });
const causeOf = (event: Extract<AgentEvent, { type: 'set_not_ready' }>): NotReadyCause => ({
  reason: event.reason,
  note: event.note ?? null,
});
const release = (callId: string, reason: ReleaseReason): AgentEffect => ({ kind: 'release_call_to_queue', callId, reason });
const DEVICE_DOWN: NotReadyCause = { reason: 'device_unreachable', note: null };
const CONNECTION_LOST: NotReadyCause = { reason: 'connection_lost', note: null };

/** When after-call work ends: ready, unless a not-ready was asked for during the call. */
const afterWork = (at: number, pending: NotReadyCause | null): AgentState =>
  pending ? notReady(at, pending) : { status: 'ready', since: at };

type Busy = Extract<AgentState, { status: 'on_call' | 'wrap_up' }>;

/** On a call or in wrap-up, a not-ready (asked for, or a lost device) waits for the end of wrap-up. */
function remember(state: Busy, pending: NotReadyCause | null): AgentTransition {
  if (pending === state.pendingNotReady) return ignored(state);
  return moveTo({ ...state, pendingNotReady: pending });
}

function busy(state: Busy, event: AgentEvent, settings: AgentSettings): AgentTransition {
  const pending = state.pendingNotReady;
  switch (event.type) {
    case 'set_not_ready':
      return remember(state, causeOf(event));
    case 'device_unreachable':
      return remember(state, pending ?? DEVICE_DOWN);
    case 'device_reachable':
      return remember(state, pending?.reason === 'device_unreachable' ? null : pending);
    default:
      break;
  }
  if (state.status === 'on_call') {
    if (event.type === 'set_ready') return remember(state, null); // takes back a pending not-ready
    // the softphone vanished mid-call: no wrap-up, no more offers until the agent is back and says so
    if (event.type === 'call_lost' && event.callId === state.callId) return moveTo(notReady(event.at, CONNECTION_LOST));
    if (event.type !== 'call_ended' || event.callId !== state.callId) return ignored(state);
    if (settings.wrapUpSeconds <= 0) return moveTo(afterWork(event.at, pending));
    const ms = settings.wrapUpSeconds * 1000;
    return moveTo(
      { status: 'wrap_up', since: event.at, callId: state.callId, until: event.at + ms, pendingNotReady: pending },
      [{ kind: 'start_wrap_up_timer', callId: state.callId, ms }],
    );
  }
  const cancel: AgentEffect = { kind: 'cancel_wrap_up_timer', callId: state.callId };
  switch (event.type) {
    case 'wrap_up_expired':
      return event.callId === state.callId ? moveTo(afterWork(event.at, pending)) : ignored(state);
    case 'set_ready': // ends wrap-up early; an explicit ready also drops a pending not-ready
      return moveTo({ status: 'ready', since: event.at }, [cancel]);
    case 'logout':
      return moveTo(offlineAgent(event.at), [cancel]);
    default:
      return ignored(state);
  }
}

export function agentTransition(state: AgentState, event: AgentEvent, settings: AgentSettings): AgentTransition {
  const at = event.at;
  switch (state.status) {
    case 'offline':
      if (event.type !== 'login') return ignored(state);
      return moveTo(event.ready ? { status: 'ready', since: at } : notReady(at, { reason: 'other', note: null }));

    case 'ready':
      switch (event.type) {
        case 'logout':
          return moveTo(offlineAgent(at));
        case 'set_not_ready':
          return moveTo(notReady(at, causeOf(event)));
        case 'offered':
          return moveTo({ status: 'ringing', since: at, callId: event.callId });
        case 'device_unreachable':
          return moveTo(notReady(at, DEVICE_DOWN));
        default:
          return ignored(state);
      }

    case 'not_ready':
      switch (event.type) {
        case 'logout':
          return moveTo(offlineAgent(at));
        case 'set_ready':
          return moveTo({ status: 'ready', since: at });
        case 'set_not_ready':
          return moveTo(notReady(at, causeOf(event)));
        default: // device_reachable does not make the agent ready: the agent says so
          return ignored(state);
      }

    case 'ringing': {
      const callId = state.callId;
      const aboutThisCall = 'callId' in event ? event.callId === callId : true;
      if (!aboutThisCall) return ignored(state);
      switch (event.type) {
        case 'answered':
          return moveTo({ status: 'on_call', since: at, callId, pendingNotReady: null });
        case 'ring_no_answer':
          return moveTo(notReady(at, { reason: 'missed_call', note: null }), [release(callId, 'ring_no_answer')]);
        case 'call_ended': // the caller gave up while it rang: not the agent's fault
          return moveTo({ status: 'ready', since: at });
        case 'set_not_ready':
          return moveTo(notReady(at, causeOf(event)), [release(callId, 'agent_not_ready')]);
        case 'logout':
          return moveTo(offlineAgent(at), [release(callId, 'agent_logged_out')]);
        case 'device_unreachable':
          return moveTo(notReady(at, DEVICE_DOWN), [release(callId, 'device_unreachable')]);
        default:
          return ignored(state);
      }
    }

    case 'on_call':
    case 'wrap_up':
      return busy(state, event, settings);
  }
}
