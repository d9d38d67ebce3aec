// Agents' working state over HTTP: log in and out, ready / not ready with a reason; the state
// says whether the caller can hear the agent right now (for the agent's console).
import { Router, type Request } from 'express';
import { z } from 'zod';
import { NOT_READY_REASONS, SYSTEM_NOT_READY_REASONS } from '../../domain/agent/agent-types.js';
import { AgentNotFoundError, AgentStateConflictError, type AgentSessions } from '../../app/agent/agent-sessions.js';
import { HttpError, notFound } from './http-errors.js';
import { agentIdSchema, pathParam, safeString } from './input-schemas.js';
import { parseInput } from './validate.js';

const loginBody = z.strictObject({ ready: z.boolean().default(true) }).prefault({});
const stateBody = z.discriminatedUnion('status', [
  z.strictObject({ status: z.literal('ready') }),
  z.strictObject({
    status: z.literal('not_ready'),
    reason: z.enum(NOT_READY_REASONS.filter((r) => !SYSTEM_NOT_READY_REASONS.has(r)) as [string, ...string[]]),
    note: safeString(200).trim().optional(),
  }),
]);

const agentOf = (req: Request): string => pathParam(agentIdSchema, req.params.id, 'agent id');

function mapErrors(err: unknown): never {
  if (err instanceof AgentNotFoundError) throw notFound(err.message);
  if (err instanceof AgentStateConflictError) throw new HttpError(409, err.code, err.message);
  throw err;
}

/** Whether the caller of the agent's call can hear the agent now (a call in hand, not on hold, before the end of service). */
export type CallerAudio = (agentId: string) => Promise<{ callerCanHear: boolean; onHold: boolean }>;

export function agentSessionsRoutes(sessions: AgentSessions, callerAudio?: CallerAudio): Router {
  const router = Router();

  router.post('/api/agents/:id/login', async (req, res) => {
    const id = agentOf(req);
    const body = parseInput(loginBody, req.body ?? {}, 'body');
    res.json({ agentId: id, state: await sessions.login(id, body.ready).catch(mapErrors) });
  });

  router.post('/api/agents/:id/logout', async (req, res) => {
    const id = agentOf(req);
    res.json({ agentId: id, state: await sessions.logout(id).catch(mapErrors) });
  });

  router.get('/api/agents/:id/state', async (req, res) => {
    const id = agentOf(req);
    const state = await sessions.state(id).catch(mapErrors);
    const audio = callerAudio ? await callerAudio(id) : null;
    res.json({ agentId: id, state, ...(audio ? { callerCanHear: audio.callerCanHear, onHold: audio.onHold } : {}) });
  });

  router.put('/api/agents/:id/state', async (req, res) => {
    const id = agentOf(req);
    const body = parseInput(stateBody, req.body, 'body');
    const state =
      body.status === 'ready'
        ? await sessions.setReady(id).catch(mapErrors)
        : await sessions.setNotReady(id, body.reason as never, body.note ?? null).catch(mapErrors);
    res.json({ agentId: id, state });
  });

  return router;
}
