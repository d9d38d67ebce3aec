// Incidents found in calls' timelines (src/domain/incident), stored for auditors and supervisors.
import type { DetectedIncident, IncidentKind, IncidentSeverity } from '../../domain/incident/detect-incidents.js';

export interface Incident extends DetectedIncident {
  id: number;
  callId: string;
  detectedAt: Date;
}

export interface IncidentFilter {
  callId?: string;
  agentId?: string;
  kind?: IncidentKind;
  severity?: IncidentSeverity;
  from?: Date;
  to?: Date;
  limit: number;
  offset: number;
}

export interface IncidentStore {
  /** Marks a finished call as reviewed; false if it already was (a review runs once per call). */
  markReviewed(callId: string, at: Date): Promise<boolean>;
  /** Stores an incident; one per call and kind, so null when that call already has this kind. */
  save(callId: string, incident: DetectedIncident, detectedAt: Date): Promise<Incident | null>;
  list(filter: IncidentFilter): Promise<Incident[]>;
  get(id: number): Promise<Incident | null>;
}
