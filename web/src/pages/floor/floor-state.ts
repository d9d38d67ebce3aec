// The floor in the browser: the snapshot of GET /api/floor, kept current by the live events of
// GET /api/events (agent states, queue waits, calls started, offered, answered and ended, alerts
// raised and cleared). Pure: a function of the state and one event; an event it cannot read, or
// does not know, leaves the state as it was (the same object, so nothing re-renders).
import type { AgentOnFloor, AgentStatus, CallOnFloor, FloorAlert, FloorSnapshot, QueueFigures, QueueOnFloor } from './floor-types.js';

export interface FloorState {
  day: string;
  queues: QueueOnFloor[];
  agents: AgentOnFloor[];
  callsInProgress: CallOnFloor[];
  alerts: FloorAlert[];
}

/** One live event as received: `type` and its data (docs/api.md, The floor). */
export interface FloorEventData {
  type: string;
  [field: string]: unknown;
}

const EMPTY_FIGURES: QueueFigures = { offered: 0, answered: 0, answeredWithin15s: 0, abandoned: 0, serviceLevel: null, abandonRate: null };
const AGENT_STATUSES: readonly string[] = ['offline', 'ready', 'not_ready', 'ringing', 'on_call', 'wrap_up'];

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const byKey = <T>(key: (x: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
const sortAgents = byKey<AgentOnFloor>((a) => a.agentId);
const sortAlerts = byKey<FloorAlert>((a) => a.key);

/** The state from a snapshot (the time in state and the longest wait are ticked from `since` / `oldestQueuedAt`). */
export function floorFromSnapshot(s: FloorSnapshot): FloorState {
  return {
    day: s.day,
    queues: s.queues.map((q) => ({
      queueId: q.queueId, name: q.name, waiting: q.waiting, callbacks: q.callbacks, oldestQueuedAt: q.oldestQueuedAt, today: q.today, last15min: q.last15min,
    })),
    agents: s.agents.list
      .map((a) => ({ agentId: a.agentId, name: a.name, extension: a.extension, status: a.status, since: a.since, reason: a.reason, callId: a.callId }))
      .sort(sortAgents),
    callsInProgress: [...s.callsInProgress],
    alerts: [...s.alerts].sort(sortAlerts),
  };
}

/**
 * The figures of a newer snapshot (today, last 15 minutes, the queues' names) into the state,
 * leaving what the events keep (waiting callers, agents, calls, alerts) as they are.
 */
export function withFigures(state: FloorState, s: FloorSnapshot): FloorState {
  const fresh = new Map(s.queues.map((q) => [q.queueId, q]));
  const queues = state.queues.map((q) => {
    const f = fresh.get(q.queueId);
    return f ? { ...q, name: f.name ?? q.name, today: f.today, last15min: f.last15min } : q;
  });
  for (const q of s.queues) {
    if (!state.queues.some((x) => x.queueId === q.queueId)) queues.push(floorFromSnapshot({ ...s, queues: [q] }).queues[0]!);
  }
  return { ...state, day: s.day, queues };
}

function agentState(state: FloorState, e: FloorEventData): FloorState {
  const agentId = str(e.agentId);
  const s = e.state as Record<string, unknown> | null | undefined;
  const status = str(s?.status);
  const since = num(s?.since);
  if (!agentId || !status || !AGENT_STATUSES.includes(status) || since === null) return state;
  const known = state.agents.find((a) => a.agentId === agentId);
  const next: AgentOnFloor = {
    agentId,
    name: known?.name ?? null,
    extension: known?.extension ?? null,
    status: status as AgentStatus,
    since: new Date(since).toISOString(),
    reason: status === 'not_ready' ? (str(s?.reason) ?? 'other') : null,
    callId: str(s?.callId),
  };
  const agents = known ? state.agents.map((a) => (a.agentId === agentId ? next : a)) : [...state.agents, next].sort(sortAgents);
  // an agent who stops ringing without answering gave the call back to the queue
  const released = known?.status === 'ringing' && known.callId && !(next.status === 'on_call' && next.callId === known.callId) ? known.callId : null;
  const callsInProgress = released
    ? state.callsInProgress.map((c) => (c.callId === released && c.agentId === agentId && !c.agentAnsweredAt ? { ...c, agentId: null } : c))
    : state.callsInProgress;
  return { ...state, agents, callsInProgress };
}

function queueWait(state: FloorState, e: FloorEventData): FloorState {
  const queueId = str(e.queueId);
  const waiting = num(e.waiting);
  if (!queueId || waiting === null) return state;
  const patch = { waiting, callbacks: num(e.callbacks) ?? 0, oldestQueuedAt: str(e.oldestQueuedAt) };
  const known = state.queues.some((q) => q.queueId === queueId);
  const queues = known
    ? state.queues.map((q) => (q.queueId === queueId ? { ...q, ...patch } : q))
    : [...state.queues, { queueId, name: null, ...patch, today: EMPTY_FIGURES, last15min: EMPTY_FIGURES }];
  return { ...state, queues };
}

/** Changes the call in progress `callId` (added if the console has not seen it yet). */
function patchCall(state: FloorState, callId: string, patch: Partial<CallOnFloor>, at: string): FloorState {
  const known = state.callsInProgress.some((c) => c.callId === callId);
  const fresh: CallOnFloor = { callId, callerNumber: null, dialedNumber: null, startedAt: at, outcome: 'in_progress', queueId: null, agentId: null, agentAnsweredAt: null };
  const callsInProgress = known
    ? state.callsInProgress.map((c) => (c.callId === callId ? { ...c, ...patch } : c))
    : [...state.callsInProgress, { ...fresh, ...patch }];
  return { ...state, callsInProgress };
}

function callEvent(state: FloorState, e: FloorEventData): FloorState {
  const callId = str(e.callId);
  const at = str(e.at);
  if (!callId || !at) return state;
  switch (e.type) {
    case 'call_started':
      if (state.callsInProgress.some((c) => c.callId === callId)) return state;
      return patchCall(state, callId, { callerNumber: str(e.callerNumber), dialedNumber: str(e.dialedNumber), startedAt: at }, at);
    case 'call_offered': {
      const patch: Partial<CallOnFloor> = { agentId: str(e.agentId), outcome: 'queued' };
      if (str(e.queueId)) patch.queueId = str(e.queueId);
      if (str(e.callerNumber)) patch.callerNumber = str(e.callerNumber);
      return patchCall(state, callId, patch, at);
    }
    case 'call_answered':
      return patchCall(state, callId, { agentId: str(e.agentId), agentAnsweredAt: at, outcome: 'answered_by_agent' }, at);
    case 'call_ended':
      return state.callsInProgress.some((c) => c.callId === callId) ? { ...state, callsInProgress: state.callsInProgress.filter((c) => c.callId !== callId) } : state;
    default:
      return state;
  }
}

function alertEvent(state: FloorState, e: FloorEventData): FloorState {
  const alert = e.alert as FloorAlert | null | undefined;
  const key = str(alert?.key);
  if (!alert || !key) return state;
  const others = state.alerts.filter((a) => a.key !== key);
  if (e.change === 'cleared') return others.length === state.alerts.length ? state : { ...state, alerts: others };
  if (e.change === 'raised') return { ...state, alerts: [...others, alert].sort(sortAlerts) };
  return state;
}

/** The state after one live event. */
export function applyFloorEvent(state: FloorState, e: FloorEventData): FloorState {
  switch (e.type) {
    case 'agent_state':
      return agentState(state, e);
    case 'queue':
      return queueWait(state, e);
    case 'call_started':
    case 'call_offered':
    case 'call_answered':
    case 'call_ended':
      return callEvent(state, e);
    case 'alert':
      return alertEvent(state, e);
    default:
      return state;
  }
}

/** Agents counted by state (every status present, 0 when none). */
export function agentsByStatus(agents: readonly AgentOnFloor[]): Record<AgentStatus, number> {
  const counts: Record<AgentStatus, number> = { offline: 0, ready: 0, not_ready: 0, ringing: 0, on_call: 0, wrap_up: 0 };
  for (const a of agents) counts[a.status] += 1;
  return counts;
}

/** How long the queue's longest caller on the line has waited at `now` (ms); 0 when nobody waits. */
export function longestWaitMs(queue: QueueOnFloor, now: number): number {
  if (!queue.oldestQueuedAt || queue.waiting === 0) return 0;
  return Math.max(0, now - Date.parse(queue.oldestQueuedAt));
}

/** Where a call in progress stands, for the console. */
export type CallStage = 'started' | 'queued' | 'ringing' | 'talking';

export function callStage(call: CallOnFloor): CallStage {
  if (call.agentAnsweredAt) return 'talking';
  if (call.agentId) return 'ringing';
  if (call.queueId || call.outcome === 'queued') return 'queued';
  return 'started';
}
