// Console users (people who log in to the browser consoles) as records. Only the scrypt hash of a
// password is stored (src/domain/access/password-hash-format.ts), never the password.
import type { ApiRole } from '../../domain/access/api-roles.js';
import { NamedError } from '../../domain/shared/named-error.js';

export interface NewConsoleUser {
  /** Lower case, unique, never reused: the audit log names the person `user:<username>`. */
  username: string;
  /** The person's name as shown on the consoles, e.g. 张伟. */
  name: string;
  role: ApiRole;
  /** The agent account an agent user works as; null for every other role (and once that agent is deleted). */
  agentId: string | null;
  /** The department (承办单位) a department user works for; null for every other role. */
  departmentId: string | null;
}

export interface ConsoleUser extends NewConsoleUser {
  id: string;
  createdAt: Date;
  passwordChangedAt: Date;
  disabledAt: Date | null;
}

export interface ConsoleUserWithHash {
  user: ConsoleUser;
  passwordHash: string;
}

export interface ConsoleUserStore {
  /** Throws ConsoleUserConflictError when the username is taken (disabled users included). */
  create(id: string, user: NewConsoleUser, passwordHash: string): Promise<ConsoleUser>;
  findByUsername(username: string): Promise<ConsoleUserWithHash | null>;
  get(id: string): Promise<ConsoleUser | null>;
  /** Every user, disabled ones included, by username. */
  list(): Promise<ConsoleUser[]>;
  /** null for an unknown username. */
  setPassword(username: string, passwordHash: string, at: Date): Promise<ConsoleUser | null>;
  /** Marks the user disabled (a second time keeps the first time); null for an unknown username. */
  disable(username: string, at: Date): Promise<{ user: ConsoleUser; disabledNow: boolean } | null>;
  /** Deletes the row: only to undo a creation that could not be audited. */
  remove(id: string): Promise<void>;
}

export class ConsoleUserConflictError extends NamedError {
  readonly code = 'user-conflict';
  constructor(readonly username: string) {
    super(`A user named "${username}" already exists (usernames are never reused, disabled users included)`);
  }
}
