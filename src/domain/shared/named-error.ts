// The base of the hotline's own errors: an Error whose `name` is its class's name, so logs and
// answers name what went wrong (`AgentStateConflictError: …`) without each class setting it.
export class NamedError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}
