// Console sessions over HTTP: a person logs in with a username and password and gets the session
// cookie (console-session-cookie.ts) and the session's CSRF token, which every state-changing
// request made with the cookie carries in X-CSRF-Token.
//   POST   /api/session   {username, password}  public; 200 {user, csrfToken, home} + Set-Cookie
//                         401 invalid-credentials (用户名或密码错误), 423 locked (账号已锁定, Retry-After),
//                         429 too-many-attempts (尝试过于频繁: too many failed logins from this
//                         client address, Retry-After), 403 account-disabled, 503 busy
//   GET    /api/session   the session's user and CSRF token (cookie only; 400 with an API token)
//   DELETE /api/session   logout: the session ends at once, the cookie is cleared (CSRF token needed)
// The body must be JSON, which a page of another site cannot send without the browser asking
// first (CORS), so no other site can log a browser in either.
// The client address (limit per address, audit log) is express's req.ip: the connection's peer,
// or what a trusted proxy says (HTTP_TRUST_PROXY, the app's `trust proxy` setting).
import { Router, type Response } from 'express';
import { z } from 'zod';
import { LoginBusyError, LoginDisabledError, LoginLockedError, LoginRateLimitedError, LoginRefusedError } from '../../app/access/console-access-errors.js';
import type { ConsoleLogins, ConsoleSession } from '../../app/access/console-logins.js';
import { pagesOf } from '../../domain/access/console-pages.js';
import { clearSessionCookie, consoleSessionOf, readSessionCookie, setSessionCookie, type SessionCookie } from './console-session-cookie.js';
import { badRequest, HttpError } from './http-errors.js';
import { parseInput } from './validate.js';

const loginBody = z.strictObject({
  username: z.string().min(1, 'must not be empty').max(64, 'must be at most 64 characters'),
  password: z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
});

/** What the browser gets about its session: never the session id (the cookie holds it). */
export function sessionView(session: ConsoleSession) {
  const { user } = session;
  return {
    user: { username: user.username, name: user.name, role: user.role, agentId: user.agentId, departmentId: user.departmentId },
    csrfToken: session.csrfToken,
    pages: pagesOf(user.role).map((p) => p.path),
  };
}

function refused(err: unknown, res: Response): never {
  if (err instanceof LoginRefusedError) throw new HttpError(401, err.code, err.message);
  if (err instanceof LoginLockedError) {
    res.set('Retry-After', String(err.retryAfterSeconds));
    throw new HttpError(423, err.code, err.message, { retryAfterSeconds: err.retryAfterSeconds });
  }
  if (err instanceof LoginRateLimitedError) {
    res.set('Retry-After', String(err.retryAfterSeconds));
    throw new HttpError(429, err.code, err.message, { retryAfterSeconds: err.retryAfterSeconds });
  }
  if (err instanceof LoginDisabledError) throw new HttpError(403, err.code, err.message);
  if (err instanceof LoginBusyError) throw new HttpError(503, err.code, err.message);
  throw err;
}

export function sessionRoutes(logins: Pick<ConsoleLogins, 'login' | 'logout'>, cookie: SessionCookie): Router {
  const router = Router();

  router.post('/api/session', async (req, res) => {
    const body = parseInput(loginBody, req.body ?? {}, 'login');
    let session: ConsoleSession;
    try {
      session = await logins.login(body.username, body.password, req.ip);
    } catch (err) {
      refused(err, res);
    }
    // a login always starts a new session: whatever session the browser had ends
    const previous = readSessionCookie(req, cookie);
    if (previous) await logins.logout(previous);
    setSessionCookie(res, cookie, session.sessionId);
    res.set('Cache-Control', 'no-store');
    res.json(sessionView(session));
  });

  router.get('/api/session', (_req, res) => {
    const session = consoleSessionOf(res);
    if (!session) throw badRequest('This request carries an API token, not a console session');
    res.set('Cache-Control', 'no-store');
    res.json(sessionView(session));
  });

  router.delete('/api/session', async (req, res) => {
    const session = consoleSessionOf(res);
    if (!session) throw badRequest('This request carries an API token, not a console session');
    await logins.logout(session.sessionId, { user: session.user, ...(req.ip ? { address: req.ip } : {}) });
    clearSessionCookie(res, cookie);
    res.status(204).end();
  });

  return router;
}
