// A retry from the dead-letter list that cannot be done: no such delivery, or one that is not
// dead (or skipped).
export class WebhookRetryError extends Error {
  constructor(readonly code: 'not-found' | 'not-retryable', message: string, readonly status?: string) {
    super(message);
    this.name = 'WebhookRetryError';
  }
}
