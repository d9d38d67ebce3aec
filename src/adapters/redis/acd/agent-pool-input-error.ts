// Bad input to the agent pool (a proficiency of 7, an empty call id…): a programming error or
// bad admin data, reported before anything is written.
import { NamedError } from '../../../domain/shared/named-error.js';

export class AgentPoolInputError extends NamedError {
  readonly code = 'invalid-agent-pool-input';

}
