// Errors of the department, category and catalogue use cases, each with a stable code the HTTP
// layer maps to a status: input that breaks a rule (400), something named that does not exist
// (404), a change that clashes with what is stored (409).
import { NamedError } from '../../domain/shared/named-error.js';

/** The change breaks a rule of the tree, the taxonomy or the catalogue; every problem is listed. */
export class DirectoryRuleError extends NamedError {
  readonly code = 'bad-request';
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
  }
}

/** A department, category or catalogue entry named in the path or the body does not exist. */
export class DirectoryNotFoundError extends NamedError {
  readonly code = 'not-found';
}

/** The change clashes with what is stored (an id taken, a department still in use). */
export class DirectoryConflictError extends NamedError {
  readonly code = 'conflict';
}
