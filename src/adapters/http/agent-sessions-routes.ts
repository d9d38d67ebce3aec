// Agents' working state over HTTP: log in and out, ready / not ready with a reason; the state
// says whether the caller can hear the agent right now (for the agent's console).
import { Router } from 'express';
import { z } from 'zod';
import { NOT_READY_REASONS, SYSTEM_NOT_READY_REASONS } from '../../domain/agent/agent-types.js';
import { AgentNotFoundError, AgentStateConflictError, type AgentSessions } from '../../app/agent-sessions.js';
import { HttpError, notFound } from './http-errors.js';
import { parseInput } from './validate.js';

const loginBody = z.strictObject({ ready: z.boolean().default(true) }).prefault({});
const stateBody = z.discriminatedUnion('status', [
  z.strictObject({ status: z.literal('ready') }),
  z.strictObject({
    status: z.literal('not_ready'),
    reason: z.enum(NOT_READY_REASONS.filter((r) => !SYSTEM_NOT_READY_REASONS.has(r)) as [string, ...string[]]),
    note: z.string().trim().max(200).optional(),
  }),
]);

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
    const body = parseInput(loginBody, req.body ?? {}, 'body');
    res.json({ agentId: req.params.id, state: await sessions.login(req.params.id, body.ready).catch(mapErrors) });
  });

  router.post('/api/agents/:id/logout', async (req, res) => {
    res.json({ agentId: req.params.id, state: await sessions.logout(req.params.id).catch(mapErrors) });
  });

  router.get('/api/agents/:id/state', async (req, res) => {
    const state = await sessions.state(req.params.id).catch(mapErrors);
    const audio = callerAudio ? await callerAudio(req.params.id) : null;
    res.json({ agentId: req.params.id, state, ...(audio ? { callerCanHear: audio.callerCanHear, onHold: audio.onHold } : {}) });
  });

  router.put('/api/agents/:id/state', async (req, res) => {
    const body = parseInput(stateBody, req.body, 'body');
    const state =
      body.status === 'ready'
        ? await sessions.setReady(req.params.id).catch(mapErrors)
        : await sessions.setNotReady(req.params.id, body.reason as never, body.note ?? null).catch(mapErrors);
    res.json({ agentId: req.params.id, state });
  });

  return router;
}
