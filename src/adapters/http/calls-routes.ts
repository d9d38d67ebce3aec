// GET /api/calls (filter by time range and number) and GET /api/calls/:id (record + timeline).
import { Router } from 'express';
import { z } from 'zod';
import type { CallRecords } from '../../ports/call-records.js';
import { badRequest, notFound } from './http-errors.js';
import { parseInput } from './validate.js';

const isoTime = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 time, e.g. 2026-11-22T08:00:00+08:00' });

const listQuery = z
  .strictObject({
    from: isoTime.optional(),
    to: isoTime.optional(),
    number: z.string().regex(/^\d{3,20}$/, 'must be 3 to 20 digits').optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  })
  .refine((q) => !q.from || !q.to || new Date(q.from) <= new Date(q.to), { message: 'from must not be after to', path: ['from'] });

const callIdParam = z.string().min(1).max(128).regex(/^[\w.-]+$/, 'is not a call id');

export function callsRoutes(records: CallRecords): Router {
  const router = Router();

  router.get('/api/calls', async (req, res) => {
    const q = parseInput(listQuery, req.query, 'query');
    const calls = await records.listCalls({
      ...(q.from ? { from: new Date(q.from) } : {}),
      ...(q.to ? { to: new Date(q.to) } : {}),
      ...(q.number ? { number: q.number } : {}),
      limit: q.limit,
      offset: q.offset,
    });
    res.json({ calls, limit: q.limit, offset: q.offset });
  });

  router.get('/api/calls/:id', async (req, res) => {
    const parsed = callIdParam.safeParse(req.params.id);
    if (!parsed.success) throw badRequest(`Invalid call id: ${parsed.error.issues[0]?.message ?? 'bad value'}`);
    const call = await records.getCall(parsed.data);
    if (!call) throw notFound(`No call with id ${parsed.data}`);
    res.json(call);
  });

  return router;
}
