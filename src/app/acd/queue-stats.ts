// Live figures for supervisors: callers waiting per queue and the longest wait, agents per
// state, and over a recent window the share of callers answered by an agent within 15 s of
// joining the queue and the abandon rate.
import type { AgentState } from '../../domain/agent/agent-types.js';
import type { WaitingCall } from '../../domain/acd/acd-types.js';
import type { AgentStateStore } from '../../ports/agent/agent-state-store.js';
import type { CallRecord, CallRecords } from '../../ports/call/call-records.js';
import type { WaitingList } from '../../ports/acd/waiting-list.js';

export interface QueueFigures {
  queueId: string;
  waiting: number;
  longestWaitSeconds: number;
}

export interface LiveStats {
  at: string;
  queues: QueueFigures[];
  agents: Record<string, number>;
  window: { fromIso: string; calls: number; answeredByAgent: number; answeredWithin15s: number; abandoned: number; serviceLevel15s: number | null; abandonRate: number | null };
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
}): LiveStats {
  const queues = input.queueIds.map((queueId) => {
    const mine = input.waiting.filter((w) => w.queueId === queueId);
    const oldest = mine.reduce((min, w) => Math.min(min, w.queuedAt), Number.POSITIVE_INFINITY);
    return { queueId, waiting: mine.length, longestWaitSeconds: mine.length ? Math.round((input.now - oldest) / 1000) : 0 };
  });
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
  };
}

const WINDOW_MS = 3600_000;

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
    });
  };
}
