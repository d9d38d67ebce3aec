import { NamedError } from '../../domain/shared/named-error.js';

/**
 * The agent is logged in (ready, not ready, ringing, on a call or in wrap-up), so the account
 * cannot be deleted: log the agent out first (请先签出). HTTP 409.
 */
export class AgentLoggedInError extends NamedError {
  readonly code = 'agent-logged-in';
  constructor(agentId: string, status: string) {
    super(`Agent ${agentId} is logged in (${status}): log the agent out first (请先签出), then delete`);
  }
}
