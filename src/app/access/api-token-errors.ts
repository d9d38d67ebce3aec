// Errors of the API token use cases, each with a stable code the HTTP layer maps to a status.

/** An agent token must name an agent that exists. */
export class TokenAgentNotFoundError extends Error {
  readonly code = 'agent-not-found';
  constructor(readonly agentId: string) {
    super(`No agent with id ${agentId}: an agent token must name an existing agent`);
    this.name = 'TokenAgentNotFoundError';
  }
}

/** The token asked for does not fit its role (agentId missing or not allowed, reserved name). */
export class TokenInputError extends Error {
  readonly code = 'bad-request';
  constructor(message: string) {
    super(message);
    this.name = 'TokenInputError';
  }
}

/** A department token must name a department that exists (an inactive one is a TokenInputError). */
export class TokenDepartmentNotFoundError extends Error {
  readonly code = 'department-not-found';
  constructor(readonly departmentId: string) {
    super(`No department with id ${departmentId}: a department token must name an existing department`);
    this.name = 'TokenDepartmentNotFoundError';
  }
}
