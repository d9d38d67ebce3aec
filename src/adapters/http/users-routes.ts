// Console users over HTTP (admin only, by the access policy): people who log in to the browser
// consoles. The password is set by the admin and never answered; every change is audited.
//   POST /api/users                      {username, name, role, password, agentId?, departmentId?}  201 the user
//   GET  /api/users                      { users } (disabled ones included)
//   POST /api/users/:username/password   {password}  200 the user; the user's sessions end, a lockout is lifted
//   POST /api/users/:username/disable    200 the user; the user's sessions end at once
// 400 lists every problem (agent users name their agent, department users their department;
// other roles must not), 404 unknown agent, department or user, 409 username taken.
import { Router } from 'express';
import { z } from 'zod';
import { ConsoleUserInputError, ConsoleUserLinkNotFoundError } from '../../app/access/console-access-errors.js';
import type { ConsoleUsers } from '../../app/access/console-users.js';
import { API_ROLES } from '../../domain/access/api-roles.js';
import { consolePasswordSchema, consoleUsernameSchema } from '../../domain/access/console-username.js';
import { departmentIdSchema } from '../../domain/department/department-schemas.js';
import { displayName } from '../../domain/text/display-name-schema.js';
import { ConsoleUserConflictError, type ConsoleUser } from '../../ports/access/console-user-store.js';
import { badRequest, HttpError, notFound } from './http-errors.js';
import { agentIdSchema, pathParam } from './input-schemas.js';
import { principalOf } from './request-principal.js';
import { parseInput } from './validate.js';

const createBody = z.strictObject({
  username: consoleUsernameSchema,
  name: displayName(64),
  role: z.enum(API_ROLES, { message: `must be one of ${API_ROLES.join(', ')}` }),
  password: consolePasswordSchema,
  agentId: agentIdSchema.optional(),
  departmentId: departmentIdSchema.optional(),
});

const passwordBody = z.strictObject({ password: consolePasswordSchema });

const view = (u: ConsoleUser) => ({
  username: u.username,
  name: u.name,
  role: u.role,
  agentId: u.agentId,
  departmentId: u.departmentId,
  createdAt: u.createdAt,
  passwordChangedAt: u.passwordChangedAt,
  disabledAt: u.disabledAt,
});

async function answering<T>(work: () => Promise<T | null>, username?: string): Promise<T> {
  let result: T | null;
  try {
    result = await work();
  } catch (err) {
    if (err instanceof ConsoleUserInputError) throw badRequest(`Invalid user: ${err.message}`, [err.message]);
    if (err instanceof ConsoleUserLinkNotFoundError) throw notFound(err.message);
    if (err instanceof ConsoleUserConflictError) throw new HttpError(409, err.code, err.message);
    throw err;
  }
  if (result === null) throw notFound(`No user named ${username ?? ''}`);
  return result;
}

export function usersRoutes(users: ConsoleUsers): Router {
  const router = Router();

  router.post('/api/users', async (req, res) => {
    const b = parseInput(createBody, req.body ?? {}, 'user');
    const created = await answering(() =>
      users.create(principalOf(res), { username: b.username, name: b.name, role: b.role, agentId: b.agentId ?? null, departmentId: b.departmentId ?? null }, b.password),
    );
    res.location(`/api/users/${created.username}`);
    res.status(201).json(view(created));
  });

  router.get('/api/users', async (_req, res) => {
    res.json({ users: (await users.list()).map(view) });
  });

  router.post('/api/users/:username/password', async (req, res) => {
    const username = pathParam(consoleUsernameSchema, req.params.username, 'username');
    const b = parseInput(passwordBody, req.body ?? {}, 'password');
    res.json(view(await answering(() => users.setPassword(principalOf(res), username, b.password), username)));
  });

  router.post('/api/users/:username/disable', async (req, res) => {
    const username = pathParam(consoleUsernameSchema, req.params.username, 'username');
    res.json(view(await answering(() => users.disable(principalOf(res), username), username)));
  });

  return router;
}
