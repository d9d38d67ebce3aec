// The ConsoleUserStore port on SQL (PostgreSQL or PGlite). The password hash leaves this store
// only through findByUsername, for the login's check.
import type { ApiRole } from '../../domain/access/api-roles.js';
import { ConsoleUserConflictError, type ConsoleUser, type ConsoleUserStore } from '../../ports/access/console-user-store.js';
import type { Database } from './database.js';

interface UserRow {
  id: string;
  username: string;
  name: string;
  role: ApiRole;
  agent_id: string | null;
  department_id: string | null;
  password_changed_at: Date;
  created_at: Date;
  disabled_at: Date | null;
}

const COLUMNS = 'id, username, name, role, agent_id, department_id, password_changed_at, created_at, disabled_at';
const CREATE = `INSERT INTO console_users (id, username, name, role, agent_id, department_id, password_hash) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`;
const BY_USERNAME = `SELECT ${COLUMNS}, password_hash FROM console_users WHERE username = $1`;
const BY_ID = `SELECT ${COLUMNS} FROM console_users WHERE id = $1`;
const LIST = `SELECT ${COLUMNS} FROM console_users ORDER BY username`;
const SET_PASSWORD = `UPDATE console_users SET password_hash = $2, password_changed_at = $3 WHERE username = $1 RETURNING ${COLUMNS}`;
const DISABLE = `UPDATE console_users SET disabled_at = $2 WHERE username = $1 AND disabled_at IS NULL RETURNING ${COLUMNS}`;
const REMOVE = 'DELETE FROM console_users WHERE id = $1';

const UNIQUE_VIOLATION = '23505';

function toUser(row: UserRow): ConsoleUser {
  return {
    id: row.id,
    username: row.username,
    name: row.name,
    role: row.role,
    agentId: row.agent_id,
    departmentId: row.department_id,
    createdAt: row.created_at,
    passwordChangedAt: row.password_changed_at,
    disabledAt: row.disabled_at,
  };
}

export function createConsoleUserStore(db: Database): ConsoleUserStore {
  async function findByUsername(username: string) {
    const [row] = await db.query<UserRow & { password_hash: string }>(BY_USERNAME, [username]);
    return row ? { user: toUser(row), passwordHash: row.password_hash } : null;
  }

  return {
    async create(id, user, passwordHash) {
      try {
        const [row] = await db.query<UserRow>(CREATE, [id, user.username, user.name, user.role, user.agentId, user.departmentId, passwordHash]);
        return toUser(row!);
      } catch (err) {
        const e = err as { code?: unknown; constraint?: unknown; message?: unknown };
        if (e.code === UNIQUE_VIOLATION && `${String(e.constraint ?? '')} ${String(e.message ?? '')}`.includes('console_users_username_unique')) {
          throw new ConsoleUserConflictError(user.username);
        }
        throw err;
      }
    },

    findByUsername,

    async get(id) {
      const [row] = await db.query<UserRow>(BY_ID, [id]);
      return row ? toUser(row) : null;
    },

    async list() {
      return (await db.query<UserRow>(LIST)).map(toUser);
    },

    async setPassword(username, passwordHash, at) {
      const [row] = await db.query<UserRow>(SET_PASSWORD, [username, passwordHash, at]);
      return row ? toUser(row) : null;
    },

    async disable(username, at) {
      const [row] = await db.query<UserRow>(DISABLE, [username, at]);
      if (row) return { user: toUser(row), disabledNow: true };
      const found = await findByUsername(username);
      return found ? { user: found.user, disabledNow: false } : null;
    },

    async remove(id) {
      await db.query(REMOVE, [id]);
    },
  };
}
