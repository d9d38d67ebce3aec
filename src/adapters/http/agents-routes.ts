// Agent accounts (坐席账号) over HTTP. The SIP password (never stored: only its digest) is in
// the answer of creation, rotation and an extension change (with Cache-Control: no-store);
// never in a GET.
//   POST   /api/agents                    201 { agent, sip: { server, username, password } }
//   GET    /api/agents                    { agents }
//   GET    /api/agents/:id                the agent
//   PATCH  /api/agents/:id                the agent after the change; a new extension adds
//                                         `sip` with its new password
//   DELETE /api/agents/:id                204; 409 while the agent is logged in (log out first)
//   POST   /api/agents/:id/sip-password   { agent, sip } with a new password
// Names refuse control, bidi and zero-width characters (displayName); extensions are
// never a service, emergency or feature-code number (agentExtensionProblem).
// 400 lists every problem, 404 unknown agent, 409 id or extension taken, 503 Asterisk did not
// take the softphone account (nothing was changed).
import { Router, type Response } from 'express';
import { z } from 'zod';
import type { AgentAccounts, AgentWithSecret } from '../../app/agent/agent-accounts.js';
import { AgentLoggedInError } from '../../app/agent/agent-logged-in-error.js';
import { AgentProvisioningError } from '../../app/agent/agent-provisioning-error.js';
import type { Proficiency } from '../../domain/acd/acd-types.js';
import { agentExtensionProblem } from '../../domain/agent/agent-extension.js';
import { displayName } from '../../domain/text/display-name-schema.js';
import { AgentConflictError } from '../../ports/agent/agent-directory.js';
import { HttpError, notFound } from './http-errors.js';
import { agentIdSchema, pathParam } from './input-schemas.js';
import { requestActor } from './request-actor.js';
import { parseInput } from './validate.js';

export interface AgentsRoutesOptions {
  /** Where softphones register, shown with a new password, e.g. "127.0.0.1:5060". */
  sipServer: string;
  /** HOTLINE_NUMBER: no extension may start with it (agentExtensionProblem). Default 12345. */
  hotlineNumber?: string;
}

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Never a service, emergency or feature-code number: the rule is agentExtensionProblem's. */
const extensionOf = (hotlineNumber: string) =>
  z.string().superRefine((s, ctx) => {
    const problem = agentExtensionProblem(s, hotlineNumber);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
// Checked in one pass rather than by key and value schemas: zod skips refinements once a value
// fails, and replaces a key schema's message with "Invalid key in record"; every problem is wanted.
const skills = z
  .record(z.string(), z.unknown())
  .superRefine((s, ctx) => {
    const names = Object.keys(s);
    if (names.length === 0) ctx.addIssue({ code: 'custom', message: 'must name at least one skill' });
    if (names.length > 100) ctx.addIssue({ code: 'custom', message: 'must name at most 100 skills' });
    for (const [name, level] of Object.entries(s)) {
      if (name.length > 64 || !KEBAB.test(name)) {
        ctx.addIssue({ code: 'custom', path: [name], message: 'skill names must be kebab-case, e.g. "social-insurance"' });
      } else if (!Number.isInteger(level) || (level as number) < 1 || (level as number) > 5) {
        ctx.addIssue({ code: 'custom', path: [name], message: 'must be a proficiency from 1 to 5 (a whole number)' });
      }
    }
  })
  .transform((s) => s as Record<string, Proficiency>);
const languages = z
  .array(z.string().regex(/^[a-z]{2,3}(?:-[A-Za-z0-9]+)*$/, 'must be a language code, e.g. "zh", "yue", "en"'))
  .min(1, 'must name at least one language')
  .max(10)
  .refine((l) => new Set(l).size === l.length, 'must not repeat a language');

const bodies = (hotlineNumber: string) => {
  const extension = extensionOf(hotlineNumber);
  return {
    create: z.strictObject({
      agentId: agentIdSchema,
      /** Shown to people; Chinese welcome: "张伟". */
      name: displayName(64),
      extension,
      skills,
      languages: languages.default(['zh']),
      /** The team (班组) the agent belongs to. */
      group: displayName(64),
    }),
    patch: z
      .strictObject({
        name: displayName(64).optional(),
        extension: extension.optional(),
        skills: skills.optional(),
        languages: languages.optional(),
        group: displayName(64).optional(),
      })
      .refine((p) => Object.values(p).some((v) => v !== undefined), 'must change at least one of name, extension, skills, languages, group'),
  };
};

const agentIdParam = (value: unknown): string => pathParam(agentIdSchema, value, 'agent id');

/** The use case's errors as HTTP answers; anything else goes on to the 500 handler. */
async function answering<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof AgentConflictError || err instanceof AgentLoggedInError) throw new HttpError(409, err.code, err.message);
    if (err instanceof AgentProvisioningError) throw new HttpError(503, err.code, err.message);
    throw err;
  }
}

export function agentsRoutes(accounts: AgentAccounts, options: AgentsRoutesOptions): Router {
  const router = Router();
  const { create: createBody, patch: patchBody } = bodies(options.hotlineNumber ?? '12345');

  const sendWithSecret = (res: Response, status: number, created: AgentWithSecret) => {
    res.set('Cache-Control', 'no-store');
    res.status(status).json({
      agent: created.agent,
      sip: { server: options.sipServer, username: created.agent.extension, password: created.sipPassword },
    });
  };

  router.post('/api/agents', async (req, res) => {
    const body = parseInput(createBody, req.body ?? {}, 'agent');
    const created = await answering(() => accounts.create(body, requestActor(res)));
    res.location(`/api/agents/${created.agent.agentId}`);
    sendWithSecret(res, 201, created);
  });

  router.get('/api/agents', async (_req, res) => {
    res.json({ agents: await accounts.list() });
  });

  router.get('/api/agents/:id', async (req, res) => {
    const id = agentIdParam(req.params.id);
    const agent = await accounts.get(id);
    if (!agent) throw notFound(`No agent with id ${id}`);
    res.json(agent);
  });

  router.patch('/api/agents/:id', async (req, res) => {
    const id = agentIdParam(req.params.id);
    const patch = parseInput(patchBody, req.body ?? {}, 'agent change');
    const updated = await answering(() => accounts.update(id, patch, requestActor(res)));
    if (!updated) throw notFound(`No agent with id ${id}`);
    if (updated.sipPassword === undefined) {
      res.json(updated.agent);
      return;
    }
    res.set('Cache-Control', 'no-store');
    res.json({ ...updated.agent, sip: { server: options.sipServer, username: updated.agent.extension, password: updated.sipPassword } });
  });

  router.delete('/api/agents/:id', async (req, res) => {
    const id = agentIdParam(req.params.id);
    if (!(await answering(() => accounts.remove(id, requestActor(res))))) throw notFound(`No agent with id ${id}`);
    res.status(204).end();
  });

  router.post('/api/agents/:id/sip-password', async (req, res) => {
    const id = agentIdParam(req.params.id);
    const rotated = await answering(() => accounts.rotateSipPassword(id, requestActor(res)));
    if (!rotated) throw notFound(`No agent with id ${id}`);
    sendWithSecret(res, 200, rotated);
  });

  return router;
}
