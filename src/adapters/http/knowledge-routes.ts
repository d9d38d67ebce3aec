// The knowledge base (知识库) over HTTP (src/app/knowledge/knowledge-base.ts).
//   GET    /api/knowledge?q=&tag=&limit=&includeInactive=
//                                          {terms, articles: [{id, title, tags, categoryCode, active, snippet, matchedTerms, score, version, updatedAt}]}
//                                          q cut into words (jieba); title and tag hits rank above body hits; no q: edited last first;
//                                          active articles only unless includeInactive=true (the admins' list)
//   GET    /api/knowledge/:id              the article (also an inactive one: `active` says so)
//   POST   /api/knowledge                  {id?, title, body, tags?, categoryCode?}; 201 the article at version 1
//   PUT    /api/knowledge/:id              {version, title, body, tags?, categoryCode?, active?}; 200 the article at its next version;
//                                          409 when the article is no longer at `version` (the answer names the current one)
//   DELETE /api/knowledge/:id              deactivates it; 200 the article
import { Router } from 'express';
import { z } from 'zod';
import type { KnowledgeBase } from '../../app/knowledge/knowledge-base.js';
import { KnowledgeConflictError, KnowledgeNotFoundError, KnowledgeRuleError } from '../../app/knowledge/knowledge-errors.js';
import { articleFieldsSchema, knowledgeIdSchema, searchTextSchema, tagSchema } from '../../domain/knowledge/article-schemas.js';
import { booleanQuery } from './departments-routes.js';
import { badRequest, HttpError, notFound } from './http-errors.js';
import { limitParam, pathParam } from './input-schemas.js';
import { requestActor } from './request-actor.js';
import { parseInput } from './validate.js';

const searchQuery = z.object({
  q: searchTextSchema.default(''),
  tag: tagSchema.optional(),
  limit: limitParam(100, 10),
  includeInactive: booleanQuery.default(false),
});

const createBody = articleFieldsSchema.extend({ id: knowledgeIdSchema.optional() });

const updateBody = articleFieldsSchema.extend({
  /** May repeat the path's id; nothing else. */
  id: knowledgeIdSchema.optional(),
  version: z.number({ message: 'must be the version the change was made on (a whole number)' }).int('must be a whole number').min(1, 'must be at least 1'),
  active: z.boolean({ message: 'must be true or false' }).optional(),
});

function answered(err: unknown): unknown {
  if (err instanceof KnowledgeRuleError) return badRequest(`Invalid knowledge article: ${err.message}`, err.problems);
  if (err instanceof KnowledgeNotFoundError) return notFound(err.message);
  if (err instanceof KnowledgeConflictError) return new HttpError(409, 'conflict', err.message, err.currentVersion === null ? undefined : { currentVersion: err.currentVersion });
  return err;
}

const articleId = (value: unknown): string => pathParam(knowledgeIdSchema, value, 'knowledge article id');

export function knowledgeRoutes(knowledge: KnowledgeBase): Router {
  const router = Router();
  const run = <T>(work: Promise<T>): Promise<T> => work.catch((err: unknown) => { throw answered(err); });

  router.get('/api/knowledge', async (req, res) => {
    const query = parseInput(searchQuery, req.query, 'query');
    res.json(await knowledge.search({ q: query.q, tag: query.tag ?? null, limit: query.limit, includeInactive: query.includeInactive }));
  });

  router.get('/api/knowledge/:id', async (req, res) => {
    res.json(await run(knowledge.get(articleId(req.params.id))));
  });

  router.post('/api/knowledge', async (req, res) => {
    const { id, ...fields } = parseInput(createBody, req.body ?? {}, 'knowledge article');
    const created = await run(knowledge.create(requestActor(res), fields, id));
    res.location(`/api/knowledge/${created.id}`);
    res.status(201).json(created);
  });

  router.put('/api/knowledge/:id', async (req, res) => {
    const id = articleId(req.params.id);
    const { id: given, version, active, ...fields } = parseInput(updateBody, req.body ?? {}, 'knowledge article');
    if (given !== undefined && given !== id) throw badRequest(`Invalid knowledge article: id: "${given}" does not match the path ("${id}")`, [`id: does not match the path ("${id}")`]);
    res.json(await run(knowledge.update(requestActor(res), id, version, fields, active)));
  });

  router.delete('/api/knowledge/:id', async (req, res) => {
    res.json(await run(knowledge.deactivate(requestActor(res), articleId(req.params.id))));
  });

  return router;
}
