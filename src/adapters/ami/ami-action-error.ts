import { NamedError } from '../../domain/shared/named-error.js';

/** Asterisk answered an AMI action with "Response: Error". */
export class AmiActionError extends NamedError {
  readonly code = 'ami-action-failed';
  constructor(readonly action: string, readonly reason: string) {
    super(`AMI action ${action} failed: ${reason}`);
  }
}
