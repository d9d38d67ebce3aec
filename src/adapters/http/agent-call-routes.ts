// The agent's call in hand: POST /api/agents/:id/emergency {number} adds 110/119/120/122 as a
// three-way call; POST /api/agents/:id/end-service ends the service (the caller goes to the
// rating, never hearing the agent again); hold / unhold; GET /api/agents/:id/audio says whether
// the caller can hear the agent now; POST /api/agents/:id/hangup leaves the call. Any instance
// of the hotline answers for a call any other instance holds (503 while that one is unreachable).
import { Router, type Request } from 'express';
import { z } from 'zod';
import { AgentNotFoundError, AgentStateConflictError } from '../../app/agent/agent-sessions.js';
import type { AgentCallActions } from '../../app/agent/agent-call-actions.js';
import { CallOwnerUnreachableError } from '../../app/call/call-owner-unreachable-error.js';
import { EMERGENCY_NUMBERS } from '../../domain/emergency/emergency-keys.js';
import { HttpError, notFound } from './http-errors.js';
import { agentIdSchema, pathParam } from './input-schemas.js';
import { parseInput } from './validate.js';
import { principalOf } from './request-principal.js';

const emergencyBody = z.strictObject({ number: z.enum(EMERGENCY_NUMBERS) });
const emptyBody = z.strictObject({});

const agentOf = (req: Request): string => pathParam(agentIdSchema, req.params.id, 'agent id');

function mapErrors(err: unknown): never {
  if (err instanceof AgentNotFoundError) throw notFound(err.message);
  if (err instanceof AgentStateConflictError) throw new HttpError(409, err.code, err.message);
  if (err instanceof CallOwnerUnreachableError) throw new HttpError(503, err.code, err.message);
  throw err;
}

export function agentCallRoutes(actions: AgentCallActions): Router {
  const router = Router();
  router.post('/api/agents/:id/emergency', async (req, res) => {
    const id = agentOf(req);
    const body = parseInput(emergencyBody, req.body, 'body');
    res.status(202).json(await actions.emergency(id, body.number).catch(mapErrors));
  });
  router.post('/api/agents/:id/end-service', async (req, res) => {
    const id = agentOf(req);
    parseInput(emptyBody, req.body ?? {}, 'body');
    const by = principalOf(res).role === 'supervisor' ? 'supervisor' : 'agent_api';
    res.json(await actions.endService(id, by).catch(mapErrors));
  });
  router.post('/api/agents/:id/hold', async (req, res) => {
    const id = agentOf(req);
    parseInput(emptyBody, req.body ?? {}, 'body');
    res.json(await actions.hold(id, true).catch(mapErrors));
  });
  router.post('/api/agents/:id/unhold', async (req, res) => {
    const id = agentOf(req);
    parseInput(emptyBody, req.body ?? {}, 'body');
    res.json(await actions.hold(id, false).catch(mapErrors));
  });
  router.get('/api/agents/:id/audio', async (req, res) => {
    const id = agentOf(req);
    res.json(await actions.callerCanHear(id).catch(mapErrors));
  });
  router.post('/api/agents/:id/hangup', async (req, res) => {
    const id = agentOf(req);
    res.json(await actions.hangup(id).catch(mapErrors));
  });
  return router;
}
