// The audit actor of a request: `token:<name>` of the token the access middleware
// authenticated (request-principal.ts), or 'unknown' on a route or app without that middleware.
import type { Response } from 'express';
import { actorOf } from '../../domain/access/api-roles.js';
import { principalOf } from './request-principal.js';

export function requestActor(res: Response): string {
  try {
    return actorOf(principalOf(res));
  } catch {
    return 'unknown';
  }
}
