// GET /api/callbacks (filter by status and queue) and GET /api/callbacks/:id: the callbacks (回拨)
// callers left, for supervisors, numbers included; 'failed_follow_up' lists those to follow up.
import { Router } from 'express';
import { z } from 'zod';
import { CALLBACK_STATUSES, type CallbackStore } from '../../ports/callback/callback-store.js';
import { notFound } from './http-errors.js';
import { kebabId, limitParam, offsetParam, pathParam } from './input-schemas.js';
import { parseInput } from './validate.js';

const listQuery = z.strictObject({
  status: z.enum(CALLBACK_STATUSES as [string, ...string[]], { message: `must be one of ${CALLBACK_STATUSES.join(', ')}` }).optional(),
  queueId: kebabId(64, 'must be a queue id, e.g. "general"').optional(),
  limit: limitParam(500, 100),
  offset: offsetParam(1_000_000),
});

const callbackId = z.string().regex(/^[0-9a-f]{12}$/, 'is not a callback id (12 hex digits)');

export function callbacksRoutes(store: CallbackStore): Router {
  const router = Router();

  router.get('/api/callbacks', async (req, res) => {
    const q = parseInput(listQuery, req.query, 'query');
    const callbacks = await store.list({
      ...(q.status ? { status: q.status as (typeof CALLBACK_STATUSES)[number] } : {}),
      ...(q.queueId ? { queueId: q.queueId } : {}),
      limit: q.limit,
      offset: q.offset,
    });
    res.json({ callbacks, limit: q.limit, offset: q.offset });
  });

  router.get('/api/callbacks/:id', async (req, res) => {
    const id = pathParam(callbackId, req.params.id, 'callback id');
    const callback = await store.get(id);
    if (!callback) throw notFound(`No callback with id ${id}`);
    res.json(callback);
  });

  return router;
}
