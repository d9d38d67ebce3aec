// Types of an agent's (话务员) state machine: states, the events that drive it and the effects it asks for.
// The machine itself is `agentTransition()` in agent-state.ts. Times are ms since the epoch, passed in.

/**
 * Why an agent is not taking calls. `missed_call`, `device_unreachable` and `connection_lost` (the
 * softphone's media stopped mid-call) are set by the system.
 */
export const NOT_READY_REASONS = ['break', 'meal', 'training', 'meeting', 'missed_call', 'device_unreachable', 'connection_lost', 'other'] as const;
export type NotReadyReason = (typeof NOT_READY_REASONS)[number];
/** The reasons only the system sets; an agent cannot choose them. */
export const SYSTEM_NOT_READY_REASONS: ReadonlySet<NotReadyReason> = new Set(['missed_call', 'device_unreachable', 'connection_lost']);

/** A not-ready reason with the agent's own words ("去质检室" …), if any. */
export interface NotReadyCause {
  reason: NotReadyReason;
  note: string | null;
}

export type AgentStatus = AgentState['status'];

/** Every state carries `since`: when the agent entered it (ms). */
export type AgentState =
  | { status: 'offline'; since: number }
  | { status: 'ready'; since: number }
  | { status: 'not_ready'; since: number; reason: NotReadyReason; note: string | null }
  | { status: 'ringing'; since: number; callId: string }
  /** `pendingNotReady`: asked for during the call, applied when wrap-up ends instead of ready. */
  | { status: 'on_call'; since: number; callId: string; pendingNotReady: NotReadyCause | null }
  | { status: 'wrap_up'; since: number; callId: string; until: number; pendingNotReady: NotReadyCause | null };

/**
 * Events carry the time they happened (`at`, ms). Call-related events carry the call id, so a
 * late event about an older call (a stale timer, a late no-answer) is ignored, not applied.
 */
export type AgentEvent =
  | { type: 'login'; at: number; ready: boolean }
  | { type: 'logout'; at: number }
  | { type: 'set_ready'; at: number }
  | { type: 'set_not_ready'; at: number; reason: NotReadyReason; note?: string | null }
  | { type: 'offered'; at: number; callId: string }
  | { type: 'ring_no_answer'; at: number; callId: string }
  | { type: 'answered'; at: number; callId: string }
  | { type: 'call_ended'; at: number; callId: string }
  /** The agent's leg of an answered call went silent and was cut (no media: the softphone vanished). */
  | { type: 'call_lost'; at: number; callId: string }
  | { type: 'wrap_up_expired'; at: number; callId: string }
  | { type: 'device_unreachable'; at: number }
  | { type: 'device_reachable'; at: number };

/** Why a call offered to this agent goes back to the queue (shown on the call's timeline). */
export type ReleaseReason = 'ring_no_answer' | 'agent_not_ready' | 'agent_logged_out' | 'device_unreachable';

export type AgentEffect =
  | { kind: 'publish_state'; state: AgentState }
  | { kind: 'start_wrap_up_timer'; callId: string; ms: number }
  | { kind: 'cancel_wrap_up_timer'; callId: string }
  /** The call goes on to the next agent; it keeps its place in the queue. */
  | { kind: 'release_call_to_queue'; callId: string; reason: ReleaseReason };

export interface AgentSettings {
  /** After-call work time; 0 sends the agent straight back to ready (or the pending not-ready). */
  wrapUpSeconds: number;
}

/** What the device layer knows (SIP registration / AMI presence), kept outside the state. */
export interface AgentPresence {
  deviceReachable: boolean;
}

export interface AgentTransition {
  state: AgentState;
  effects: AgentEffect[];
  /** False when the event meant nothing in this state (logged by the caller, never an error). */
  handled: boolean;
}
