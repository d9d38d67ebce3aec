// The delivery log of department webhooks and its dead-letter list over HTTP:
//   GET  /api/webhook-deliveries?status=&departmentId=&orderNo=&limit=&offset=   newest first
//   GET  /api/webhook-deliveries/:id          one delivery: attempts, last status code and error
//   POST /api/webhook-deliveries/:id/retry    a dead (or skipped) delivery back to pending and
//                                             queued again with the same id; 409 otherwise
// Bodies hold no personal data (orders are read through the department API).
import { Router } from 'express';
import { z } from 'zod';
import type { DepartmentWebhooks } from '../../app/webhook/department-webhooks.js';
import { WebhookRetryError } from '../../app/webhook/webhook-retry-error.js';
import { DELIVERY_STATUSES } from '../../domain/webhook/webhook-delivery-rules.js';
import type { WebhookDelivery } from '../../ports/webhook/webhook-delivery-store.js';
import { HttpError, notFound } from './http-errors.js';
import { limitParam, offsetParam, pathParam } from './input-schemas.js';
import { parseInput } from './validate.js';

const deliveryId = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'is not a delivery id (a UUID)');
const departmentId = z.string({ message: 'must be a string' }).regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a department id: lower-case letters, digits and "-", e.g. "city-water"');
const orderNo = z.string({ message: 'must be a string' }).regex(/^[0-9]{4}-[0-9]{6,12}$/, 'must be an order number, e.g. "2026-000123"');

const listQuery = z.strictObject({
  status: z.enum(DELIVERY_STATUSES, { message: `must be one of ${DELIVERY_STATUSES.join(', ')}` }).optional(),
  departmentId: departmentId.optional(),
  orderNo: orderNo.optional(),
  limit: limitParam(500, 50),
  offset: offsetParam(1_000_000),
});

const view = (d: WebhookDelivery) => ({
  id: d.id,
  departmentId: d.departmentId,
  orderNo: d.orderNo,
  event: d.event,
  status: d.status,
  attempts: d.attempts,
  lastStatusCode: d.lastStatusCode,
  lastError: d.lastError,
  createdAt: d.createdAt,
  deliveredAt: d.deliveredAt,
  deadAt: d.deadAt,
  payload: d.payload,
});

export function webhookDeliveriesRoutes(webhooks: DepartmentWebhooks): Router {
  const router = Router();

  router.get('/api/webhook-deliveries', async (req, res) => {
    const q = parseInput(listQuery, req.query, 'query');
    const list = await webhooks.list({
      limit: q.limit,
      offset: q.offset,
      ...(q.status ? { status: q.status } : {}),
      ...(q.departmentId ? { departmentId: q.departmentId } : {}),
      ...(q.orderNo ? { orderNo: q.orderNo } : {}),
    });
    res.json({ deliveries: list.map(view), limit: q.limit, offset: q.offset });
  });

  router.get('/api/webhook-deliveries/:id', async (req, res) => {
    const id = pathParam(deliveryId, req.params.id, 'delivery id');
    const delivery = await webhooks.get(id.toLowerCase());
    if (!delivery) throw notFound(`No webhook delivery with id ${id}`);
    res.json(view(delivery));
  });

  router.post('/api/webhook-deliveries/:id/retry', async (req, res) => {
    const id = pathParam(deliveryId, req.params.id, 'delivery id');
    try {
      res.json(view(await webhooks.retry(id.toLowerCase())));
    } catch (err) {
      if (err instanceof WebhookRetryError) {
        if (err.code === 'not-found') throw notFound(err.message);
        throw new HttpError(409, err.code, err.message, { status: err.status });
      }
      throw err;
    }
  });

  return router;
}
