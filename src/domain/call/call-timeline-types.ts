// The record of one call as the domain knows it: its legs, the types of its timeline events,
// its outcome and the row kept per call. Owned by the domain (the call flow writes these facts,
// incident detection reads them); the records port (src/ports/call/call-records.ts) stores them.

/** Which leg of a call an event or a hang-up belongs to. */
export type Leg = 'caller' | 'agent' | 'emergency' | 'system';

/** Timeline event types. Stored as text; add new ones here. */
export type CallEventType =
  | 'stasis_start'
  | 'stasis_end'
  | 'answered'
  | 'playback_started'
  | 'playback_finished'
  | 'dtmf'
  | 'emergency_requested'
  | 'originate_requested'
  | 'originate_failed'
  | 'leg_answered'
  | 'bridge_entered'
  | 'bridge_left'
  | 'sent_to_queue'
  | 'hangup'
  | 'adopted_after_reconnect'
  | 'cleaned_after_reconnect'
  | 'app_gap'
  | 'enqueued'
  | 'announcement'
  | 'agent_offered'
  | 'agent_no_answer'
  | 'requeued'
  | 'abandoned'
  | 'max_wait_reached'
  | 'recording_started'
  | 'talk_started'
  | 'talk_stopped'
  // callbacks (回拨): offered, asked for, stored, then delivered (see src/app/callback/callbacks.ts)
  | 'callback_offered'
  | 'callback_asked'
  | 'callback_dialog_ended'
  | 'callback_requested'
  | 'callback_failed'
  | 'callback_cancelled'
  | 'callback_agent_offered'
  | 'callback_agent_no_answer'
  | 'callback_dialled'
  | 'callback_answered'
  | 'callback_attempt_failed'
  | 'callback_completed'
  | 'service_ended'
  | 'hold_started'
  | 'hold_ended'
  | 'rating_asked'
  | 'rating_key_invalid'
  | 'rated'
  | 'not_rated'
  | 'agent_leg_released'
  | 'agent_leg_lost'
  // a work order (工单) was taken during or after this call (data: { orderNo })
  | 'work_order_created'
  // a supervisor listened, whispered or barged (监听/耳语/强插; src/app/supervision)
  | 'supervision_started'
  | 'supervision_mode'
  | 'supervision_ended';

export type CallOutcome =
  | 'in_progress'
  | 'emergency_handover'
  | 'emergency_failed'
  | 'queued'
  | 'answered_by_agent'
  | 'abandoned_in_queue'
  | 'abandoned_in_greeting'
  | 'callback_requested'
  | 'ended';

export interface CallPatch {
  answeredAt?: Date;
  endedAt?: Date;
  hangupCause?: number;
  hangupCauseText?: string;
  /** The side that hung up first. Set once: later values are ignored. */
  firstHangupSide?: Leg;
  outcome?: CallOutcome;
  emergencyNumber?: string;
  /** The agent who took the call (the last one who answered). */
  agentId?: string;
  /** End of the agent's service. Set once: later values are ignored. */
  serviceEndedAt?: Date;
  serviceEndedBy?: ServiceEndedBy;
  /** The per-call rating value or 'not_rated'. Set once: later values are ignored. */
  rating?: string;
  ratedAt?: Date;
  /** From the caller's answer to the caller bridged with an agent who answered. Set once: later values are ignored. */
  timeToAgentMs?: number;
}

export type ServiceEndedBy = 'agent_api' | 'agent_phone' | 'agent_hangup' | 'caller_hangup' | 'supervisor';

export interface CallRecord {
  callId: string;
  channelId: string;
  callerNumber: string;
  dialedNumber: string;
  startedAt: Date;
  answeredAt: Date | null;
  endedAt: Date | null;
  /** endedAt - startedAt in ms, null while the call is up. */
  durationMs: number | null;
  hangupCause: number | null;
  hangupCauseText: string | null;
  firstHangupSide: Leg | null;
  outcome: CallOutcome;
  emergencyNumber: string | null;
  agentId: string | null;
  serviceEndedAt: Date | null;
  serviceEndedBy: ServiceEndedBy | null;
  rating: string | null;
  ratedAt: Date | null;
  /** From the caller's answer to the caller bridged with the first agent who answered; null: never with an agent. Always set by the store. */
  timeToAgentMs?: number | null;
}

export interface CallEvent {
  id: number;
  callId: string;
  at: Date;
  type: CallEventType;
  leg: Leg;
  data: Record<string, unknown>;
}
