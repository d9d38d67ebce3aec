// An agent's calls of one day as the desktop shows them (今日通话): each call's talk time (from the
// agent's answer to the end of the service, or of the call) and the day's totals of the per-call
// rating (一次一评): how many calls, how many rated, and the share satisfied. Pure.
import { NOT_RATED } from './rating-flow.js';

/** A call of the agent's day as the records store reads it. */
export interface AgentDayCallFacts {
  callId: string;
  callerNumber: string;
  startedAt: Date;
  /** When this agent answered (their leg's answer); null when the timeline has none. */
  agentAnsweredAt: Date | null;
  endedAt: Date | null;
  serviceEndedAt: Date | null;
  outcome: string;
  /** The stored rating value, 'not_rated', or null while not asked. */
  rating: string | null;
}

export interface AgentDayCall {
  callId: string;
  callerNumber: string;
  startedAt: Date;
  answeredAt: Date | null;
  endedAt: Date | null;
  /** Whole seconds from the agent's answer to the end of the service (or of the call); null while talking. */
  talkSeconds: number | null;
  outcome: string;
  /** The caller's rating value (e.g. satisfied); null when the call was not rated. */
  rating: string | null;
}

export interface AgentDayTotals {
  calls: number;
  rated: number;
  /** Rated satisfied or basically satisfied (满意 + 基本满意). */
  satisfied: number;
  /** satisfied / rated, 0..1 with 3 decimals; null when nothing was rated. */
  satisfiedShare: number | null;
  /** Rated calls per rating value. */
  byRating: Record<string, number>;
}

/** The rating values counted as satisfied in 满意率 (满意 and 基本满意, as 12345 centres count it). */
export const SATISFIED_RATINGS: ReadonlySet<string> = new Set(['very_satisfied', 'satisfied', 'basically_satisfied']);

function talkSeconds(c: AgentDayCallFacts): number | null {
  const end = c.serviceEndedAt ?? c.endedAt;
  if (!c.agentAnsweredAt || !end) return null;
  return Math.max(0, Math.round((end.getTime() - c.agentAnsweredAt.getTime()) / 1000));
}

export function agentDayCall(c: AgentDayCallFacts): AgentDayCall {
  return {
    callId: c.callId,
    callerNumber: c.callerNumber,
    startedAt: c.startedAt,
    answeredAt: c.agentAnsweredAt,
    endedAt: c.endedAt,
    talkSeconds: talkSeconds(c),
    outcome: c.outcome,
    rating: c.rating === null || c.rating === NOT_RATED ? null : c.rating,
  };
}

export function agentDayTotals(calls: readonly AgentDayCall[]): AgentDayTotals {
  const byRating: Record<string, number> = {};
  let satisfied = 0;
  for (const c of calls) {
    if (c.rating === null) continue;
    byRating[c.rating] = (byRating[c.rating] ?? 0) + 1;
    if (SATISFIED_RATINGS.has(c.rating)) satisfied += 1;
  }
  const rated = Object.values(byRating).reduce((a, b) => a + b, 0);
  return {
    calls: calls.length,
    rated,
    satisfied,
    satisfiedShare: rated === 0 ? null : Math.round((satisfied / rated) * 1000) / 1000,
    byRating,
  };
}
