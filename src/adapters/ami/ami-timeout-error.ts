/** Asterisk did not answer an AMI action in time (its late answer, if any, is ignored). */
export class AmiTimeoutError extends Error {
  readonly code = 'ami-timeout';
  constructor(readonly action: string, readonly timeoutMs: number) {
    super(`AMI action ${action} got no answer within ${timeoutMs} ms`);
    this.name = 'AmiTimeoutError';
  }
}
