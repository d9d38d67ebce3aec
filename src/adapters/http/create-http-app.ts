// The express app: security headers on every answer, the browser consoles' pages and bundle
// (console-pages.ts, when given), the access check (token or console session, and role,
// src/domain/access), then JSON
// only (415 otherwise) with no NUL or lone surrogate in path, query or body (input-schemas.ts),
// routes, a JSON 404, and one error middleware that answers HttpError with its status and
// anything else with a 500 that hides internals.
import express, { type ErrorRequestHandler, type Request, type Router } from 'express';
import type { Logger } from 'pino';
import { apiAccessMiddleware, type ApiAccess } from './api-access-middleware.js';
import { consolePages, securityHeaders, type ConsoleWeb } from './console-pages.js';
import { HttpError } from './http-errors.js';
import { checkedPath, checkedQueryAndBody } from './input-schemas.js';

/** Whether the request carries a body (a length above 0, or chunked). */
const hasBody = (req: Request): boolean =>
  req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');

export function createHttpApp(routers: Router[], logger: Logger, access: ApiAccess, consoles?: ConsoleWeb): express.Express {
  const log = logger.child({ component: 'http' });
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // a path no route can take (broken escapes, NUL) is refused whoever asks
  app.use((req, _res, next) => {
    checkedPath(req.path);
    next();
  });
  app.use(securityHeaders);
  if (consoles) app.use(consolePages(consoles));
  // before the body is parsed: nothing of an unauthenticated request is read
  app.use(apiAccessMiddleware(access, { logger, ...(consoles ? { sessions: { cookie: consoles.cookie, logins: consoles.logins } } : {}) }));
  app.use((req, _res, next) => {
    if (hasBody(req) && !req.is('application/json')) {
      throw new HttpError(415, 'unsupported-media-type', 'The body must be JSON, sent with Content-Type: application/json');
    }
    next();
  });
  app.use(express.json({ limit: '100kb' }));
  app.use((req, _res, next) => {
    checkedQueryAndBody(req.query, req.body);
    next();
  });
  for (const router of routers) app.use(router);
  app.use((req, res) => {
    res.status(404).json({ error: { code: 'not-found', message: `No route for ${req.method} ${req.path}` } });
  });
  const onError: ErrorRequestHandler = (err, req, res, _next) => {
    if (err instanceof HttpError) {
      res.status(err.status).json({ error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } });
      return;
    }
    const status = typeof err?.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status < 500) {
      res.status(status).json({ error: { code: err.type ?? 'bad-request', message: err.message ?? 'Bad request' } });
      return;
    }
    log.error({ err, method: req.method, path: req.path }, 'request failed');
    res.status(500).json({ error: { code: 'internal', message: 'Internal error' } });
  };
  app.use(onError);
  return app;
}
