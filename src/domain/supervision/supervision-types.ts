// Types of a supervisor's session on a live call (see supervision-session.ts).

export const SUPERVISION_MODES = ['listen', 'whisper', 'barge'] as const;
export type SupervisionMode = (typeof SUPERVISION_MODES)[number];

export type SupervisionPhase = 'ringing' | 'active' | 'ended';

export type SupervisionEndReason =
  | 'stopped' // over the API
  | 'supervisor_hung_up'
  | 'no_answer' // the supervisor's phone did not answer (or was busy, or is not registered)
  | 'call_ended' // the agent's leg or the caller is gone
  | 'failed'; // Asterisk refused a command (the session is torn down)

export interface SupervisionSession {
  sessionId: string;
  callId: string;
  agentId: string;
  /** The agent's leg: the snoop's target. */
  agentChannelId: string;
  callerChannelId: string;
  /** The call's own bridge (caller and agent): where a barge goes. */
  callBridgeId: string;
  /** Who supervises: the audit actor (`user:<name>`, `token:<name>`). */
  supervisor: string;
  /** The supervisor's softphone (PJSIP endpoint). */
  extension: string;
  mode: SupervisionMode;
  phase: SupervisionPhase;
  /** Counter for snoop channel ids: each mode with a snoop gets a new one. */
  snoopSeq: number;
  /** The snoop channel of the mode in force, if any. */
  snoopChannelId: string | null;
  /** ISO times. */
  requestedAt: string;
  answeredAt: string | null;
  endedAt: string | null;
  endReason: SupervisionEndReason | null;
  /** Each mode the session was in, from the answer on. */
  modes: Array<{ mode: SupervisionMode; at: string }>;
}

export type SupervisionEvent =
  /** The supervisor's phone answered (its channel entered the application). */
  | { type: 'answered'; at: Date }
  | { type: 'switch'; at: Date; mode: SupervisionMode }
  | { type: 'stop'; at: Date; reason: 'stopped' | 'call_ended' }
  /** The supervisor's channel is gone: hung up, or (while ringing) never answered. */
  | { type: 'supervisor_gone'; at: Date }
  | { type: 'snoop_gone'; at: Date; channelId: string }
  /** A command failed; `phoneUp`: the supervisor's channel may still exist. */
  | { type: 'failed'; at: Date; phoneUp: boolean };

export type SupervisionTimelineType = 'supervision_started' | 'supervision_mode' | 'supervision_ended';

export type SupervisionEffect =
  | { kind: 'originate'; channelId: string; extension: string }
  | { kind: 'snoop'; snoopId: string; targetChannelId: string; spy: 'both'; whisper: 'none' | 'out' }
  | { kind: 'create_bridge'; bridgeId: string }
  | { kind: 'add_to_bridge'; bridgeId: string; channelIds: string[] }
  | { kind: 'remove_from_bridge'; bridgeId: string; channelIds: string[] }
  | { kind: 'hangup'; channelId: string }
  | { kind: 'destroy_bridge'; bridgeId: string }
  /** An entry in the call's timeline and in the audit log. */
  | { kind: 'record'; event: SupervisionTimelineType; at: Date; data: Record<string, unknown> };
