// A notice the notifier will not store: its data carries what looks like personal data (a
// department reads the citizen's contact through its own API, never from a webhook).
import { NamedError } from '../../domain/shared/named-error.js';

export class WebhookNoticeError extends NamedError {
  readonly code = 'personal-data';
  constructor(readonly where: string) {
    super(`a department notice must not carry personal data (${where} looks like a phone or ID number)`);
  }
}
