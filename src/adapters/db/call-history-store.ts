// The CallHistory port on SQL (PostgreSQL or PGlite): an agent's calls of a day with the time their
// leg answered (the timeline's leg_answered entry naming the agent), and a caller number's calls.
import type { CallOutcome } from '../../domain/call/call-timeline-types.js';
import type { AgentDayCallFacts, CallerCall, CallHistory } from '../../ports/call/call-history.js';
import type { Database } from './database.js';

interface AgentCallRow {
  call_id: string;
  caller_number: string;
  started_at: Date;
  agent_answered_at: Date | null;
  ended_at: Date | null;
  service_ended_at: Date | null;
  outcome: string;
  rating: string | null;
}

interface CallerCallRow {
  call_id: string;
  started_at: Date;
  outcome: string;
  agent_id: string | null;
  time_to_agent_ms: number | null;
}

// calls_agent_idx (agent_id, started_at) serves the range; the agent's answer is the last
// leg_answered of the agent's leg naming them (a call requeued and offered again keeps the last).
const AGENT_CALLS = `
  SELECT c.call_id, c.caller_number, c.started_at, c.ended_at, c.service_ended_at, c.outcome, c.rating,
    (SELECT max(e.at) FROM call_events e
      WHERE e.call_id = c.call_id AND e.type = 'leg_answered' AND e.leg = 'agent' AND e.data->>'agentId' = $1) AS agent_answered_at
  FROM calls c
  WHERE c.agent_id = $1 AND c.started_at >= $2 AND c.started_at < $3
  ORDER BY c.started_at DESC, c.call_id DESC
  LIMIT $4`;

// calls_caller_number_idx serves the exact number.
const CALLER_CALLS = `
  SELECT call_id, started_at, outcome, agent_id, time_to_agent_ms FROM calls
  WHERE caller_number = $1
  ORDER BY started_at DESC, call_id DESC
  LIMIT $2`;

export function createCallHistoryStore(db: Database): CallHistory {
  return {
    async agentCalls(agentId, from, to, limit): Promise<AgentDayCallFacts[]> {
      const rows = await db.query<AgentCallRow>(AGENT_CALLS, [agentId, from, to, limit]);
      return rows.map((r) => ({
        callId: r.call_id,
        callerNumber: r.caller_number,
        startedAt: r.started_at,
        agentAnsweredAt: r.agent_answered_at,
        endedAt: r.ended_at,
        serviceEndedAt: r.service_ended_at,
        outcome: r.outcome,
        rating: r.rating,
      }));
    },

    async callerCalls(number, limit): Promise<CallerCall[]> {
      const rows = await db.query<CallerCallRow>(CALLER_CALLS, [number, limit]);
      return rows.map((r) => ({
        callId: r.call_id,
        startedAt: r.started_at,
        // Constrained by the call flow: outcome is written only through CallPatch.
        outcome: r.outcome as CallOutcome,
        agentId: r.agent_id,
        timeToAgentMs: r.time_to_agent_ms === null ? null : Number(r.time_to_agent_ms),
      }));
    },
  };
}
