// The express app: the access check first (token and role, src/domain/access), then JSON
// only, routes, a JSON 404, and one error middleware that answers HttpError with its status and
// anything else with a 500 that hides internals.
import express, { type ErrorRequestHandler, type Router } from 'express';
import type { Logger } from 'pino';
import { apiAccessMiddleware, type ApiAccess } from './api-access-middleware.js';
import { HttpError } from './http-errors.js';

export function createHttpApp(routers: Router[], logger: Logger, access: ApiAccess): express.Express {
  const log = logger.child({ component: 'http' });
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // before the body is parsed: nothing of an unauthenticated request is read
  app.use(apiAccessMiddleware(access, { logger }));
  app.use(express.json({ limit: '100kb' }));
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
