import { NamedError } from '../../domain/shared/named-error.js';

/** Asterisk did not answer an AMI action in time (its late answer, if any, is ignored). */
export class AmiTimeoutError extends NamedError {
  readonly code = 'ami-timeout';
  constructor(readonly action: string, readonly timeoutMs: number) {
    super(`AMI action ${action} got no answer within ${timeoutMs} ms`);
  }
}
