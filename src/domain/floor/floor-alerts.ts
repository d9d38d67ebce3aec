// The floor's alerts, as a function of what is live now: a skill queue whose longest caller on
// the line has waited past the limit, an agent not ready for longer than the limit, and a new
// incident (open for an hour after it was found). Each alert has a stable key, so the alerts of
// two moments compare: what was raised and what was cleared in between.
import type { WaitingCall } from '../acd/acd-types.js';
import type { AgentState } from '../agent/agent-types.js';

export type FloorAlert =
  | { key: string; kind: 'long_wait'; queueId: string; since: string; callersPastLimit: number }
  | { key: string; kind: 'long_not_ready'; agentId: string; since: string; reason: string }
  | { key: string; kind: 'incident'; incidentId: number; callId: string; agentId: string | null; severity: string; incidentKind: string; since: string };

export interface AlertLimits {
  /** A caller on the line longer than this raises the queue's long-wait alert (15 s). */
  longWaitSeconds: number;
  /** An agent not ready longer than this raises the agent's alert. */
  longNotReadySeconds: number;
}

/** An incident found in a finished call, as the alert rules need it. */
export interface IncidentFact {
  id: number;
  callId: string;
  agentId: string | null;
  kind: string;
  severity: string;
  detectedAt: Date;
}

/** How long a new incident stays an open alert. */
export const INCIDENT_ALERT_MS = 3600_000;

export interface FloorNow {
  now: number;
  waiting: readonly WaitingCall[];
  agents: Readonly<Record<string, AgentState>>;
  incidents: readonly IncidentFact[];
}

/** The alerts open at `now`, in a stable order (by key). */
export function openAlerts(input: FloorNow, limits: AlertLimits): FloorAlert[] {
  const alerts: FloorAlert[] = [];
  const waitLimit = input.now - limits.longWaitSeconds * 1000;
  const pastLimit = new Map<string, { count: number; oldest: number }>();
  for (const w of input.waiting) {
    if (w.callbackId || w.queuedAt >= waitLimit) continue;
    const q = pastLimit.get(w.queueId) ?? { count: 0, oldest: w.queuedAt };
    pastLimit.set(w.queueId, { count: q.count + 1, oldest: Math.min(q.oldest, w.queuedAt) });
  }
  for (const [queueId, q] of pastLimit) {
    alerts.push({ key: `long_wait:${queueId}`, kind: 'long_wait', queueId, since: new Date(q.oldest + limits.longWaitSeconds * 1000).toISOString(), callersPastLimit: q.count });
  }
  const notReadyLimit = input.now - limits.longNotReadySeconds * 1000;
  for (const [agentId, s] of Object.entries(input.agents)) {
    if (s.status !== 'not_ready' || s.since > notReadyLimit) continue;
    alerts.push({ key: `long_not_ready:${agentId}`, kind: 'long_not_ready', agentId, since: new Date(s.since + limits.longNotReadySeconds * 1000).toISOString(), reason: s.reason });
  }
  for (const i of input.incidents) {
    const at = i.detectedAt.getTime();
    if (at > input.now || at <= input.now - INCIDENT_ALERT_MS) continue;
    alerts.push({
      key: `incident:${i.id}`, kind: 'incident', incidentId: i.id, callId: i.callId, agentId: i.agentId, severity: i.severity, incidentKind: i.kind, since: i.detectedAt.toISOString(),
    });
  }
  return alerts.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** What changed between two sets of open alerts: raised (new keys, or changed), cleared (keys gone). */
export function alertChanges(before: readonly FloorAlert[], after: readonly FloorAlert[]): { raised: FloorAlert[]; cleared: FloorAlert[] } {
  const old = new Map(before.map((a) => [a.key, a]));
  const now = new Set(after.map((a) => a.key));
  return {
    raised: after.filter((a) => {
      const was = old.get(a.key);
      return !was || JSON.stringify(was) !== JSON.stringify(a);
    }),
    cleared: before.filter((a) => !now.has(a.key)),
  };
}
