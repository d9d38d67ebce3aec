// Skill queues (技能组) over HTTP. A queue is written whole (PUT); every write is checked on
// its own (parseQueueConfig) and as part of the whole set (validateQueueSet: overflow targets
// exist, no overflow cycle), so the stored set is always valid.
//   GET    /api/queues        { queues }
//   GET    /api/queues/:id    the queue, defaults filled in
//   PUT    /api/queues/:id    body = the queue; "id" may be left out. 201 new, 200 replaced
//   DELETE /api/queues/:id    204; 409 while another queue overflows to it
// Writes run one at a time in this process, so two requests cannot each pass the set check
// against a set the other is changing. Every write is appended to the audit log (config_change).
import { Router } from 'express';
import { parseQueueConfig, validateQueueSet, type QueueConfig } from '../../domain/acd/queue-config.js';
import type { QueueDirectory } from '../../ports/agent/agent-directory.js';
import type { AuditLog } from '../../ports/audit/audit-log.js';
import type { Logger } from '../../ports/logger.js';
import { badRequest, HttpError, notFound } from './http-errors.js';
import { pathParam, queueIdSchema } from './input-schemas.js';
import { requestActor } from './request-actor.js';

export interface QueuesRoutesOptions {
  audit?: AuditLog;
  now?: () => Date;
  logger?: Logger;
}

const queueId = (value: unknown): string => pathParam(queueIdSchema, value, 'queue id');

/** "queues[2].relaxations[0]..." names a position the client never saw: name the queue instead. */
function naming(problems: string[], set: readonly QueueConfig[]): string[] {
  return problems.map((p) => p.replace(/queues\[(\d+)\]/g, (whole, i: string) => {
    const q = set[Number(i)];
    return q ? `queue "${q.id}"` : whole;
  }));
}

export function queuesRoutes(queues: QueueDirectory, options: QueuesRoutesOptions = {}): Router {
  const router = Router();

  /** The change is stored: an audit failure is logged, not answered as a failed change. */
  const audited = async (actor: string, queueIdValue: string, data: Record<string, unknown>) => {
    if (!options.audit) return;
    try {
      await options.audit.append({ kind: 'config_change', at: (options.now ?? (() => new Date()))(), actor, subject: `queue:${queueIdValue}`, data });
    } catch (err) {
      options.logger?.error({ err, queueId: queueIdValue, change: data.action }, 'queue change done but not written to the audit log');
    }
  };

  let tail: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };

  router.get('/api/queues', async (_req, res) => {
    res.json({ queues: await queues.list() });
  });

  router.get('/api/queues/:id', async (req, res) => {
    const id = queueId(req.params.id);
    const queue = await queues.get(id);
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
    const queue = parsed.value;

    const created = await serial(async () => {
      const current = await queues.list();
      const existed = current.some((q) => q.id === id);
      const next = existed ? current.map((q) => (q.id === id ? queue : q)) : [...current, queue];
      const problems = naming(validateQueueSet(next), next);
      if (problems.length > 0) throw badRequest(`Invalid queue set: ${problems.join('; ')}`, problems);
      await queues.upsert(queue);
      await audited(requestActor(res), id, { action: existed ? 'queue_replaced' : 'queue_created', queue });
      return !existed;
    });
    res.status(created ? 201 : 200).json(queue);
  });

  router.delete('/api/queues/:id', async (req, res) => {
    const id = queueId(req.params.id);
    await serial(async () => {
      const current = await queues.list();
      if (!current.some((q) => q.id === id)) throw notFound(`No queue with id ${id}`);
      const users = current.flatMap((q) =>
        q.id === id ? [] : q.relaxations.flatMap((r, j) => (r.overflowToQueue === id ? [`queue "${q.id}" overflows to it (relaxations[${j}])`] : [])));
      if (users.length > 0) {
        throw new HttpError(409, 'queue-in-use', `Queue ${id} is in use: ${users.join('; ')}`, users);
      }
      await queues.remove(id);
      await audited(requestActor(res), id, { action: 'queue_deleted' });
    });
    res.status(204).end();
  });

  return router;
}
