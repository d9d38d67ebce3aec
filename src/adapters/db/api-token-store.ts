// The ApiTokenStore port on SQL (PostgreSQL or PGlite). Lookups are by the token's SHA-256;
// the token itself never reaches the database. A name is taken when a stored name has the
// same tokenNameKey (look-alikes, case, trailing dots): the check and the insert run in one
// transaction holding an advisory lock, so two concurrent creates cannot both win; the unique
// constraint on the exact name stays as the last guard.
import type { ApiRole } from '../../domain/access/api-roles.js';
import { tokenNameKey } from '../../domain/access/token-name.js';
import { ApiTokenConflictError, type ApiTokenRecord, type ApiTokenStore, type NewApiToken, type RevokeResult } from '../../ports/access/api-token-store.js';
import type { Database } from './database.js';

interface TokenRow {
  id: string;
  name: string;
  role: ApiRole;
  agent_id: string | null;
  department_id: string | null;
  created_at: Date;
  revoked_at: Date | null;
}

const COLUMNS = 'id, name, role, agent_id, department_id, created_at, revoked_at';

const CREATE = `
  INSERT INTO api_tokens (id, name, role, agent_id, token_hash, department_id) VALUES ($1, $2, $3, $4, $5, $6)
  RETURNING ${COLUMNS}`;
const LIST = `SELECT ${COLUMNS} FROM api_tokens ORDER BY created_at, name`;
const FIND_ACTIVE = `SELECT ${COLUMNS} FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL`;
const REVOKE = `UPDATE api_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING ${COLUMNS}`;
const GET = `SELECT ${COLUMNS} FROM api_tokens WHERE id = $1`;
const REMOVE = 'DELETE FROM api_tokens WHERE id = $1';
const NAMES = 'SELECT name FROM api_tokens';
const REVOKE_FOR_AGENT = `
  UPDATE api_tokens SET revoked_at = $2 WHERE agent_id = $1 AND revoked_at IS NULL
  RETURNING ${COLUMNS}`;

const UNIQUE_VIOLATION = '23505';
/** Arbitrary, fixed: "12345" + "006" (the api_tokens migration). Serialises token creation. */
const TOKEN_NAME_LOCK_KEY = 12_345_006;

const taken = (name: string, existing: string) =>
  new ApiTokenConflictError(existing === name
    ? `A token named "${name}" already exists (names are never reused, revoked tokens included)`
    : `The name "${name}" reads the same as the existing token "${existing}" (names are compared after Unicode normalisation, ` +
      'case folding and look-alike letters, ignoring ".", "_", "-" and spaces at the ends): choose another');

export function createApiTokenStore(db: Database): ApiTokenStore {
  return {
    async create(id: string, token: NewApiToken, tokenHash: string): Promise<ApiTokenRecord> {
      const key = tokenNameKey(token.name);
      try {
        return await db.transaction(async (tx) => {
          // held until COMMIT/ROLLBACK: a concurrent creation waits here, then sees this name
          await tx.query('SELECT pg_advisory_xact_lock($1)', [TOKEN_NAME_LOCK_KEY]);
          const clash = (await tx.query<{ name: string }>(NAMES)).find((row) => tokenNameKey(row.name) === key);
          if (clash) throw taken(token.name, clash.name);
          const rows = await tx.query<TokenRow>(CREATE, [id, token.name, token.role, token.agentId, tokenHash, token.departmentId ?? null]);
          return toRecord(rows[0]!);
        });
      } catch (err) {
        const e = err as { code?: unknown; constraint?: unknown; message?: unknown };
        const where = `${String(e.constraint ?? '')} ${String(e.message ?? '')}`;
        if (e.code === UNIQUE_VIOLATION && where.includes('api_tokens_name_unique')) throw taken(token.name, token.name);
        throw err;
      }
    },

    async list(): Promise<ApiTokenRecord[]> {
      return (await db.query<TokenRow>(LIST)).map(toRecord);
    },

    async findActiveByHash(tokenHash: string): Promise<ApiTokenRecord | null> {
      const [row] = await db.query<TokenRow>(FIND_ACTIVE, [tokenHash]);
      return row ? toRecord(row) : null;
    },

    async revoke(id: string, at: Date): Promise<RevokeResult | null> {
      // the conditional update is atomic: of two concurrent revocations exactly one revokes
      const [revoked] = await db.query<TokenRow>(REVOKE, [id, at]);
      if (revoked) return { token: toRecord(revoked), revokedNow: true };
      const [row] = await db.query<TokenRow>(GET, [id]);
      return row ? { token: toRecord(row), revokedNow: false } : null;
    },

    async revokeForAgent(agentId: string, at: Date): Promise<ApiTokenRecord[]> {
      return (await db.query<TokenRow>(REVOKE_FOR_AGENT, [agentId, at])).map(toRecord);
    },

    async remove(id: string): Promise<void> {
      await db.query(REMOVE, [id]);
    },
  };
}

function toRecord(row: TokenRow): ApiTokenRecord {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    agentId: row.agent_id,
    departmentId: row.department_id,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}
