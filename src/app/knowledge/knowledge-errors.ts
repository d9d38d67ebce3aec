// Errors of the knowledge-base use cases, each with a stable code the HTTP layer maps to a
// status: input that breaks a rule (400), an article that does not exist (404), a change made on
// a version that is no longer the article's, or an id taken (409).
import { NamedError } from '../../domain/shared/named-error.js';

/** The article breaks a rule (an unknown or inactive category). */
export class KnowledgeRuleError extends NamedError {
  readonly code = 'bad-request';
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
  }
}

export class KnowledgeNotFoundError extends NamedError {
  readonly code = 'not-found';
  constructor(readonly articleId: string) {
    super(`No knowledge article with id ${articleId}`);
  }
}

/** Someone changed the article since it was read (`currentVersion`), or the id is taken. */
export class KnowledgeConflictError extends NamedError {
  readonly code = 'conflict';
  constructor(message: string, readonly currentVersion: number | null) {
    super(message);
  }
}
