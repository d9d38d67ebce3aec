// API tokens as records. Only the SHA-256 of a token is stored, never the token itself.
import type { ApiRole } from '../../domain/access/api-roles.js';
import { NamedError } from '../../domain/shared/named-error.js';

export interface NewApiToken {
  /**
   * Unique among all tokens, revoked ones included, after tokenNameKey (look-alikes, case,
   * trailing dots): the audit log names tokens by it.
   */
  name: string;
  role: ApiRole;
  /** The agent an agent token acts for; null for every other role. */
  agentId: string | null;
  /** The department (承办单位) a department token belongs to; null or absent for every other role. */
  departmentId?: string | null;
}

export interface ApiTokenRecord extends NewApiToken {
  id: string;
  departmentId: string | null;
  createdAt: Date;
  revokedAt: Date | null;
}

export interface RevokeResult {
  token: ApiTokenRecord;
  /** false when the token was revoked before. */
  revokedNow: boolean;
}

export interface ApiTokenStore {
  /** Throws ApiTokenConflictError when the name, or one reading the same (tokenNameKey), is taken. */
  create(id: string, token: NewApiToken, tokenHash: string): Promise<ApiTokenRecord>;
  /** Every token, revoked ones included, oldest first. */
  list(): Promise<ApiTokenRecord[]>;
  /** The token with this hash unless it is revoked. */
  findActiveByHash(tokenHash: string): Promise<ApiTokenRecord | null>;
  /** Marks the token revoked; a second revocation keeps the first time. null for an unknown id. */
  revoke(id: string, at: Date): Promise<RevokeResult | null>;
  /** Revokes every active token of the agent (its account is deleted); returns those revoked now. */
  revokeForAgent(agentId: string, at: Date): Promise<ApiTokenRecord[]>;
  /** Deletes the row: only to undo a creation that could not be audited. */
  remove(id: string): Promise<void>;
}

export class ApiTokenConflictError extends NamedError {
  readonly code = 'token-conflict';
}
