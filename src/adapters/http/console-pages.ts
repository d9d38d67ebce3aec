// The browser consoles' pages, served before the API's access check: each page is one HTML shell
// that loads the bundle (web/, built by `npm run build:web` into CONSOLE_WEB_DIR) and renders
// nothing from a caller or the database itself. Who may open a page is the table of
// src/domain/access/console-pages.ts: no live session → 302 to /login (?expired=1 when the
// browser's session has ended), a role not named → the 403 page. Every response of the app gets
// the security headers: a strict Content-Security-Policy (scripts from this origin only: no
// inline script, no eval), no framing, no sniffing, no referrer.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { Router, type RequestHandler, type Response } from 'express';
import type { ConsoleLogins } from '../../app/access/console-logins.js';
import type { ApiRole } from '../../domain/access/api-roles.js';
import { CONSOLE_PAGES, pageVerdict } from '../../domain/access/console-pages.js';
import { clearSessionCookie, readSessionCookie, type SessionCookie } from './console-session-cookie.js';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const securityHeaders: RequestHandler = (_req, res, next) => {
  res.set({
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
  });
  next();
};

export interface ConsoleWeb {
  /** Folder of the built bundle (console.js, console.css). */
  webDir: string;
  cookie: SessionCookie;
  logins: Pick<ConsoleLogins, 'authenticate'>;
}

/** The page shell: fixed text only; the page's name and status come from the table above, never from the request. */
const shell = (page: string, status: number) => `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>12345 热线</title>
<link rel="stylesheet" href="/assets/console.css">
<script type="module" src="/assets/console.js"></script>
</head>
<body>
<div id="app" data-page="${page}" data-status="${status}"></div>
</body>
</html>
`;

function sendShell(res: Response, page: string, status: number): void {
  res.status(status).set({ 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).send(shell(page, status));
}

export function consolePages(web: ConsoleWeb): Router {
  const router = Router();
  const built = () => existsSync(join(web.webDir, 'console.js'));

  router.use('/assets', express.static(web.webDir, { index: false, maxAge: 0 }));
  router.use('/assets', (req, res) => {
    res.status(404).json({ error: { code: 'not-found', message: `No file ${req.path} in the consoles' bundle` } });
  });

  /** The live session's role, or null; a cookie whose session has ended is cleared. */
  async function roleOf(req: express.Request, res: Response): Promise<{ role: ApiRole | null; ended: boolean }> {
    const sessionId = readSessionCookie(req, web.cookie);
    if (!sessionId) return { role: null, ended: false };
    const session = await web.logins.authenticate(sessionId);
    if (!session) clearSessionCookie(res, web.cookie);
    return { role: session?.user.role ?? null, ended: !session };
  }

  const notBuilt = (res: Response) =>
    res.status(503).type('text/plain; charset=utf-8').send('The consoles are not built: run `npm run build:web` (npm start does it).');

  router.get('/login', async (req, res) => {
    if (!built()) return void notBuilt(res);
    const { role } = await roleOf(req, res);
    if (role) return void res.redirect(302, '/');
    sendShell(res, 'login', 200);
  });

  for (const { path } of CONSOLE_PAGES) {
    router.get(path, async (req, res) => {
      if (!built()) return void notBuilt(res);
      const { role, ended } = await roleOf(req, res);
      const verdict = pageVerdict(req.path, role);
      if ('redirect' in verdict) return void res.redirect(302, ended ? '/login?expired=1' : '/login');
      if ('forbidden' in verdict) return void sendShell(res, 'forbidden', 403);
      if ('show' in verdict) return void sendShell(res, verdict.show.page, 200);
      sendShell(res, 'not-found', 404);
    });
  }
  return router;
}
