// The order in which waiting callers are served, what a caller is told about their place, the
// matching of waiting calls to free agents at one instant, and the turn over the waiting list the
// app instances share (one order for every instance's callers). Pure; `now` is passed in (ms).
import type { AcdAgent, Assignment, WaitingCall } from './acd-types.js';
import type { QueueConfig } from './queue-config.js';
import { requirementChain } from './requirements.js';
import { selectAgent } from './select-agent.js';

/**
 * Higher priority first, then the earliest `queuedAt` (a re-queued call or a callback keeps its
 * original queuedAt, so it keeps its place), then the call id, so the order never depends on input order.
 */
export function compareWaiting(a: WaitingCall, b: WaitingCall): number {
  return b.priority - a.priority || a.queuedAt - b.queuedAt || (a.callId < b.callId ? -1 : a.callId > b.callId ? 1 : 0);
}

export function orderWaiting(calls: readonly WaitingCall[]): WaitingCall[] {
  return [...calls].sort(compareWaiting);
}

/** 1-based place of the call among `waiting` (in serving order), or null if it is not there. */
export function positionOf(callId: string, waiting: readonly WaitingCall[]): number | null {
  const index = orderWaiting(waiting).findIndex((c) => c.callId === callId);
  return index < 0 ? null : index + 1;
}

export interface WaitEstimateInput {
  /** Recent average talk + wrap-up time per call, seconds. */
  averageHandleSeconds: number;
  /** Agents now serving this queue (ready, ringing, on a call or in wrap-up). */
  agentsServing: number;
}

/**
 * Expected wait for announcements ("预计等待 N 分钟"), in seconds rounded UP to whole minutes:
 * the callers ahead times the average handle time, shared among the agents serving. 0 when nobody
 * is ahead, at least 60 when someone is; null when no agent serves the queue (nothing honest to say).
 */
export function expectedWaitSeconds(position: number, input: WaitEstimateInput): number | null {
  const ahead = Math.max(0, Math.floor(position) - 1);
  if (input.agentsServing <= 0) return null;
  if (ahead === 0) return 0;
  const seconds = (ahead * Math.max(0, input.averageHandleSeconds)) / input.agentsServing;
  const minutes = Math.ceil(seconds / 60 - 1e-9); // 180 s stays 3 minutes despite float noise
  return Math.max(1, minutes) * 60;
}

/**
 * The offers to make now: walks the waiting calls in serving order and gives each the best free
 * agent for its requirement, relaxed by how long it has waited. The call's own queue is tried first,
 * then each overflow queue in turn. Each agent and each call appears at most once. Calls of an
 * unknown queue are skipped (validateQueueSet keeps the set whole).
 */
export function matchNext(
  waitingCalls: readonly WaitingCall[],
  agents: readonly AcdAgent[],
  queues: readonly QueueConfig[],
  now: number,
): Assignment[] {
  const byId = new Map(queues.map((q) => [q.id, q] as const));
  const free = new Map(agents.map((a) => [a.agentId, a] as const));
  const taken = new Set<string>();
  const assignments: Assignment[] = [];
  for (const call of orderWaiting(waitingCalls)) {
    if (free.size === 0) break;
    if (taken.has(call.callId)) continue;
    const waitedSeconds = Math.max(0, (now - call.queuedAt) / 1000);
    for (const requirement of requirementChain(call.queueId, waitedSeconds, byId)) {
      const agent = selectAgent([...free.values()], requirement);
      if (!agent) continue;
      assignments.push({ callId: call.callId, agentId: agent.agentId, viaQueueId: requirement.queueId });
      free.delete(agent.agentId);
      taken.add(call.callId);
      break;
    }
  }
  return assignments;
}

/**
 * One entry of the waiting list shared by every app instance: the caller, the instance (ARI app)
 * whose call flow holds the call, whether that instance is alive now, and the agent another
 * instance reserved for the caller and left on the entry for the owner to take (null if none).
 */
export interface SharedWaitingEntry {
  call: WaitingCall;
  owner: string;
  ownerAlive: boolean;
  offer: { agentId: string; viaQueueId: string } | null;
}

/**
 * How the instance whose turn it is treats an entry: `own` (its own caller: it claims and rings),
 * `callback` (any instance delivers a callback), `other` (another live instance's caller: it
 * claims and leaves the agent on the entry for that instance), `withdraw` (the owner is not
 * alive: the agent left on its entry goes back to the pool).
 */
export type ServingStep = { kind: 'own' | 'callback' | 'other'; entry: SharedWaitingEntry } | { kind: 'withdraw'; entry: SharedWaitingEntry };

/**
 * The turn of `self` over the shared list: first the agents left on entries of instances no longer
 * alive are withdrawn, then every servable entry in serving order (compareWaiting) whatever its
 * instance, so an earlier caller held by another instance comes before a later one held here.
 * Callers of an instance that is not alive are skipped (they keep their entry and their place
 * for when it is back); callbacks are served by any instance.
 */
export function servingPlan(entries: readonly SharedWaitingEntry[], self: string): ServingStep[] {
  const withdraw: ServingStep[] = entries
    .filter((e) => !e.call.callbackId && e.owner !== self && !e.ownerAlive && e.offer)
    .map((entry) => ({ kind: 'withdraw', entry }));
  const served = entries.filter((e) => e.call.callbackId || e.owner === self || e.ownerAlive);
  const byCall = new Map(served.map((e) => [e.call.callId, e] as const));
  const ordered = orderWaiting(served.map((e) => e.call)).map((c) => byCall.get(c.callId)!);
  const steps: ServingStep[] = ordered.map((entry) => ({
    kind: entry.call.callbackId ? 'callback' : entry.owner === self ? 'own' : 'other',
    entry,
  }));
  return [...withdraw, ...steps];
}

/** This instance's own callers (not callbacks) on which another instance left an agent, in serving order. */
export function offersToTake(entries: readonly SharedWaitingEntry[], self: string): SharedWaitingEntry[] {
  const mine = entries.filter((e) => e.owner === self && !e.call.callbackId && e.offer);
  const byCall = new Map(mine.map((e) => [e.call.callId, e] as const));
  return orderWaiting(mine.map((e) => e.call)).map((c) => byCall.get(c.callId)!);
}

/** The callers the list serves now (for positions and live figures): those of live instances and every callback. */
export function servedCalls(entries: readonly SharedWaitingEntry[], self: string): WaitingCall[] {
  return entries.filter((e) => e.call.callbackId || e.owner === self || e.ownerAlive).map((e) => e.call);
}
