// Every request passes here before any router: /healthz and /readyz are public; everything else
// needs `Authorization: Bearer <token>` (401 otherwise) and a line of the access policy that
// lets the token's role make the request (403 otherwise, also for a route with no line).
// The principal goes to res.locals for the handlers (principalOf).
import type { RequestHandler, Response } from 'express';
import { API_ACCESS_POLICY, decideAccess, isPublicRoute, type AccessRule } from '../../domain/access/api-access-policy.js';
import type { Principal } from '../../domain/access/api-roles.js';
import type { Logger } from '../../ports/logger.js';
import { unavailable } from './http-errors.js';
import { setPrincipal } from './request-principal.js';

export interface ApiAccess {
  /** The principal of a presented token, or null when it is unknown or revoked. */
  authenticate(token: string): Promise<Principal | null>;
}

const REALM = 'hotline12345';
const BEARER = /^Bearer +([^\s]+) *$/i;

function unauthenticated(res: Response, message: string, invalidToken: boolean): void {
  res.set('WWW-Authenticate', `Bearer realm="${REALM}"${invalidToken ? ', error="invalid_token"' : ''}`);
  res.status(401).json({ error: { code: 'unauthenticated', message } });
}

export function apiAccessMiddleware(access: ApiAccess, options: { policy?: readonly AccessRule[]; logger?: Logger } = {}): RequestHandler {
  const policy = options.policy ?? API_ACCESS_POLICY;
  const log = options.logger?.child({ component: 'api-access' });

  return async (req, res, next) => {
    if (isPublicRoute(req.method, req.path, policy)) {
      next();
      return;
    }
    const header = req.get('authorization');
    if (!header) {
      unauthenticated(res, 'This API needs a token: send "Authorization: Bearer <token>"', false);
      return;
    }
    const token = BEARER.exec(header)?.[1];
    if (!token) {
      unauthenticated(res, 'The Authorization header must be "Bearer <token>"', true);
      return;
    }
    let principal: Principal | null;
    try {
      principal = await access.authenticate(token);
    } catch (err) {
      log?.error({ err }, 'could not check an API token');
      throw unavailable('The token could not be checked right now; try again');
    }
    if (!principal) {
      unauthenticated(res, 'The token is unknown or revoked', true);
      return;
    }
    setPrincipal(res, principal);
    const decision = decideAccess(principal, req.method, req.path, policy);
    if (!decision.allowed) {
      log?.info({ tokenName: principal.name, role: principal.role, method: req.method, path: req.path }, 'request denied');
      res.status(403).json({ error: { code: 'forbidden', message: decision.message } });
      return;
    }
    next();
  };
}
