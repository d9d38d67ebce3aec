// The IncidentStore port on SQL (PostgreSQL or PGlite).
import type { DetectedIncident, IncidentKind, IncidentSeverity } from '../../domain/incident/detect-incidents.js';
import type { Incident, IncidentFilter, IncidentStore } from '../../ports/audit/incident-store.js';
import type { Database } from './database.js';

interface IncidentRow {
  id: number | string | bigint;
  call_id: string;
  agent_id: string | null;
  kind: string;
  severity: string;
  detected_at: Date;
  summary: string;
  evidence: Record<string, unknown>;
}

const COLUMNS = 'id, call_id, agent_id, kind, severity, detected_at, summary, evidence';

const MARK_REVIEWED = `UPDATE calls SET reviewed_at = $2 WHERE call_id = $1 AND reviewed_at IS NULL RETURNING call_id`;

const INSERT = `
  INSERT INTO incidents (call_id, agent_id, kind, severity, detected_at, summary, evidence)
  VALUES ($1, $2, $3, $4, $5, $6, $7::text::jsonb)
  ON CONFLICT (call_id, kind) DO NOTHING
  RETURNING ${COLUMNS}`;

const LIST = `
  SELECT ${COLUMNS} FROM incidents
  WHERE ($1::text IS NULL OR call_id = $1)
    AND ($2::text IS NULL OR agent_id = $2)
    AND ($3::text IS NULL OR kind = $3)
    AND ($4::text IS NULL OR severity = $4)
    AND ($5::timestamptz IS NULL OR detected_at >= $5)
    AND ($6::timestamptz IS NULL OR detected_at < $6)
  ORDER BY detected_at DESC, id DESC
  LIMIT $7 OFFSET $8`;

const GET = `SELECT ${COLUMNS} FROM incidents WHERE id = $1`;

function toIncident(row: IncidentRow): Incident {
  return {
    id: Number(row.id),
    callId: row.call_id,
    agentId: row.agent_id,
    // constrained by CHECK (severity) and written only from DetectedIncident
    kind: row.kind as IncidentKind,
    severity: row.severity as IncidentSeverity,
    detectedAt: row.detected_at,
    summary: row.summary,
    evidence: row.evidence,
  };
}

export function createIncidentStore(db: Database): IncidentStore {
  return {
    async markReviewed(callId, at) {
      return (await db.query(MARK_REVIEWED, [callId, at])).length === 1;
    },
    async save(callId, incident: DetectedIncident, detectedAt) {
      const [row] = await db.query<IncidentRow>(INSERT, [
        callId, incident.agentId, incident.kind, incident.severity, detectedAt, incident.summary, JSON.stringify(incident.evidence),
      ]);
      return row ? toIncident(row) : null;
    },
    async list(f: IncidentFilter) {
      const rows = await db.query<IncidentRow>(LIST, [
        f.callId ?? null, f.agentId ?? null, f.kind ?? null, f.severity ?? null, f.from ?? null, f.to ?? null, f.limit, f.offset,
      ]);
      return rows.map(toIncident);
    },
    async get(id) {
      const [row] = await db.query<IncidentRow>(GET, [id]);
      return row ? toIncident(row) : null;
    },
  };
}
