// API tokens (接口令牌): issue one for a role (shown once), list them, revoke one (at once), and
// authenticate a request's token. Only SHA-256 hashes are stored. HOTLINE_ADMIN_TOKEN is the
// bootstrap admin: it is never stored, so it works on an empty database and cannot be revoked
// through the API (change the setting and restart to replace it).
// Creation and revocation go to the audit log (kind role_change) when one is given; a creation
// that cannot be audited is undone.
import { randomUUID, timingSafeEqual } from 'node:crypto';
import { actorOf, type Principal } from '../../domain/access/api-roles.js';
import { reservedTokenName } from '../../domain/access/token-name.js';
import type { AgentDirectory } from '../../ports/agent/agent-directory.js';
import type { ApiTokenRecord, ApiTokenStore, NewApiToken } from '../../ports/access/api-token-store.js';
import type { AuditLog } from '../../ports/audit/audit-log.js';
import type { DepartmentDirectory } from '../../ports/department/department-directory.js';
import type { Logger } from '../../ports/logger.js';
import { TokenAgentNotFoundError, TokenDepartmentNotFoundError, TokenInputError } from './api-token-errors.js';
import { generateApiToken, hashApiToken } from './api-token-secret.js';

/** The principal of HOTLINE_ADMIN_TOKEN; audit entries name it `token:bootstrap-admin`. */
export const BOOTSTRAP_ADMIN: Principal = Object.freeze({ tokenId: 'bootstrap', name: 'bootstrap-admin', role: 'admin', agentId: null, departmentId: null });

/** Longer than any token this API issues or accepts as HOTLINE_ADMIN_TOKEN is worth hashing. */
const MAX_TOKEN_LENGTH = 512;

export interface ApiTokensDeps {
  store: ApiTokenStore;
  agents: Pick<AgentDirectory, 'get'>;
  /** Where department tokens' departments are looked up; without it no department token can be issued. */
  departments?: Pick<DepartmentDirectory, 'department'>;
  /** HOTLINE_ADMIN_TOKEN. */
  adminToken: string;
  audit?: AuditLog;
  now: () => Date;
  logger?: Logger;
  /** Defaults: 32 random bytes base64url, a random UUID. */
  generateToken?: () => string;
  newId?: () => string;
}

export interface IssuedToken {
  record: ApiTokenRecord;
  /** The token itself: shown in this answer only. */
  token: string;
}

export interface ApiTokens {
  /** The principal of a presented token, or null when it is unknown or revoked (or its department is inactive). */
  authenticate(token: string): Promise<Principal | null>;
  /** Throws TokenInputError, TokenAgentNotFoundError, TokenDepartmentNotFoundError or ApiTokenConflictError (name taken). */
  issue(actor: Principal, input: NewApiToken): Promise<IssuedToken>;
  list(): Promise<ApiTokenRecord[]>;
  /** null for an unknown id; revoking a revoked token changes nothing. */
  revoke(actor: Principal, id: string): Promise<ApiTokenRecord | null>;
  /**
   * Revokes every active token of the agent, whose account goes: a token never outlives its
   * agent nor passes to a new agent with the same id. `actor` as in the audit log (`token:<name>`).
   */
  revokeAgentTokens(actor: string, agentId: string): Promise<ApiTokenRecord[]>;
}

export function createApiTokens(deps: ApiTokensDeps): ApiTokens {
  const { store, agents, audit, now } = deps;
  const generateToken = deps.generateToken ?? generateApiToken;
  const newId = deps.newId ?? randomUUID;
  const log = deps.logger?.child({ component: 'api-tokens' });
  const adminHash = Buffer.from(hashApiToken(deps.adminToken), 'hex');

  const isAdminToken = (hash: string) => timingSafeEqual(Buffer.from(hash, 'hex'), adminHash);

  /** Logs and audits a revocation done now. It stands even if the audit log fails: a token must stop working at once. */
  async function revoked(actor: string, token: ApiTokenRecord, reason?: string): Promise<void> {
    log?.info({ tokenId: token.id, name: token.name, by: actor, ...(reason ? { reason } : {}) }, 'API token revoked');
    await audit?.append({
      kind: 'role_change',
      at: now(),
      actor,
      subject: `token:${token.id}`,
      data: { action: 'revoke', role: token.role, name: token.name, ...(token.agentId ? { agentId: token.agentId } : {}), ...(reason ? { reason } : {}) },
    });
  }

  /** A department token names an existing, active department; no other token names one. */
  async function checkDepartment(input: NewApiToken): Promise<void> {
    const departmentId = input.departmentId ?? null;
    if (input.role === 'department' && !departmentId) throw new TokenInputError('departmentId: a department token must name the department it acts for');
    if (input.role !== 'department' && departmentId) throw new TokenInputError(`departmentId: only department tokens name a department (this one has role ${input.role})`);
    if (!departmentId) return;
    const department = deps.departments ? await deps.departments.department(departmentId) : null;
    if (!department) throw new TokenDepartmentNotFoundError(departmentId);
    if (!department.active) throw new TokenInputError(`departmentId: department "${departmentId}" is inactive`);
  }

  return {
    async authenticate(token: string): Promise<Principal | null> {
      if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) return null;
      const hash = hashApiToken(token);
      if (isAdminToken(hash)) return BOOTSTRAP_ADMIN;
      const record = await store.findActiveByHash(hash);
      if (!record) return null;
      // a department token acts only while its department is active
      if (record.role === 'department' && !(record.departmentId && (await deps.departments?.department(record.departmentId))?.active)) return null;
      return { tokenId: record.id, name: record.name, role: record.role, agentId: record.agentId, departmentId: record.departmentId };
    },

    async issue(by: Principal, input: NewApiToken): Promise<IssuedToken> {
      const reserved = reservedTokenName(input.name);
      if (reserved) {
        const what = reserved === input.name ? `"${reserved}" is reserved` : `"${input.name}" looks like "${reserved}", which is reserved`;
        throw new TokenInputError(`name: ${what} for ${reserved === BOOTSTRAP_ADMIN.name ? 'HOTLINE_ADMIN_TOKEN' : "the system's own audit entries"}`);
      }
      if (input.role === 'agent' && !input.agentId) throw new TokenInputError('agentId: an agent token must name the agent it acts for');
      if (input.role !== 'agent' && input.agentId) throw new TokenInputError(`agentId: only agent tokens name an agent (this one has role ${input.role})`);
      if (input.agentId && !(await agents.get(input.agentId))) throw new TokenAgentNotFoundError(input.agentId);
      await checkDepartment(input);

      const token = generateToken();
      const record = await store.create(newId(), input, hashApiToken(token));
      if (audit) {
        try {
          await audit.append({
            kind: 'role_change',
            at: now(),
            actor: actorOf(by),
            subject: `token:${record.id}`,
            data: { action: 'create', role: record.role, name: record.name, ...(record.agentId ? { agentId: record.agentId } : {}), ...(record.departmentId ? { departmentId: record.departmentId } : {}) },
          });
        } catch (err) {
          // a token nobody can find in the audit log must not exist
          await store.remove(record.id);
          throw err;
        }
      }
      log?.info({ tokenId: record.id, name: record.name, role: record.role, by: actorOf(by) }, 'API token created');
      return { record, token };
    },

    list: () => store.list(),

    async revoke(by: Principal, id: string): Promise<ApiTokenRecord | null> {
      const result = await store.revoke(id, now());
      if (!result) return null;
      if (result.revokedNow) await revoked(actorOf(by), result.token);
      return result.token;
    },

    async revokeAgentTokens(actor: string, agentId: string): Promise<ApiTokenRecord[]> {
      const tokens = await store.revokeForAgent(agentId, now());
      for (const token of tokens) await revoked(actor, token, 'agent removed');
      return tokens;
    },
  };
}
