import { NamedError } from '../../domain/shared/named-error.js';

/**
 * The call is held by another app instance of the hotline and no instance of that ARI app is
 * listening for commands (stopped, or cut off from Redis): nothing was done to the call. The
 * request can be repeated once that instance is back (HTTP 503).
 */
export class CallOwnerUnreachableError extends NamedError {
  readonly code = 'call-owner-unreachable';
  constructor(callId: string, app: string) {
    super(`The call ${callId} is held by the app instance "${app}", which is not reachable now`);
  }
}
