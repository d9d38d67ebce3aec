// A retry from the dead-letter list that cannot be done: no such delivery, or one that is not
// dead (or skipped).
import { NamedError } from '../../domain/shared/named-error.js';

export class WebhookRetryError extends NamedError {
  constructor(readonly code: 'not-found' | 'not-retryable', message: string, readonly status?: string) {
    super(message);
  }
}
