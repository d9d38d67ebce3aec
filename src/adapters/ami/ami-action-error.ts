/** Asterisk answered an AMI action with "Response: Error". */
export class AmiActionError extends Error {
  readonly code = 'ami-action-failed';
  constructor(readonly action: string, readonly reason: string) {
    super(`AMI action ${action} failed: ${reason}`);
    this.name = 'AmiActionError';
  }
}
