// The token a request was authenticated with (set by apiAccessMiddleware), for handlers that
// record who did something: `actorOf(principalOf(res))` is the audit actor `token:<name>`.
import type { Response } from 'express';
import type { Principal } from '../../domain/access/api-roles.js';

const KEY = 'principal';

export function setPrincipal(res: Response, principal: Principal): void {
  res.locals[KEY] = principal;
}

/** Throws on a public route or an app built without the access middleware: a bug, not bad input. */
export function principalOf(res: Response): Principal {
  const principal = res.locals[KEY] as Principal | undefined;
  if (!principal) throw new Error('No authenticated principal on this request (public route, or the access middleware is missing)');
  return principal;
}
