// Live figures for supervisors: callers waiting per queue and the longest wait, agents per
// state, and over a recent window the share of callers answered by an agent within 15 s of
// joining the queue and the abandon rate; the time to agent (from the caller's answer to the
// caller bridged with an agent) p50/p90 over the last 15 minutes, the last hour and today (China).
import type { AgentState } from '../../domain/agent/agent-types.js';
import type { WaitingCall } from '../../domain/acd/acd-types.js';
import type { AgentStateStore } from '../../ports/agent/agent-state-store.js';
import type { CallRecord, CallRecords } from '../../ports/call/call-records.js';
import type { WaitingList } from '../../ports/acd/waiting-list.js';
import { chinaInstant, chinaTimeOf } from '../../domain/calendar/china-day.js';

export interface QueueFigures {
  queueId: string;
  waiting: number;
  longestWaitSeconds: number;
}

/** Time to agent over calls that reached an agent: how many, the median and the 90th percentile (nearest rank). */
export interface TimeToAgentFigures {
  fromIso: string;
  calls: number;
  p50Ms: number | null;
  p90Ms: number | null;
}

export interface LiveStats {
  at: string;
  queues: QueueFigures[];
  agents: Record<string, number>;
  window: { fromIso: string; calls: number; answeredByAgent: number; answeredWithin15s: number; abandoned: number; serviceLevel15s: number | null; abandonRate: number | null };
  timeToAgent: { last15min: TimeToAgentFigures; lastHour: TimeToAgentFigures; today: TimeToAgentFigures };
}

/** The p-th percentile (0 < p <= 100) by nearest rank: a time some call really had; null without values. */
export function nearestRank(values: readonly number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1]!;
}

/** Time to agent of the calls started from `from` on (records of calls that never reached an agent are skipped). */
export function timeToAgentFigures(records: readonly CallRecord[], from: number): TimeToAgentFigures {
  const times = records.flatMap((r) =>
    r.startedAt.getTime() >= from && r.timeToAgentMs !== undefined && r.timeToAgentMs !== null ? [r.timeToAgentMs] : [],
  );
  return { fromIso: new Date(from).toISOString(), calls: times.length, p50Ms: nearestRank(times, 50), p90Ms: nearestRank(times, 90) };
}

export interface RecentCallFacts {
  record: CallRecord;
  /** Seconds from joining the queue to the agent answering, when known. */
  waitToAnswerSeconds: number | null;
}

export function computeLiveStats(input: {
  now: number;
  queueIds: string[];
  waiting: WaitingCall[];
  agentStates: AgentState[];
  recent: RecentCallFacts[];
  windowStart: number;
  /** The calls of today (China) for the time to agent; absent: only the recent window's. */
  today?: { start: number; records: CallRecord[] };
}): LiveStats {
  const queues = input.queueIds.map((queueId) => {
    const mine = input.waiting.filter((w) => w.queueId === queueId);
    const oldest = mine.reduce((min, w) => Math.min(min, w.queuedAt), Number.POSITIVE_INFINITY);
    return { queueId, waiting: mine.length, longestWaitSeconds: mine.length ? Math.round((input.now - oldest) / 1000) : 0 };
  });
  const recentRecords = input.recent.map((c) => c.record);
  const agents: Record<string, number> = {};
  for (const s of input.agentStates) agents[s.status] = (agents[s.status] ?? 0) + 1;
  const queuedCalls = input.recent.filter((c) => c.record.outcome === 'answered_by_agent' || c.record.outcome === 'abandoned_in_queue');
  const answered = queuedCalls.filter((c) => c.record.outcome === 'answered_by_agent');
  const within = answered.filter((c) => c.waitToAnswerSeconds !== null && c.waitToAnswerSeconds <= 15);
  const abandoned = queuedCalls.filter((c) => c.record.outcome === 'abandoned_in_queue');
  const share = (n: number, d: number) => (d ? Math.round((n / d) * 1000) / 1000 : null);
  return {
    at: new Date(input.now).toISOString(),
    queues,
    agents,
    window: {
      fromIso: new Date(input.windowStart).toISOString(),
      calls: queuedCalls.length,
      answeredByAgent: answered.length,
      answeredWithin15s: within.length,
      abandoned: abandoned.length,
      serviceLevel15s: share(within.length, queuedCalls.length),
      abandonRate: share(abandoned.length, queuedCalls.length),
    },
    timeToAgent: {
      last15min: timeToAgentFigures(recentRecords, Math.max(input.windowStart, input.now - QUARTER_HOUR_MS)),
      lastHour: timeToAgentFigures(recentRecords, input.windowStart),
      today: input.today
        ? timeToAgentFigures(input.today.records, input.today.start)
        : timeToAgentFigures(recentRecords, input.windowStart),
    },
  };
}

const WINDOW_MS = 3600_000;
const QUARTER_HOUR_MS = 15 * 60_000;
/** Calls of today read for the time to agent (a busy day of a large city stays under this). */
const TODAY_LIMIT = 20_000;

/** Live stats over the last hour, from the records (timelines give the wait until an agent answered). */
export function createLiveStats(deps: {
  records: CallRecords;
  waiting: WaitingList;
  agentStates: AgentStateStore;
  queueIds: () => string[];
  now: () => number;
}): () => Promise<LiveStats> {
  return async () => {
    const now = deps.now();
    const windowStart = now - WINDOW_MS;
    const recentRecords = await deps.records.listCalls({ from: new Date(windowStart), limit: 500, offset: 0 });
    const todayStart = chinaInstant(chinaTimeOf(new Date(now)).day, 0).getTime();
    const todayRecords = await deps.records.listCalls({ from: new Date(todayStart), limit: TODAY_LIMIT, offset: 0 });
    const recent = await Promise.all(
      recentRecords.map(async (record): Promise<RecentCallFacts> => {
        if (record.outcome !== 'answered_by_agent') return { record, waitToAnswerSeconds: null };
        const events = (await deps.records.getCall(record.callId))?.events ?? [];
        const joined = events.find((e) => e.type === 'enqueued')?.at;
        const answered = events.find((e) => e.type === 'leg_answered' && e.leg === 'agent')?.at;
        return { record, waitToAnswerSeconds: joined && answered ? (answered.getTime() - joined.getTime()) / 1000 : null };
      }),
    );
    return computeLiveStats({
      now,
      queueIds: deps.queueIds(),
      waiting: await deps.waiting.list(),
      agentStates: Object.values(await deps.agentStates.all()),
      recent,
      windowStart,
      today: { start: todayStart, records: todayRecords },
    });
  };
}
