// Every request passes here before any router: /healthz, /readyz and the console login are
// public; everything else needs `Authorization: Bearer <token>` or, without that header, a live
// console session cookie (401 otherwise) and a line of the access policy that lets the role make
// the request (403 otherwise, also for a route with no line). A state-changing request made with
// the cookie must also carry the session's CSRF token in X-CSRF-Token (403 csrf otherwise);
// token requests need none. The principal goes to res.locals for the handlers (principalOf).
import type { Request, RequestHandler, Response } from 'express';
import type { ConsoleLogins } from '../../app/access/console-logins.js';
import { API_ACCESS_POLICY, decideAccess, isPublicRoute, type AccessRule } from '../../domain/access/api-access-policy.js';
import type { Principal } from '../../domain/access/api-roles.js';
import { CSRF_HEADER, csrfTokenMatches, needsCsrfToken } from '../../domain/access/csrf-token.js';
import type { Logger } from '../../ports/logger.js';
import { readSessionCookie, setConsoleSession, type SessionCookie } from './console-session-cookie.js';
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

/** Console sessions: the cookie and who checks it (src/app/access/console-logins.ts). */
export interface SessionAccess {
  cookie: SessionCookie;
  logins: Pick<ConsoleLogins, 'authenticate'>;
}

export function apiAccessMiddleware(
  access: ApiAccess,
  options: { policy?: readonly AccessRule[]; logger?: Logger; sessions?: SessionAccess } = {},
): RequestHandler {
  const policy = options.policy ?? API_ACCESS_POLICY;
  const log = options.logger?.child({ component: 'api-access' });
  const sessions = options.sessions;

  /** The principal of the request's session cookie, or an answer already sent (null). */
  async function sessionPrincipal(req: Request, res: Response, sessionId: string, s: SessionAccess): Promise<Principal | null> {
    let session;
    try {
      session = await s.logins.authenticate(sessionId);
    } catch (err) {
      log?.error({ err }, 'could not check a console session');
      throw unavailable('The session could not be checked right now; try again');
    }
    if (!session) {
      res.status(401).json({ error: { code: 'session-expired', message: 'The session has ended or expired: log in again' } });
      return null;
    }
    if (needsCsrfToken(req.method) && !csrfTokenMatches(session.csrfToken, req.get(CSRF_HEADER))) {
      log?.warn({ username: session.user.username, method: req.method, path: req.path }, 'console request without its CSRF token refused');
      res.status(403).json({ error: { code: 'csrf', message: `A request that changes something needs the session's token in the ${CSRF_HEADER} header` } });
      return null;
    }
    setConsoleSession(res, session);
    return session.principal;
  }

  return async (req, res, next) => {
    if (isPublicRoute(req.method, req.path, policy)) {
      next();
      return;
    }
    const header = req.get('authorization');
    const sessionId = !header && sessions ? readSessionCookie(req, sessions.cookie) : null;
    if (sessionId && sessions) {
      const principal = await sessionPrincipal(req, res, sessionId, sessions);
      if (principal) allowIfPermitted(principal, req, res, next);
      return;
    }
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
    allowIfPermitted(principal, req, res, next);
  };

  function allowIfPermitted(principal: Principal, req: Request, res: Response, next: () => void): void {
    setPrincipal(res, principal);
    const decision = decideAccess(principal, req.method, req.path, policy);
    if (!decision.allowed) {
      log?.info({ tokenName: principal.name, role: principal.role, method: req.method, path: req.path }, 'request denied');
      res.status(403).json({ error: { code: 'forbidden', message: decision.message } });
      return;
    }
    next();
  }
}
