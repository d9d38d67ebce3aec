// What the supervisor console and the wallboard load before they follow the live events: the
// floor now (each queue's waiting callers and its figures today and over the last 15 minutes,
// agents by state with the time in state, calls in progress, open alerts), a day in 15-minute
// bins, and the day's abandoned calls with their callbacks.
import type { WaitingCall } from '../../domain/acd/acd-types.js';
import type { AgentState } from '../../domain/agent/agent-types.js';
import type { CalendarDay } from '../../domain/calendar/china-day.js';
import { chinaDayOf, dayBins, dayBounds, type FloorDay } from '../../domain/floor/day-bins.js';
import { INCIDENT_ALERT_MS, openAlerts, type AlertLimits, type FloorAlert, type IncidentFact } from '../../domain/floor/floor-alerts.js';
import { joinedBetween, queuedCallFigures, waitingByQueue, type QueuedCallFigures, type QueueWaiting } from '../../domain/floor/queue-figures.js';
import type { AbandonedCall, CallInProgress, FloorStore } from '../../ports/floor/floor-store.js';

const RECENT_MS = 15 * 60_000;
/** Open calls older than this are a crash's left-overs, not calls in progress. */
const IN_PROGRESS_WITHIN_MS = 12 * 3600_000;

export interface AgentOnFloor {
  agentId: string;
  name: string | null;
  extension: string | null;
  status: AgentState['status'];
  since: string;
  secondsInState: number;
  reason: string | null;
  callId: string | null;
}

export interface FloorSnapshot {
  at: string;
  day: CalendarDay;
  /** The latest event id when the snapshot was read: follow /api/events?lastEventId=… from it. */
  lastEventId: string;
  queues: Array<QueueWaiting & { name: string | null; today: QueuedCallFigures; last15min: QueuedCallFigures }>;
  agents: { byState: Record<string, number>; list: AgentOnFloor[] };
  callsInProgress: CallInProgress[];
  alerts: FloorAlert[];
}

export interface FloorFigures {
  snapshot(): Promise<FloorSnapshot>;
  day(day: CalendarDay, queueId: string | null): Promise<FloorDay>;
  abandoned(day: CalendarDay, page: { limit: number; offset: number }): Promise<{ day: CalendarDay; calls: AbandonedCall[] }>;
}

export interface FloorFiguresDeps {
  store: FloorStore;
  waiting: () => Promise<WaitingCall[]>;
  agentStates: () => Promise<Record<string, AgentState>>;
  agents: () => Promise<Array<{ agentId: string; name: string; extension: string }>>;
  incidents: (since: Date) => Promise<IncidentFact[]>;
  /** The skill queues by id, with their names. */
  queues: () => ReadonlyMap<string, { name: string }>;
  head: () => Promise<string>;
  limits: AlertLimits;
  now: () => number;
}

function agentOnFloor(agentId: string, s: AgentState, directory: Map<string, { name: string; extension: string }>, now: number): AgentOnFloor {
  const known = directory.get(agentId);
  return {
    agentId,
    name: known?.name ?? null,
    extension: known?.extension ?? null,
    status: s.status,
    since: new Date(s.since).toISOString(),
    secondsInState: Math.max(0, Math.round((now - s.since) / 1000)),
    reason: s.status === 'not_ready' ? s.reason : null,
    callId: 'callId' in s ? s.callId : null,
  };
}

export function createFloorFigures(deps: FloorFiguresDeps): FloorFigures {
  return {
    async snapshot() {
      // the event id first: events after it may already be in the figures, none before it is missing
      const lastEventId = await deps.head();
      const now = deps.now();
      const at = new Date(now);
      const day = chinaDayOf(at);
      const { from } = dayBounds(day);
      const [waiting, states, directory, incidents, facts, inProgress] = await Promise.all([
        deps.waiting(),
        deps.agentStates(),
        deps.agents(),
        deps.incidents(new Date(now - INCIDENT_ALERT_MS)),
        deps.store.queuedCalls(new Date(Math.min(from.getTime(), now - RECENT_MS)), new Date(now + 1)),
        deps.store.callsInProgress(new Date(now - IN_PROGRESS_WITHIN_MS), 500),
      ]);
      const catalogue = deps.queues();
      const known = new Map(directory.map((a) => [a.agentId, a]));
      const list = Object.entries(states)
        .map(([id, s]) => agentOnFloor(id, s, known, now))
        .sort((a, b) => (a.agentId < b.agentId ? -1 : 1));
      const byState: Record<string, number> = {};
      for (const a of list) byState[a.status] = (byState[a.status] ?? 0) + 1;
      return {
        at: at.toISOString(),
        day,
        lastEventId,
        queues: waitingByQueue([...catalogue.keys()], waiting, now).map((q) => ({
          ...q,
          name: catalogue.get(q.queueId)?.name ?? null,
          today: queuedCallFigures(joinedBetween(facts, from.getTime(), now + 1, q.queueId)),
          last15min: queuedCallFigures(joinedBetween(facts, now - RECENT_MS, now + 1, q.queueId)),
        })),
        agents: { byState, list },
        callsInProgress: inProgress,
        alerts: openAlerts({ now, waiting, agents: states, incidents }, deps.limits),
      };
    },
    async day(day, queueId) {
      const { from, to } = dayBounds(day);
      return dayBins(day, await deps.store.queuedCalls(from, to), queueId);
    },
    async abandoned(day, page) {
      const { from, to } = dayBounds(day);
      return { day, calls: await deps.store.abandonedCalls(from, to, page) };
    },
  };
}
