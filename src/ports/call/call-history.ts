// What the agent desktop reads of earlier calls: an agent's calls between two instants (today's
// calls) and a caller number's calls (the repeat-caller marker). Implemented on SQL in
// src/adapters/db/call-history-store.ts (PostgreSQL or PGlite).
import type { AgentDayCallFacts } from '../../domain/call/agent-day.js';
import type { CallOutcome } from '../../domain/call/call-timeline-types.js';

export type { AgentDayCallFacts };

/** One earlier call of a caller number. */
export interface CallerCall {
  callId: string;
  startedAt: Date;
  outcome: CallOutcome;
  /** The agent who took it; null when no agent did. */
  agentId: string | null;
  /** From the caller's answer to the caller with an agent; null: never with an agent. */
  timeToAgentMs: number | null;
}

export interface CallHistory {
  /** The calls the agent took that started in [from, to), newest first, at most `limit`. */
  agentCalls(agentId: string, from: Date, to: Date, limit: number): Promise<AgentDayCallFacts[]>;
  /** The calls from this caller number (exact), newest first, at most `limit`. */
  callerCalls(number: string, limit: number): Promise<CallerCall[]>;
}
