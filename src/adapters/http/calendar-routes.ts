// The working-day calendar over HTTP (edits go through src/app/calendar/calendar-edits.ts: the
// audit entry, the reload).
//   GET    /api/calendar?year=YYYY            { year, known, days: [{ day, kind, name, source }] }
//   PUT    /api/calendar/overrides/:day       body { kind: 'holiday'|'workday', name }; 201 new, 200 replaced
//   DELETE /api/calendar/overrides/:day       204; 404 when the day has no override
//   PUT    /api/calendar/years/:year          body { days: [{ day, kind, name }] }: that year's
//                                             overrides replaced in one transaction (the State
//                                             Council's notice in one step); 200 { year, removed, added }
import { Router } from 'express';
import { z } from 'zod';
import { CalendarEditInvalidError, type CalendarEdits } from '../../app/calendar/calendar-edits.js';
import { isCalendarDay } from '../../domain/calendar/china-day.js';
import { displayName } from '../../domain/text/display-name-schema.js';
import { badRequest, notFound } from './http-errors.js';
import { pathParam } from './input-schemas.js';
import { requestActor } from './request-actor.js';
import { parseInput } from './validate.js';

const daySchema = z.string({ message: 'must be a date' }).refine(isCalendarDay, 'must be a real date written YYYY-MM-DD, e.g. 2027-10-01');
const yearText = z
  .string({ message: 'must be a year' })
  .regex(/^\d{4}$/, 'must be a year of four digits, e.g. 2027')
  .transform(Number)
  .refine((y) => y >= 2000 && y <= 2099, 'must be a year from 2000 to 2099');
const kindSchema = z.enum(['holiday', 'workday'], { message: 'must be "holiday" or "workday"' });
const overrideBody = z.object({ kind: kindSchema, name: displayName(60) }).strict();
const yearBody = z
  .object({ days: z.array(z.object({ day: daySchema, kind: kindSchema, name: displayName(60) }).strict(), { message: 'must be a list of days' }).max(366, 'must have at most 366 days') })
  .strict();

function answered(err: unknown): unknown {
  if (err instanceof CalendarEditInvalidError) return badRequest(err.message, err.problems);
  return err;
}

export function calendarRoutes(edits: CalendarEdits): Router {
  const router = Router();

  router.get('/api/calendar', (req, res) => {
    const { year } = parseInput(z.object({ year: yearText }), { year: (req.query as Record<string, unknown>).year }, 'query');
    res.json(edits.year(year));
  });

  router.put('/api/calendar/overrides/:day', async (req, res) => {
    const day = pathParam(daySchema, req.params.day, 'day');
    const body = parseInput(overrideBody, req.body, 'calendar override');
    const { created } = await edits.put({ day, ...body }, requestActor(res)).catch((err: unknown) => { throw answered(err); });
    res.status(created ? 201 : 200).json({ day, kind: body.kind, name: body.name, source: 'override' });
  });

  router.delete('/api/calendar/overrides/:day', async (req, res) => {
    const day = pathParam(daySchema, req.params.day, 'day');
    if (!(await edits.remove(day, requestActor(res)))) throw notFound(`No calendar override for ${day}`);
    res.status(204).end();
  });

  router.put('/api/calendar/years/:year', async (req, res) => {
    const year = pathParam(yearText, req.params.year, 'year');
    const body = parseInput(yearBody, req.body, 'calendar year');
    const result = await edits.replaceYear(year, body.days, requestActor(res)).catch((err: unknown) => { throw answered(err); });
    res.json({ year, ...result });
  });

  return router;
}
