// The work-order category taxonomy (工单分类) over HTTP (src/app/department/category-edits.ts).
//   GET /api/work-order-categories          { categories }: the tree, each with its effectiveTimeClass
//                                           (?q= keeps names or codes containing it, with ancestors; ?includeInactive=true)
//   PUT /api/work-order-categories/:code    {name, timeClass?, active?}; 201 created, 200 replaced; 400 when the parent is missing
import { Router } from 'express';
import { z } from 'zod';
import type { CategoryEdits } from '../../app/department/category-edits.js';
import { categoryCodeSchema, categoryFieldsSchema } from '../../domain/department/department-schemas.js';
import { answeredDirectoryError, booleanQuery } from './departments-routes.js';
import { badRequest } from './http-errors.js';
import { pathParam, safeString } from './input-schemas.js';
import { requestActor } from './request-actor.js';
import { parseInput } from './validate.js';

const treeQuery = z.object({
  q: safeString(60).optional(),
  includeInactive: booleanQuery.default(false),
});

const putBody = categoryFieldsSchema.extend({ code: categoryCodeSchema.optional() });

export function categoriesRoutes(edits: CategoryEdits): Router {
  const router = Router();

  router.get('/api/work-order-categories', async (req, res) => {
    const query = parseInput(treeQuery, req.query, 'query');
    res.json({ categories: await edits.tree({ ...(query.q ? { q: query.q } : {}), includeInactive: query.includeInactive }) });
  });

  router.put('/api/work-order-categories/:code', async (req, res) => {
    const code = pathParam(categoryCodeSchema, req.params.code, 'category code');
    const { code: given, ...fields } = parseInput(putBody, req.body ?? {}, 'category');
    if (given !== undefined && given !== code) throw badRequest(`Invalid category: code: "${given}" does not match the path ("${code}")`, [`code: does not match the path ("${code}")`]);
    const { category, created } = await edits.put(requestActor(res), code, fields).catch((err: unknown) => { throw answeredDirectoryError(err); });
    res.status(created ? 201 : 200).json(category);
  });

  return router;
}
