// Bad input to the agent pool (a proficiency of 7, an empty call id…): a programming error or
// bad admin data, reported before anything is written.
export class AgentPoolInputError extends Error {
  readonly code = 'invalid-agent-pool-input';

  constructor(message: string) {
    super(message);
    this.name = 'AgentPoolInputError';
  }
}
