// GET /api/calls (filter by time range and number) and GET /api/calls/:id (record + timeline).
import { Router } from 'express';
import { z } from 'zod';
import type { CallRecords } from '../../ports/call/call-records.js';
import { notFound } from './http-errors.js';
import { callIdSchema, fromNotAfterTo, isoTime, limitParam, offsetParam, pathParam } from './input-schemas.js';
import { parseInput } from './validate.js';

const listQuery = z
  .strictObject({
    from: isoTime.optional(),
    to: isoTime.optional(),
    number: z.string().regex(/^\d{3,20}$/, 'must be 3 to 20 digits').optional(),
    limit: limitParam(500, 50),
    offset: offsetParam(1_000_000),
  })
  .refine(...fromNotAfterTo);

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
    const id = pathParam(callIdSchema, req.params.id, 'call id');
    const call = await records.getCall(id);
    if (!call) throw notFound(`No call with id ${id}`);
    res.json(call);
  });

  return router;
}
