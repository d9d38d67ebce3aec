// Skill queues (技能组) over HTTP: parses the request, calls the queue edits (src/app/acd/queue-edits.ts:
// the whole-set check, one write at a time, the audit entry) and answers.
//   GET    /api/queues        { queues }
//   GET    /api/queues/:id    the queue, defaults filled in
//   PUT    /api/queues/:id    body = the queue; "id" may be left out. 201 new, 200 replaced
//   DELETE /api/queues/:id    204; 409 while another queue overflows to it
import { Router } from 'express';
import { parseQueueConfig } from '../../domain/acd/queue-config.js';
import { QueueInUseError, QueueNotFoundError, QueueSetInvalidError } from '../../app/acd/queue-edit-errors.js';
import type { QueueEdits } from '../../app/acd/queue-edits.js';
import { badRequest, HttpError, notFound } from './http-errors.js';
import { pathParam, queueIdSchema } from './input-schemas.js';
import { requestActor } from './request-actor.js';

const queueId = (value: unknown): string => pathParam(queueIdSchema, value, 'queue id');

function answered(err: unknown): unknown {
  if (err instanceof QueueSetInvalidError) return badRequest(err.message, err.problems);
  if (err instanceof QueueNotFoundError) return notFound(err.message);
  if (err instanceof QueueInUseError) return new HttpError(409, err.code, err.message, err.users);
  return err;
}

export function queuesRoutes(edits: QueueEdits): Router {
  const router = Router();

  router.get('/api/queues', async (_req, res) => {
    res.json({ queues: await edits.list() });
  });

  router.get('/api/queues/:id', async (req, res) => {
    const id = queueId(req.params.id);
    const queue = await edits.get(id);
    if (!queue) throw notFound(`No queue with id ${id}`);
    res.json(queue);
  });

  router.put('/api/queues/:id', async (req, res) => {
    const id = queueId(req.params.id);
    const body: unknown = req.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw badRequest('Invalid queue: the body must be a JSON object (Content-Type: application/json)');
    }
    const given = (body as { id?: unknown }).id;
    if (given !== undefined && given !== id) {
      throw badRequest(`Invalid queue: id: ${JSON.stringify(given)} does not match the path ("${id}")`, [`id: does not match the path ("${id}")`]);
    }
    const parsed = parseQueueConfig({ ...body, id });
    if (!parsed.ok) throw badRequest(`Invalid queue: ${parsed.problems.join('; ')}`, parsed.problems);
    const { created } = await edits.put(parsed.value, requestActor(res)).catch((err: unknown) => { throw answered(err); });
    res.status(created ? 201 : 200).json(parsed.value);
  });

  router.delete('/api/queues/:id', async (req, res) => {
    const id = queueId(req.params.id);
    await edits.remove(id, requestActor(res)).catch((err: unknown) => { throw answered(err); });
    res.status(204).end();
  });

  return router;
}
