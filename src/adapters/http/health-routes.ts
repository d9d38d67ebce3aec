// Liveness (/healthz: the process answers) and readiness (/readyz: ARI, Redis and the
// database all usable). Readiness is false while the ARI websocket is down. Warnings (e.g. next
// year's working-day calendar missing) are listed under "warnings" without failing readiness.
import { Router } from 'express';

export interface ReadinessCheck {
  name: string;
  check(): Promise<boolean> | boolean;
}

/** Something an operator must see that does not stop the hotline: null when all is well. */
export interface ReadinessWarning {
  name: string;
  warning(): string | null;
}

export function healthRoutes(checks: ReadinessCheck[], warnings: ReadinessWarning[] = []): Router {
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
    const warned: Record<string, string> = {};
    for (const w of warnings) {
      const message = w.warning();
      if (message) warned[w.name] = message;
    }
    res.status(ready ? 200 : 503).json({ ready, checks: results, ...(Object.keys(warned).length ? { warnings: warned } : {}) });
  });
  return router;
}
