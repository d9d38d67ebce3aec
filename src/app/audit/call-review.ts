// When every leg of a call is gone: wait briefly for late events (a leg's last talk event, its
// hang-up), read the timeline, store the incidents the detector finds, and append the call's
// end-of-call facts and each new incident to the audit log. Runs once per call (markReviewed).
import { detectIncidents, hearingAfterEnd, type IncidentThresholds } from '../../domain/incident/detect-incidents.js';
import { readTimeline } from '../../domain/incident/read-timeline.js';
import type { AuditLog } from '../../ports/audit/audit-log.js';
import type { CallRecords } from '../../ports/call/call-records.js';
import type { IncidentStore } from '../../ports/audit/incident-store.js';
import type { Logger } from '../../ports/logger.js';

export interface CallReviewDeps {
  records: CallRecords;
  incidents: IncidentStore;
  audit: AuditLog | null;
  thresholds: IncidentThresholds;
  delayMs: number;
  now: () => Date;
  logger: Logger;
}

export interface CallReview {
  /** Reviews the call after the delay (a second request for the same call restarts the delay). */
  schedule(callId: string): void;
  /** Reviews the call now; false if it was reviewed before or is unknown. */
  review(callId: string): Promise<boolean>;
  /** Runs the reviews still waiting (at shutdown). */
  flush(): Promise<void>;
}

export function createCallReview(deps: CallReviewDeps): CallReview {
  const log = deps.logger.child({ component: 'call-review' });
  const pending = new Map<string, NodeJS.Timeout>();

  async function review(callId: string): Promise<boolean> {
    const call = await deps.records.getCall(callId);
    if (!call) return false;
    const at = deps.now();
    if (!(await deps.incidents.markReviewed(callId, at))) return false;
    const found = detectIncidents(call, call.events, deps.thresholds);
    const hearing = hearingAfterEnd(readTimeline(call, call.events));
    const stored = [];
    for (const incident of found) {
      const saved = await deps.incidents.save(callId, incident, at);
      if (saved) stored.push(saved);
    }
    if (deps.audit) {
      await deps.audit.append({
        kind: 'call_ended',
        at,
        actor: 'system',
        subject: `call:${callId}`,
        data: {
          outcome: call.outcome,
          agentId: call.agentId,
          startedAt: call.startedAt.toISOString(),
          endedAt: call.endedAt?.toISOString() ?? null,
          serviceEndedAt: call.serviceEndedAt?.toISOString() ?? null,
          serviceEndedBy: call.serviceEndedBy,
          firstHangupSide: call.firstHangupSide,
          hangupCause: call.hangupCause,
          rating: call.rating,
          // could the caller hear the agent after the end of service?
          callerInAgentBridgeAfterEndMs: hearing?.callerInAgentBridgeAfterEndMs ?? null,
          agentSpeechHeardAfterEndMs: hearing?.agentSpeechHeardAfterEndMs ?? null,
          incidents: found.map((i) => i.kind),
        },
      });
      for (const incident of stored) {
        await deps.audit.append({
          kind: 'incident',
          at,
          actor: 'system',
          subject: `call:${callId}`,
          data: { incidentId: incident.id, kind: incident.kind, severity: incident.severity, agentId: incident.agentId, summary: incident.summary },
        });
      }
    }
    if (stored.length) log.warn({ callId, incidents: stored.map((i) => `${i.kind}:${i.severity}`) }, 'incidents flagged');
    return true;
  }

  function run(callId: string): Promise<void> {
    pending.delete(callId);
    return review(callId).then(
      () => undefined,
      (err: unknown) => log.error({ err, callId }, 'call review failed'),
    );
  }

  return {
    schedule(callId) {
      clearTimeout(pending.get(callId));
      pending.set(callId, setTimeout(() => void run(callId), deps.delayMs));
    },
    review,
    async flush() {
      const ids = [...pending.keys()];
      for (const id of ids) clearTimeout(pending.get(id));
      await Promise.all(ids.map(run));
    },
  };
}
