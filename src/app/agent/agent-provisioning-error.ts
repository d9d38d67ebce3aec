import { NamedError } from '../../domain/shared/named-error.js';

/**
 * An agent's softphone account could not be put into (or taken out of) Asterisk, so the change
 * was not made: the records are as they were before. Usually Asterisk is down or restarting;
 * the request can be repeated (HTTP 503).
 */
export class AgentProvisioningError extends NamedError {
  readonly code = 'sip-provisioning-failed';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
