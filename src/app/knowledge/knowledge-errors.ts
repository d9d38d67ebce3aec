// Errors of the knowledge-base use cases, each with a stable code the HTTP layer maps to a
// status: input that breaks a rule (400), an article that does not exist (404), a change made on
// a version that is no longer the article's, or an id taken (409).

/** The article breaks a rule (an unknown or inactive category). */
export class KnowledgeRuleError extends Error {
  readonly code = 'bad-request';
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
    this.name = 'KnowledgeRuleError';
  }
}

export class KnowledgeNotFoundError extends Error {
  readonly code = 'not-found';
  constructor(readonly articleId: string) {
    super(`No knowledge article with id ${articleId}`);
    this.name = 'KnowledgeNotFoundError';
  }
}

/** Someone changed the article since it was read (`currentVersion`), or the id is taken. */
export class KnowledgeConflictError extends Error {
  readonly code = 'conflict';
  constructor(message: string, readonly currentVersion: number | null) {
    super(message);
    this.name = 'KnowledgeConflictError';
  }
}
