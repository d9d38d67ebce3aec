// The HTTP API on its address: listening once every part is built; on stop it takes no new
// request and closes the keep-alive connections that would hold a plain close() open for minutes.
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { createHttpApp } from '../adapters/http/create-http-app.js';
import type { Config } from '../config.js';
import type { Router } from 'express';

export async function startHttpServer(config: Config, routes: Router[], tokens: Parameters<typeof createHttpApp>[2], logger: Logger, consoles?: Parameters<typeof createHttpApp>[3]) {
  const app = createHttpApp(routes, logger, tokens, consoles);
  // the client address (login limit, audit log) from X-Forwarded-For only when a trusted proxy sends it
  app.set('trust proxy', config.HTTP_TRUST_PROXY.length > 0 ? config.HTTP_TRUST_PROXY : false);
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(config.HOTLINE_HTTP_PORT, config.HOTLINE_HTTP_HOST, () => resolve(s));
    s.once('error', reject);
  });
  logger.info({ url: `http://${config.HOTLINE_HTTP_HOST}:${config.HOTLINE_HTTP_PORT}` }, 'HTTP API listening');
  return {
    name: 'HTTP API',
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
