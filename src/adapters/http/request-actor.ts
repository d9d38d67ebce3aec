// The audit actor of a request: `token:<name>` of the token the access middleware put in
// res.locals.principal, or 'unknown' on an app built without that middleware.
import type { Response } from 'express';

export function requestActor(res: Response): string {
  const principal = res.locals.principal as { name?: unknown } | undefined;
  return typeof principal?.name === 'string' && principal.name !== '' ? `token:${principal.name}` : 'unknown';
}
