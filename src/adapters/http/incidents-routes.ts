// GET /api/incidents (filter by call, agent, kind, severity, time) and GET /api/incidents/:id:
// what the incident detector flagged in finished calls, with the evidence from the timeline.
import { Router } from 'express';
import { z } from 'zod';
import type { IncidentStore } from '../../ports/audit/incident-store.js';
import { notFound } from './http-errors.js';
import { agentIdSchema, callIdSchema, fromNotAfterTo, isoTime, limitParam, offsetParam } from './input-schemas.js';
import { parseInput } from './validate.js';

const listQuery = z
  .strictObject({
    callId: callIdSchema.optional(),
    agentId: agentIdSchema.optional(),
    kind: z.enum(['agent_speech_after_end_of_service', 'agent_leg_outlived_caller', 'agent_monologue_at_end']).optional(),
    severity: z.enum(['low', 'medium', 'high', 'critical']).optional(),
    from: isoTime.optional(),
    to: isoTime.optional(),
    limit: limitParam(500, 50),
    offset: offsetParam(1_000_000),
  })
  .refine(...fromNotAfterTo);

const idParam = z.strictObject({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });

export function incidentsRoutes(incidents: IncidentStore): Router {
  const router = Router();
  router.get('/api/incidents', async (req, res) => {
    const q = parseInput(listQuery, req.query, 'query');
    const list = await incidents.list({
      ...(q.callId ? { callId: q.callId } : {}),
      ...(q.agentId ? { agentId: q.agentId } : {}),
      ...(q.kind ? { kind: q.kind } : {}),
      ...(q.severity ? { severity: q.severity } : {}),
      ...(q.from ? { from: new Date(q.from) } : {}),
      ...(q.to ? { to: new Date(q.to) } : {}),
      limit: q.limit,
      offset: q.offset,
    });
    res.json({ incidents: list, limit: q.limit, offset: q.offset });
  });
  router.get('/api/incidents/:id', async (req, res) => {
    const { id } = parseInput(idParam, req.params, 'path');
    const incident = await incidents.get(id);
    if (!incident) throw notFound(`No incident ${id}`);
    res.json(incident);
  });
  return router;
}
