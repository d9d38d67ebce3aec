// Liveness (/healthz: the process answers) and readiness (/readyz: ARI, Redis and the
// database all usable). Readiness is false while the ARI websocket is down.
import { Router } from 'express';

export interface ReadinessCheck {
  name: string;
  check(): Promise<boolean> | boolean;
}

export function healthRoutes(checks: ReadinessCheck[]): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });
  router.get('/readyz', async (_req, res) => {
    const results: Record<string, boolean> = {};
    for (const c of checks) {
      try {
        results[c.name] = await c.check();
      } catch {
        results[c.name] = false;
      }
    }
    const ready = Object.values(results).every(Boolean);
    res.status(ready ? 200 : 503).json({ ready, checks: results });
  });
  return router;
}
