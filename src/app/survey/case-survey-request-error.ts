// A callback-survey request that cannot be taken: a number the hotline does not call, or a
// case whose survey already goes to another number.
import { NamedError } from '../../domain/shared/named-error.js';

export class CaseSurveyRequestError extends NamedError {
  constructor(readonly code: 'invalid-number' | 'case-has-survey', message: string, readonly surveyId?: number) {
    super(message);
  }
}
