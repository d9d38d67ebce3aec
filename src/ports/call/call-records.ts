// What the call flow needs from the records store: one row per call plus its timeline.
// Implemented by src/adapters/db (PostgreSQL or embedded PGlite).

import type {
  CallEvent,
  CallEventType,
  CallOutcome,
  CallPatch,
  CallRecord,
  Leg,
  ServiceEndedBy,
} from '../../domain/call/call-timeline-types.js';

export type { CallEvent, CallEventType, CallOutcome, CallPatch, CallRecord, Leg, ServiceEndedBy };

export interface NewCall {
  callId: string;
  channelId: string;
  callerNumber: string;
  dialedNumber: string;
  startedAt: Date;
}

export interface NewCallEvent {
  callId: string;
  at: Date;
  type: CallEventType;
  leg: Leg;
  data?: Record<string, unknown>;
  /** Events with the same (callId, dedupKey) are stored once (replays after a reconnect). */
  dedupKey?: string;
}

export interface CallFilter {
  from?: Date;
  to?: Date;
  /** Matches the caller or the dialed number (exact digits or a suffix). */
  number?: string;
  limit: number;
  offset: number;
}

export interface CallRecords {
  /** Creates the call row; a second call with the same callId changes nothing. */
  openCall(call: NewCall): Promise<void>;
  appendEvent(event: NewCallEvent): Promise<void>;
  updateCall(callId: string, patch: CallPatch): Promise<void>;
  getCall(callId: string): Promise<(CallRecord & { events: CallEvent[] }) | null>;
  listCalls(filter: CallFilter): Promise<CallRecord[]>;
  /** Calls with no end time: what a restart must adopt or close. */
  listOpenCalls(): Promise<CallRecord[]>;
}
