import { NamedError } from '../../domain/shared/named-error.js';

/** An AMI action was refused at once because the manager connection is down (never queued). */
export class AmiDisconnectedError extends NamedError {
  readonly code = 'ami-disconnected';
  constructor(action?: string) {
    super(action ? `AMI is not connected (action ${action} not sent)` : 'AMI is not connected');
  }
}
