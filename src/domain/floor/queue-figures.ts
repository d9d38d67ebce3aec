// The skill queues' figures: who is waiting now (from the waiting list), and how the queued calls
// of a period went (from the call records): offered, answered by an agent, answered within 15 s
// of joining the queue, abandoned. The service level is the share answered within 15 s of the
// calls whose wait ended (answered or abandoned); the abandon rate, the share abandoned of them.
import type { WaitingCall } from '../acd/acd-types.js';

/** Seconds within which an answer counts for the service level (the 12345 target: 15 s). */
export const SERVICE_LEVEL_SECONDS = 15;

export interface QueueWaiting {
  queueId: string;
  /** Callers on the line. */
  waiting: number;
  /** Callbacks keeping a place in the queue (the citizen is not on the line). */
  callbacks: number;
  /** When the longest-waiting caller on the line joined; null when nobody waits. */
  oldestQueuedAt: string | null;
  longestWaitSeconds: number;
}

/** Waiting figures for each queue of `queueIds` (in that order), then any other queue someone waits in. */
export function waitingByQueue(queueIds: readonly string[], waiting: readonly WaitingCall[], now: number): QueueWaiting[] {
  const ids = [...queueIds, ...new Set(waiting.map((w) => w.queueId).filter((id) => !queueIds.includes(id)))];
  return ids.map((queueId) => {
    const mine = waiting.filter((w) => w.queueId === queueId);
    const onLine = mine.filter((w) => !w.callbackId);
    const oldest = onLine.length ? Math.min(...onLine.map((w) => w.queuedAt)) : null;
    return {
      queueId,
      waiting: onLine.length,
      callbacks: mine.length - onLine.length,
      oldestQueuedAt: oldest === null ? null : new Date(oldest).toISOString(),
      longestWaitSeconds: oldest === null ? 0 : Math.max(0, Math.round((now - oldest) / 1000)),
    };
  });
}

/** One call that joined a skill queue, as the records tell it. */
export interface QueuedCallFact {
  callId: string;
  queueId: string | null;
  /** When the caller first joined the queue. */
  joinedAt: Date;
  /** When an agent first answered; null if none did. */
  agentAnsweredAt: Date | null;
  /** The caller hung up while waiting (outcome abandoned_in_queue). */
  abandoned: boolean;
}

export interface QueuedCallFigures {
  offered: number;
  answered: number;
  answeredWithin15s: number;
  abandoned: number;
  /** answeredWithin15s / (answered + abandoned), 3 decimals; null when no wait ended. */
  serviceLevel: number | null;
  /** abandoned / (answered + abandoned), 3 decimals; null when no wait ended. */
  abandonRate: number | null;
}

const share = (n: number, d: number): number | null => (d ? Math.round((n / d) * 1000) / 1000 : null);

export function answeredWithinTarget(fact: QueuedCallFact): boolean {
  return fact.agentAnsweredAt !== null && fact.agentAnsweredAt.getTime() - fact.joinedAt.getTime() <= SERVICE_LEVEL_SECONDS * 1000;
}

/** The figures of the calls given (already chosen by period and queue). */
export function queuedCallFigures(facts: readonly QueuedCallFact[]): QueuedCallFigures {
  let answered = 0;
  let within = 0;
  let abandoned = 0;
  for (const f of facts) {
    if (f.agentAnsweredAt) {
      answered += 1;
      if (answeredWithinTarget(f)) within += 1;
    } else if (f.abandoned) {
      abandoned += 1;
    }
  }
  return {
    offered: facts.length,
    answered,
    answeredWithin15s: within,
    abandoned,
    serviceLevel: share(within, answered + abandoned),
    abandonRate: share(abandoned, answered + abandoned),
  };
}

/** The calls that joined the queue (any queue when null) in [from, to). */
export function joinedBetween(facts: readonly QueuedCallFact[], from: number, to: number, queueId: string | null = null): QueuedCallFact[] {
  return facts.filter((f) => {
    const t = f.joinedAt.getTime();
    return t >= from && t < to && (queueId === null || f.queueId === queueId);
  });
}
