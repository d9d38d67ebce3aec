// Errors the HTTP API answers with: a status, a stable code and a message for people.
import { NamedError } from '../../domain/shared/named-error.js';

export class HttpError extends NamedError {
  constructor(readonly status: number, readonly code: string, message: string, readonly details?: unknown) {
    super(message);
  }
}

export const badRequest = (message: string, details?: unknown) => new HttpError(400, 'bad-request', message, details);
export const notFound = (message: string) => new HttpError(404, 'not-found', message);
export const unavailable = (message: string) => new HttpError(503, 'unavailable', message);
