// The console session cookie: HttpOnly (no script reads it), SameSite=Strict (no other site's
// page sends it), Path=/, no Max-Age (the server ends sessions: idle and absolute expiry), and
// Secure with the __Host- prefix when the app is behind TLS (CONSOLE_COOKIE_SECURE).
import type { Request, Response } from 'express';
import type { ConsoleSession } from '../../app/access/console-logins.js';

export interface SessionCookie {
  name: string;
  secure: boolean;
}

export const sessionCookie = (secure: boolean): SessionCookie => ({ name: secure ? '__Host-hotline_session' : 'hotline_session', secure });

/** The cookie's value in the request's Cookie header, or null. */
export function readSessionCookie(req: Request, cookie: SessionCookie): string | null {
  const header = req.get('cookie');
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === cookie.name) return part.slice(eq + 1).trim() || null;
  }
  return null;
}

const attributes = (cookie: SessionCookie) => `Path=/; HttpOnly; SameSite=Strict${cookie.secure ? '; Secure' : ''}`;

export function setSessionCookie(res: Response, cookie: SessionCookie, sessionId: string): void {
  res.append('Set-Cookie', `${cookie.name}=${sessionId}; ${attributes(cookie)}`);
}

export function clearSessionCookie(res: Response, cookie: SessionCookie): void {
  res.append('Set-Cookie', `${cookie.name}=; ${attributes(cookie)}; Max-Age=0`);
}

const KEY = 'consoleSession';

/** Set by the access middleware when the request was authenticated with a session cookie. */
export function setConsoleSession(res: Response, session: ConsoleSession): void {
  res.locals[KEY] = session;
}

export function consoleSessionOf(res: Response): ConsoleSession | null {
  return (res.locals[KEY] as ConsoleSession | undefined) ?? null;
}
