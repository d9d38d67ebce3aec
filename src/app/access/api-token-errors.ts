// Errors of the API token use cases, each with a stable code the HTTP layer maps to a status.
import { NamedError } from '../../domain/shared/named-error.js';

/** An agent token must name an agent that exists. */
export class TokenAgentNotFoundError extends NamedError {
  readonly code = 'agent-not-found';
  constructor(readonly agentId: string) {
    super(`No agent with id ${agentId}: an agent token must name an existing agent`);
  }
}

/** The token asked for does not fit its role (agentId missing or not allowed, reserved name). */
export class TokenInputError extends NamedError {
  readonly code = 'bad-request';
}

/** A department token must name a department that exists (an inactive one is a TokenInputError). */
export class TokenDepartmentNotFoundError extends NamedError {
  readonly code = 'department-not-found';
  constructor(readonly departmentId: string) {
    super(`No department with id ${departmentId}: a department token must name an existing department`);
  }
}
