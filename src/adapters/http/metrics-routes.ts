// GET /metrics: the hotline's figures in the Prometheus text format (src/adapters/metrics), behind
// the access policy like every route (roles supervisor and admin): Prometheus scrapes it with an
// API token of one of those roles as a bearer token (docs/api.md, "Metrics for Prometheus"). Takes no query.
import { Router } from 'express';
import { z } from 'zod';
import { parseInput } from './validate.js';

export type MetricsText = () => Promise<{ contentType: string; text: string }>;

const query = z.strictObject({});

export function metricsRoutes(metrics: MetricsText): Router {
  const router = Router();
  router.get('/metrics', async (req, res) => {
    parseInput(query, req.query, 'query');
    const { contentType, text } = await metrics();
    res.set('Cache-Control', 'no-store');
    res.type(contentType).send(text);
  });
  return router;
}
