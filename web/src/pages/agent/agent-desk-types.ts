// What the agent desktop reads from the API: the agent's state (as src/domain/agent/agent-types.ts
// saves it), the offer of a call (the `call_offered` event) and whether the caller hears the agent.

/** The not-ready reasons an agent may choose (NOT_READY_REASONS without the system's own). */
export const CHOSEN_REASONS = ['break', 'meal', 'training', 'meeting', 'other'] as const;
export type ChosenReason = (typeof CHOSEN_REASONS)[number];

/** The emergency services a call can be handed to (three-way, then the agent leaves). */
export const EMERGENCY_NUMBERS = ['110', '119', '120', '122'] as const;
export type EmergencyNumber = (typeof EMERGENCY_NUMBERS)[number];

export interface NotReadyCause {
  reason: string;
  note: string | null;
}

export type AgentState =
  | { status: 'offline'; since: number }
  | { status: 'ready'; since: number }
  | { status: 'not_ready'; since: number; reason: string; note: string | null }
  | { status: 'ringing'; since: number; callId: string }
  | { status: 'on_call'; since: number; callId: string; pendingNotReady: NotReadyCause | null }
  | { status: 'wrap_up'; since: number; callId: string; until: number; pendingNotReady: NotReadyCause | null };

export type AgentStatus = AgentState['status'];

/** The pop: the call offered to this agent. */
export interface CallOffer {
  callId: string;
  queueId: string | null;
  callerNumber: string | null;
  queuedAt: string | null;
  callback: boolean;
  at: string;
}

/** GET /api/agents/:id/audio: the call's real bridge state. */
export interface CallerAudio {
  callId: string | null;
  callerCanHear: boolean;
  onHold: boolean;
}

/** The call the agent has in hand (ringing, talking or wrapping up), if any. */
export const callIdOf = (state: AgentState | null): string | null =>
  state && (state.status === 'ringing' || state.status === 'on_call' || state.status === 'wrap_up') ? state.callId : null;
