// The agent's call in hand: POST /api/agents/:id/emergency {number} adds 110/119/120/122 as a
// three-way call; POST /api/agents/:id/hangup leaves the call.
import { Router } from 'express';
import { z } from 'zod';
import { AgentNotFoundError, AgentStateConflictError } from '../../app/agent-sessions.js';
import type { AgentCallActions } from '../../app/agent-call-actions.js';
import { EMERGENCY_NUMBERS } from '../../domain/emergency/emergency-keys.js';
import { HttpError, notFound } from './http-errors.js';
import { parseInput } from './validate.js';

const emergencyBody = z.strictObject({ number: z.enum(EMERGENCY_NUMBERS) });

function mapErrors(err: unknown): never {
  if (err instanceof AgentNotFoundError) throw notFound(err.message);
  if (err instanceof AgentStateConflictError) throw new HttpError(409, err.code, err.message);
  throw err;
}

export function agentCallRoutes(actions: AgentCallActions): Router {
  const router = Router();
  router.post('/api/agents/:id/emergency', async (req, res) => {
    const body = parseInput(emergencyBody, req.body, 'body');
    res.status(202).json(await actions.emergency(req.params.id, body.number).catch(mapErrors));
  });
  router.post('/api/agents/:id/hangup', async (req, res) => {
    res.json(await actions.hangup(req.params.id).catch(mapErrors));
  });
  return router;
}
