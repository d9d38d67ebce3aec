// The dispatch catalogue (派单目录) over HTTP (src/app/department/catalogue-edits.ts).
//   GET    /api/dispatch-catalogue           { entries }
//   POST   /api/dispatch-catalogue           {categoryCode, districtId?, departmentId, note?}; 201 the entry; 409 when that
//                                            category and district already have one
//   DELETE /api/dispatch-catalogue/:id       204
//   GET    /api/dispatch-catalogue/suggest   ?category=&district= → { department, entry } or { department: null, entry: null }
import { Router } from 'express';
import { z } from 'zod';
import type { CatalogueEdits } from '../../app/department/catalogue-edits.js';
import { catalogueEntrySchema, categoryCodeSchema, departmentIdSchema } from '../../domain/department/department-schemas.js';
import { answeredDirectoryError } from './departments-routes.js';
import { pathParam } from './input-schemas.js';
import { requestActor } from './request-actor.js';
import { parseInput } from './validate.js';

const entryId = z.string().regex(/^[1-9][0-9]{0,14}$/, 'must be a catalogue entry id (a whole number)').transform(Number);

const suggestQuery = z.object({
  category: categoryCodeSchema,
  district: departmentIdSchema.optional(),
});

export function dispatchCatalogueRoutes(edits: CatalogueEdits): Router {
  const router = Router();
  const run = <T>(work: Promise<T>): Promise<T> => work.catch((err: unknown) => { throw answeredDirectoryError(err); });

  router.get('/api/dispatch-catalogue', async (_req, res) => {
    res.json({ entries: await edits.list() });
  });

  router.get('/api/dispatch-catalogue/suggest', async (req, res) => {
    const query = parseInput(suggestQuery, req.query, 'query');
    const found = await run(edits.suggest(query.category, query.district ?? null));
    res.json(found ?? { department: null, entry: null });
  });

  router.post('/api/dispatch-catalogue', async (req, res) => {
    const body = parseInput(catalogueEntrySchema, req.body ?? {}, 'catalogue entry');
    const added = await run(edits.add(requestActor(res), body));
    res.location(`/api/dispatch-catalogue/${added.id}`);
    res.status(201).json(added);
  });

  router.delete('/api/dispatch-catalogue/:id', async (req, res) => {
    const id = pathParam(entryId, req.params.id, 'catalogue entry id');
    await run(edits.remove(requestActor(res), id));
    res.status(204).end();
  });

  return router;
}
