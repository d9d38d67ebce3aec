// Earlier calls for the agent desktop:
//   GET /api/agents/:id/calls?date=YYYY-MM-DD   the agent's calls that China day (default today),
//                                               newest first, with the day's totals (calls, rated, satisfied share)
//   GET /api/citizens/:number/calls?limit=      a caller number's calls, newest first (limit ≤ 50, default 10)
import { Router } from 'express';
import { z } from 'zod';
import type { CallHistoryView } from '../../app/call/call-history.js';
import { isCalendarDay } from '../../domain/calendar/china-day.js';
import { agentIdSchema, limitParam, pathParam } from './input-schemas.js';
import { parseInput } from './validate.js';
import { citizenNumberParam } from './work-orders-schemas.js';

const dayQuery = z.strictObject({
  date: z.string({ message: 'must be a date' }).refine(isCalendarDay, 'must be a real date written YYYY-MM-DD, e.g. 2026-12-05').optional(),
});
const callerQuery = z.strictObject({ limit: limitParam(50, 10) });

export function callHistoryRoutes(history: CallHistoryView): Router {
  const router = Router();

  router.get('/api/agents/:id/calls', async (req, res) => {
    const agentId = pathParam(agentIdSchema, req.params.id, 'agent id');
    const q = parseInput(dayQuery, req.query, 'query');
    res.json(await history.agentDay(agentId, q.date));
  });

  router.get('/api/citizens/:number/calls', async (req, res) => {
    const number = pathParam(citizenNumberParam, req.params.number, 'citizen number');
    const { limit } = parseInput(callerQuery, req.query, 'query');
    res.json({ number, calls: await history.callerCalls(number, limit), limit });
  });

  return router;
}
