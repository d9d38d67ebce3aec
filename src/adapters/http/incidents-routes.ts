// GET /api/incidents (filter by call, agent, kind, severity, time) and GET /api/incidents/:id:
// what the incident detector flagged in finished calls, with the evidence from the timeline.
import { Router } from 'express';
import { z } from 'zod';
import type { IncidentStore } from '../../ports/incident-store.js';
import { notFound } from './http-errors.js';
import { parseInput } from './validate.js';

const isoTime = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 time, e.g. 2026-11-22T08:00:00+08:00' });

const listQuery = z
  .strictObject({
    callId: z.string().min(1).max(128).regex(/^[\w.-]+$/, 'is not a call id').optional(),
    agentId: z.string().min(1).max(64).optional(),
    kind: z.enum(['agent_speech_after_end_of_service', 'agent_leg_outlived_caller', 'agent_monologue_at_end']).optional(),
    severity: z.enum(['low', 'medium', 'high', 'critical']).optional(),
    from: isoTime.optional(),
    to: isoTime.optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  })
  .refine((q) => !q.from || !q.to || new Date(q.from) <= new Date(q.to), { message: 'from must not be after to', path: ['from'] });

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
