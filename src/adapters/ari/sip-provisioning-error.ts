// Why putting an agent's softphone account into Asterisk (or taking it out) failed.
//   sip-account-invalid   the extension or password is not acceptable (checked before any request)
//   sip-account-static    the id is defined in pjsip.conf: ARI push configuration cannot change it
//   ari-unreachable       no answer from ARI (Asterisk down or restarting, timeout)
//   ari-rejected          ARI answered with an error (credentials, field validation, no sorcery.conf)
import { NamedError } from '../../domain/shared/named-error.js';

export type SipProvisioningErrorCode = 'sip-account-invalid' | 'sip-account-static' | 'ari-unreachable' | 'ari-rejected';

export class SipProvisioningError extends NamedError {
  constructor(
    readonly code: SipProvisioningErrorCode,
    message: string,
    options?: { cause?: unknown; status?: number },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.status = options?.status;
  }

  /** The ARI HTTP status, when ARI answered. */
  readonly status: number | undefined;
}
