// GET /api/stats/missed-call-callbacks?from=&to=: the figures of missed calls called back
// (漏接回拨) — how many missed calls got a callback entry in the period, how many citizens were
// reached, not reached (follow-up), cancelled because they called again, and still pending.
import { Router } from 'express';
import { z } from 'zod';
import type { MissedCallFigures } from '../../ports/callback/missed-call-store.js';
import { badRequest } from './http-errors.js';
import { fromNotAfterTo, isoTime } from './input-schemas.js';
import { parseInput } from './validate.js';

const DAY_MS = 86_400_000;
/** The longest period one request may count over. */
const MAX_DAYS = 366;

const query = z
  .strictObject({ from: isoTime.optional(), to: isoTime.optional() })
  .refine(...fromNotAfterTo)
  .refine((q) => !q.from || !q.to || Date.parse(q.to) - Date.parse(q.from) <= MAX_DAYS * DAY_MS, {
    message: `the period must be at most ${MAX_DAYS} days`,
    path: ['to'],
  });

export type MissedCallFiguresSource = (from: Date, to: Date) => Promise<MissedCallFigures & { afterSeconds: number }>;

export function missedCallCallbacksRoutes(figures: MissedCallFiguresSource, now: () => Date): Router {
  const router = Router();
  router.get('/api/stats/missed-call-callbacks', async (req, res) => {
    const q = parseInput(query, req.query, 'query');
    // default: the last 24 hours up to now (or before `to`); `from` alone counts up to now
    const to = q.to ? new Date(q.to) : now();
    const from = q.from ? new Date(q.from) : new Date(to.getTime() - DAY_MS);
    if (from > to) throw badRequest('Invalid query: from: must not be after to (now when to is not given)');
    if (to.getTime() - from.getTime() > MAX_DAYS * DAY_MS) throw badRequest(`Invalid query: from: the period must be at most ${MAX_DAYS} days`);
    res.json({ from: from.toISOString(), to: to.toISOString(), ...(await figures(from, to)) });
  });
  return router;
}
