// The ApiTokenStore port on SQL (PostgreSQL or PGlite). Lookups are by the token's SHA-256;
// the token itself never reaches the database. A taken name is the database's unique
// violation, turned into ApiTokenConflictError, so two concurrent creates cannot both win.
import type { ApiRole } from '../../domain/access/api-roles.js';
import { ApiTokenConflictError, type ApiTokenRecord, type ApiTokenStore, type NewApiToken, type RevokeResult } from '../../ports/api-token-store.js';
import type { Database } from './database.js';

interface TokenRow {
  id: string;
  name: string;
  role: ApiRole;
  agent_id: string | null;
  created_at: Date;
  revoked_at: Date | null;
}

const COLUMNS = 'id, name, role, agent_id, created_at, revoked_at';

const CREATE = `
  INSERT INTO api_tokens (id, name, role, agent_id, token_hash) VALUES ($1, $2, $3, $4, $5)
  RETURNING ${COLUMNS}`;
const LIST = `SELECT ${COLUMNS} FROM api_tokens ORDER BY created_at, name`;
const FIND_ACTIVE = `SELECT ${COLUMNS} FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL`;
const REVOKE = `UPDATE api_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING ${COLUMNS}`;
const GET = `SELECT ${COLUMNS} FROM api_tokens WHERE id = $1`;
const REMOVE = 'DELETE FROM api_tokens WHERE id = $1';

const UNIQUE_VIOLATION = '23505';

export function createApiTokenStore(db: Database): ApiTokenStore {
  return {
    async create(id: string, token: NewApiToken, tokenHash: string): Promise<ApiTokenRecord> {
      try {
        const rows = await db.query<TokenRow>(CREATE, [id, token.name, token.role, token.agentId, tokenHash]);
        return toRecord(rows[0]!);
      } catch (err) {
        const e = err as { code?: unknown; constraint?: unknown; message?: unknown };
        const where = `${String(e.constraint ?? '')} ${String(e.message ?? '')}`;
        if (e.code === UNIQUE_VIOLATION && where.includes('api_tokens_name_unique')) {
          throw new ApiTokenConflictError(`A token named "${token.name}" already exists (names are never reused, revoked tokens included)`);
        }
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
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}
