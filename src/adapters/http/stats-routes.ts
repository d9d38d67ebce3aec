// GET /api/stats/live: waiting per queue, longest wait, agents per state, the share answered
// within 15 s and the abandon rate over the last hour; time to agent p50/p90 (last 15 min, last
// hour, today).
import { Router } from 'express';
import type { LiveStats } from '../../app/acd/queue-stats.js';

export function statsRoutes(liveStats: () => Promise<LiveStats>): Router {
  const router = Router();
  router.get('/api/stats/live', async (_req, res) => {
    res.json(await liveStats());
  });
  return router;
}
