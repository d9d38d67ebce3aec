// What the floor reads from the records (PostgreSQL or PGlite): the calls that joined a skill
// queue in a period, the calls in progress and the abandoned calls with their callbacks.
import type { QueuedCallFact } from '../../domain/floor/queue-figures.js';

export type { QueuedCallFact };

export interface CallInProgress {
  callId: string;
  callerNumber: string;
  dialedNumber: string;
  startedAt: Date;
  /** queued, answered_by_agent, in_progress, … as the record has it now. */
  outcome: string;
  queueId: string | null;
  agentId: string | null;
  /** When an agent answered, if one has. */
  agentAnsweredAt: Date | null;
}

export interface AbandonedCall {
  callId: string;
  callerNumber: string;
  dialedNumber: string;
  queueId: string | null;
  startedAt: Date;
  joinedAt: Date | null;
  endedAt: Date | null;
  /** How long the caller waited in the queue before hanging up, in seconds. */
  waitedSeconds: number | null;
  /** The callback (回拨) stored for this call, if any, and how it stands or ended. */
  callback: {
    id: string;
    /** 'key' (the caller asked) or 'missed_call' (the hotline calls back a caller who hung up). */
    origin: string;
    status: string;
    attempts: number;
    lastResult: string | null;
    completedAt: Date | null;
    createdAt: Date;
  } | null;
}

export interface FloorStore {
  /** Calls that first joined a skill queue in [from, to). */
  queuedCalls(from: Date, to: Date): Promise<QueuedCallFact[]>;
  /** Calls not ended yet that started after `since` (older ones are left-overs of a crash). */
  callsInProgress(since: Date, limit: number): Promise<CallInProgress[]>;
  /** Calls abandoned in a queue that started in [from, to), oldest first. */
  abandonedCalls(from: Date, to: Date, page: { limit: number; offset: number }): Promise<AbandonedCall[]>;
}
