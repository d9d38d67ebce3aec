// API tokens over HTTP (admin only, by the access policy). The token itself is in exactly one
// answer, the creation (with Cache-Control: no-store); it is never stored nor listed.
//   POST   /api/tokens        {name, role, agentId?, departmentId?}  201 {id, name, role, agentId, departmentId (department tokens only), createdAt, revokedAt, token}
//   GET    /api/tokens        { tokens } (revoked ones included, no token values)
//   DELETE /api/tokens/:id    204; the token stops working at once
// 400 lists every problem (agent tokens must name an agent, department tokens an active
// department; other roles must not), 404 unknown agent, department or token, 409 name taken.
import { Router } from 'express';
import { z } from 'zod';
import { API_ROLES } from '../../domain/access/api-roles.js';
import { TokenAgentNotFoundError, TokenDepartmentNotFoundError, TokenInputError } from '../../app/access/api-token-errors.js';
import type { ApiTokens } from '../../app/access/api-tokens.js';
import { ApiTokenConflictError, type ApiTokenRecord } from '../../ports/access/api-token-store.js';
import { badRequest, HttpError, notFound } from './http-errors.js';
import { departmentIdSchema } from '../../domain/department/department-schemas.js';
import { agentIdSchema, pathParam } from './input-schemas.js';
import { principalOf } from './request-principal.js';
import { parseInput } from './validate.js';

const createBody = z
  .strictObject({
    /** Who or what uses the token; names it in the audit log as `token:<name>`. */
    name: z.string().regex(/^[\p{L}\p{N}][\p{L}\p{N}._-]{0,63}$/u, 'must be 1 to 64 letters, digits, ".", "_" or "-", e.g. "zhang-wei-console"'),
    role: z.enum(API_ROLES, { message: `must be one of ${API_ROLES.join(', ')}` }),
    agentId: agentIdSchema.optional(),
    /** The department (承办单位) a department token acts for. */
    departmentId: departmentIdSchema.optional(),
  })
  .superRefine((b, ctx) => {
    if (b.role === 'agent' && b.agentId === undefined) ctx.addIssue({ code: 'custom', path: ['agentId'], message: 'an agent token must name the agent it acts for' });
    if (b.role !== 'agent' && b.agentId !== undefined) ctx.addIssue({ code: 'custom', path: ['agentId'], message: `only agent tokens name an agent (this one has role ${b.role})` });
    if (b.role === 'department' && b.departmentId === undefined) ctx.addIssue({ code: 'custom', path: ['departmentId'], message: 'a department token must name the department it acts for' });
    if (b.role !== 'department' && b.departmentId !== undefined) ctx.addIssue({ code: 'custom', path: ['departmentId'], message: `only department tokens name a department (this one has role ${b.role})` });
  });

/** A token as answered: `departmentId` only on department tokens. */
const view = ({ departmentId, ...rest }: ApiTokenRecord) => (departmentId ? { ...rest, departmentId } : rest);

const tokenId = z.uuid({ message: 'must be a token id (a UUID)' });

async function answering<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof TokenInputError) throw badRequest(`Invalid token: ${err.message}`, [err.message]);
    if (err instanceof TokenAgentNotFoundError || err instanceof TokenDepartmentNotFoundError) throw notFound(err.message);
    if (err instanceof ApiTokenConflictError) throw new HttpError(409, err.code, err.message);
    throw err;
  }
}

export function tokensRoutes(tokens: ApiTokens): Router {
  const router = Router();

  router.post('/api/tokens', async (req, res) => {
    const body = parseInput(createBody, req.body ?? {}, 'token');
    const issued = await answering(() => tokens.issue(principalOf(res), { name: body.name, role: body.role, agentId: body.agentId ?? null, departmentId: body.departmentId ?? null }));
    res.set('Cache-Control', 'no-store');
    res.location(`/api/tokens/${issued.record.id}`);
    res.status(201).json({ ...view(issued.record), token: issued.token });
  });

  router.get('/api/tokens', async (_req, res) => {
    res.json({ tokens: (await tokens.list()).map(view) });
  });

  router.delete('/api/tokens/:id', async (req, res) => {
    const id = pathParam(tokenId, req.params.id, 'token id');
    const revoked = await tokens.revoke(principalOf(res), id);
    if (!revoked) throw notFound(`No token with id ${id}`);
    res.status(204).end();
  });

  return router;
}
