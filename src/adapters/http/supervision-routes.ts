// Supervisors' listen, whisper and barge (监听 / 耳语 / 强插) on a live call:
//   POST   /api/calls/:id/supervision                      {mode, extension}: rings the supervisor's
//          softphone (extension: a softphone account of the hotline); answered, the mode starts.
//          202 the session (phase 'ringing'); 404 unknown call; 409 the call is not talking to an
//          agent, or the phone is already in a session; 400 bad body; 502 the phone could not be rung
//   GET    /api/calls/:id/supervision                      the call's sessions (also ended ones, for a while)
//   POST   /api/calls/:id/supervision/:sessionId/mode      {mode}: switch mode; 409 once ended
//   DELETE /api/calls/:id/supervision/:sessionId           ends it (the supervisor's phone is hung up)
import { Router, type Request } from 'express';
import { z } from 'zod';
import { SupervisionConflictError, SupervisionFailedError, SupervisionInputError, SupervisionNotFoundError } from '../../app/supervision/supervision-errors.js';
import type { CallSupervision } from '../../app/supervision/call-supervision.js';
import { SUPERVISION_MODES } from '../../domain/supervision/supervision-types.js';
import { badRequest, HttpError, notFound } from './http-errors.js';
import { callIdSchema, pathParam } from './input-schemas.js';
import { requestActor } from './request-actor.js';
import { parseInput } from './validate.js';

const mode = z.enum(SUPERVISION_MODES, { message: `must be one of ${SUPERVISION_MODES.join(', ')}` });
const startBody = z.strictObject({
  mode,
  extension: z.string({ message: "is required: the supervisor's softphone extension" }).regex(/^[0-9]{3,8}$/, 'must be 3 to 8 digits'),
});
const modeBody = z.strictObject({ mode });
const sessionIdSchema = z.string().regex(/^[0-9a-f]{12}$/, 'is not a supervision id');

const callOf = (req: Request) => pathParam(callIdSchema, req.params.id, 'call id');
const sessionOf = (req: Request) => pathParam(sessionIdSchema, req.params.sessionId, 'supervision id');

function mapErrors(err: unknown): never {
  if (err instanceof SupervisionNotFoundError) throw notFound(err.message);
  if (err instanceof SupervisionConflictError) throw new HttpError(409, err.code, err.message);
  if (err instanceof SupervisionInputError) throw badRequest(err.message);
  if (err instanceof SupervisionFailedError) throw new HttpError(502, err.code, err.message);
  throw err;
}

export function supervisionRoutes(supervision: CallSupervision): Router {
  const router = Router();
  router.post('/api/calls/:id/supervision', async (req, res) => {
    const callId = callOf(req);
    const body = parseInput(startBody, req.body, 'body');
    const session = await supervision.start({ callId, mode: body.mode, extension: body.extension, supervisor: requestActor(res) }).catch(mapErrors);
    res.status(202).json(session);
  });
  router.get('/api/calls/:id/supervision', async (req, res) => {
    const callId = callOf(req);
    res.json({ sessions: await supervision.list(callId).catch(mapErrors) });
  });
  router.post('/api/calls/:id/supervision/:sessionId/mode', async (req, res) => {
    const callId = callOf(req);
    const sessionId = sessionOf(req);
    const body = parseInput(modeBody, req.body, 'body');
    res.json(await supervision.switchMode(callId, sessionId, body.mode).catch(mapErrors));
  });
  router.delete('/api/calls/:id/supervision/:sessionId', async (req, res) => {
    const callId = callOf(req);
    const sessionId = sessionOf(req);
    res.json(await supervision.stop(callId, sessionId).catch(mapErrors));
  });
  return router;
}
