// The floor for the supervisor console and the wallboard: GET /api/floor (now), GET
// /api/floor/day (a China day in 15-minute bins), GET /api/floor/abandoned (that day's abandoned
// calls with their callbacks), and GET /api/events: Server-Sent Events of the floor for
// supervisors and admins, of their own state and calls for an agent. A stream starts after
// Last-Event-ID (header, as browsers send it on reconnecting) or ?lastEventId= (the snapshot's).
import { Router, type Request } from 'express';
import { z } from 'zod';
import { isCalendarDay } from '../../domain/calendar/china-day.js';
import { floorViewerOf, isEventId } from '../../domain/floor/floor-events.js';
import type { FloorFigures } from '../../app/floor/floor-figures.js';
import { openFloorStream } from '../../app/floor/floor-stream.js';
import type { FloorEvents } from '../../ports/floor/floor-events.js';
import type { Logger } from '../../ports/logger.js';
import { badRequest, HttpError } from './http-errors.js';
import { limitParam, offsetParam, queueIdSchema } from './input-schemas.js';
import { principalOf } from './request-principal.js';
import { openSse } from './server-sent-events.js';
import { parseInput } from './validate.js';

const day = z.string({ message: 'must be a date' }).refine(isCalendarDay, 'must be a real date written YYYY-MM-DD, e.g. 2026-12-05');
const dayQuery = z.strictObject({ date: day.optional(), queueId: queueIdSchema.optional() });
const abandonedQuery = z.strictObject({ date: day.optional(), limit: limitParam(1_000, 500), offset: offsetParam(1_000_000) });
const eventsQuery = z.strictObject({
  lastEventId: z.string().refine(isEventId, 'must be an event id as sent in the stream, e.g. 1764900000000-0').optional(),
});

export interface FloorStreamOptions {
  heartbeatMs: number;
  maxMs: number;
}

const hasBody = (req: Request): boolean =>
  req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');

export function floorRoutes(
  figures: FloorFigures,
  events: FloorEvents,
  opts: { today: () => string; logger: Logger; stream?: FloorStreamOptions },
): Router {
  const router = Router();
  const streamOpts = opts.stream ?? { heartbeatMs: 15_000, maxMs: 30 * 60_000 };

  router.get('/api/floor', async (req, res) => {
    parseInput(z.strictObject({}), req.query, 'query');
    res.json(await figures.snapshot());
  });

  router.get('/api/floor/day', async (req, res) => {
    const q = parseInput(dayQuery, req.query, 'query');
    res.json(await figures.day(q.date ?? opts.today(), q.queueId ?? null));
  });

  router.get('/api/floor/abandoned', async (req, res) => {
    const q = parseInput(abandonedQuery, req.query, 'query');
    res.json({ ...(await figures.abandoned(q.date ?? opts.today(), { limit: q.limit, offset: q.offset })), limit: q.limit, offset: q.offset });
  });

  router.get('/api/events', async (req, res) => {
    const viewer = floorViewerOf(principalOf(res));
    if (!viewer) throw new HttpError(403, 'forbidden', 'The live events are for supervisors, admins and agents (their own)');
    const q = parseInput(eventsQuery, req.query, 'query');
    if (hasBody(req)) throw badRequest('GET /api/events takes no body');
    if (req.method === 'HEAD') {
      res.status(200).type('text/event-stream').end();
      return;
    }
    // the browser's header wins over the query (it is newer: the URL keeps the first position)
    const lastEventId = req.get('last-event-id')?.trim() ?? q.lastEventId ?? null;
    // always a 200 stream: a browser's EventSource never reconnects after an error status
    const sse = openSse(req, res, streamOpts);
    try {
      const close = await openFloorStream(events, viewer, lastEventId, {
        event: (s) => sse.send(s.event.type, s.event, s.id),
        reset: (head) => sse.send('reset', { reason: 'The events since your last one are not all kept: reload the floor (GET /api/floor)' }, head),
        ready: (id) => sse.send('ready', { viewer }, id),
        end: () => sse.end(),
      });
      sse.onClose(close);
    } catch (err) {
      opts.logger.warn({ err }, 'floor events could not be read; the stream ends and the browser retries');
      sse.end();
    }
  });

  return router;
}
