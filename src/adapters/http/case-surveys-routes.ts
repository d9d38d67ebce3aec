// Per-case callback surveys (一事一评 回访) over HTTP. Work orders will request them when a case
// closes; until then a supervisor does:
//   POST /api/case-surveys {caseId, number}   201 new; 200 with the case's survey when it was
//                                             already requested (never a second survey);
//                                             409 if that survey goes to another number
//   GET  /api/case-surveys/:id                the survey, its answers and every call attempt
//   GET  /api/case-surveys?status=&caseId=&limit=&offset=   newest first, numbers masked
import { Router } from 'express';
import { z } from 'zod';
import { maskNumber } from '../../domain/privacy/mask-number.js';
import { SURVEY_STATUSES } from '../../domain/survey/survey-types.js';
import type { CaseSurveys } from '../../app/survey/case-surveys.js';
import { CaseSurveyRequestError } from '../../app/survey/case-survey-request-error.js';
import type { CaseSurvey } from '../../ports/survey/case-survey-store.js';
import { badRequest, HttpError, notFound } from './http-errors.js';
import { limitParam, offsetParam, pathParam, safeString } from './input-schemas.js';
import { parseInput } from './validate.js';

const caseId = z
  .string({ message: 'must be a string' })
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'must be letters, digits, ".", "_", ":" or "-", e.g. "WO-2026-000123"');

const requestBody = z.strictObject({
  caseId,
  number: safeString(30, 'must be a string of digits').min(1, 'must not be empty'),
});

const listQuery = z.strictObject({
  status: z.enum(SURVEY_STATUSES, { message: `must be one of ${SURVEY_STATUSES.join(', ')}` }).optional(),
  caseId: caseId.optional(),
  limit: limitParam(500, 50),
  offset: offsetParam(1_000_000),
});

const surveyIdParam = z.string().regex(/^[1-9]\d{0,14}$/, 'is not a survey id (a positive whole number)');

const view = (s: CaseSurvey, number: string) => ({
  id: s.id,
  caseId: s.caseId,
  number,
  status: s.status,
  attempts: s.attempts,
  nextAttemptAt: s.nextAttemptAt,
  answers: s.answers,
  result: s.result,
  createdAt: s.createdAt,
  completedAt: s.completedAt,
});

export function caseSurveysRoutes(surveys: CaseSurveys): Router {
  const router = Router();

  router.post('/api/case-surveys', async (req, res) => {
    const body = parseInput(requestBody, req.body ?? {}, 'body');
    try {
      const { survey, created } = await surveys.request(body.caseId, body.number);
      if (created) res.location(`/api/case-surveys/${survey.id}`);
      res.status(created ? 201 : 200).json(view(survey, survey.number));
    } catch (err) {
      if (err instanceof CaseSurveyRequestError) {
        if (err.code === 'invalid-number') throw badRequest(`Invalid body: ${err.message}`);
        throw new HttpError(409, err.code, err.message, { surveyId: err.surveyId });
      }
      throw err;
    }
  });

  router.get('/api/case-surveys', async (req, res) => {
    const q = parseInput(listQuery, req.query, 'query');
    const list = await surveys.list({ limit: q.limit, offset: q.offset, ...(q.status ? { status: q.status } : {}), ...(q.caseId ? { caseId: q.caseId } : {}) });
    res.json({ surveys: list.map((s) => view(s, maskNumber(s.number))), limit: q.limit, offset: q.offset });
  });

  router.get('/api/case-surveys/:id', async (req, res) => {
    const id = pathParam(surveyIdParam, req.params.id, 'survey id');
    const survey = await surveys.get(Number(id));
    if (!survey) throw notFound(`No callback survey with id ${id}`);
    res.json({ ...view(survey, survey.number), attemptLog: survey.attemptLog });
  });

  return router;
}
