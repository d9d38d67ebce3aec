// The AgentDirectory port on SQL (PostgreSQL or PGlite). A taken agent id or extension is the
// database's unique violation, turned into AgentConflictError, so two concurrent creates can
// never both win. Only the SIP digest credential is stored (never the password), read only by
// sipCredentials(), never by list/get.
import type { Proficiency } from '../../domain/acd/acd-types.js';
import {
  AgentConflictError, type AgentDirectory, type AgentRecord, type AgentSipCredential, type NewAgent,
} from '../../ports/agent/agent-directory.js';
import type { Database } from './database.js';

interface AgentRow {
  agent_id: string;
  name: string;
  extension: string;
  skills: Record<string, Proficiency>;
  languages: string[];
  agent_group: string;
  created_at: Date;
  updated_at: Date;
}

const AGENT_COLUMNS = 'agent_id, name, extension, skills, languages, agent_group, created_at, updated_at';

const LIST_AGENTS = `SELECT ${AGENT_COLUMNS} FROM agents ORDER BY agent_id`;
const GET_AGENT = `SELECT ${AGENT_COLUMNS} FROM agents WHERE agent_id = $1`;
const GET_BY_EXTENSION = `SELECT ${AGENT_COLUMNS} FROM agents WHERE extension = $1`;

const CREATE_AGENT = `
  INSERT INTO agents (agent_id, name, extension, skills, languages, agent_group, sip_md5_cred)
  VALUES ($1, $2, $3, $4::text::jsonb, $5::text::jsonb, $6, $7)
  RETURNING ${AGENT_COLUMNS}`;

// An absent field (NULL parameter) keeps the stored value.
const UPDATE_AGENT = `
  UPDATE agents SET
    name        = COALESCE($2, name),
    extension   = COALESCE($3, extension),
    skills      = COALESCE($4::text::jsonb, skills),
    languages   = COALESCE($5::text::jsonb, languages),
    agent_group = COALESCE($6, agent_group),
    sip_md5_cred = COALESCE($7, sip_md5_cred),
    updated_at  = now()
  WHERE agent_id = $1
  RETURNING ${AGENT_COLUMNS}`;

const REMOVE_AGENT = 'DELETE FROM agents WHERE agent_id = $1 RETURNING agent_id';
const SIP_CREDENTIALS = 'SELECT extension, sip_md5_cred FROM agents ORDER BY extension';
const SET_SIP_CREDENTIAL = 'UPDATE agents SET sip_md5_cred = $2, updated_at = now() WHERE agent_id = $1';

const UNIQUE_VIOLATION = '23505';

export function createAgentDirectoryStore(db: Database): AgentDirectory {
  return {
    async list(): Promise<AgentRecord[]> {
      return (await db.query<AgentRow>(LIST_AGENTS)).map(toAgentRecord);
    },

    async get(agentId: string): Promise<AgentRecord | null> {
      const [row] = await db.query<AgentRow>(GET_AGENT, [agentId]);
      return row ? toAgentRecord(row) : null;
    },

    async getByExtension(extension: string): Promise<AgentRecord | null> {
      const [row] = await db.query<AgentRow>(GET_BY_EXTENSION, [extension]);
      return row ? toAgentRecord(row) : null;
    },

    async create(agent: NewAgent, sipMd5Cred: string): Promise<AgentRecord> {
      const rows = await withConflicts(agent, () =>
        db.query<AgentRow>(CREATE_AGENT, [
          agent.agentId, agent.name, agent.extension, JSON.stringify(agent.skills), JSON.stringify(agent.languages),
          agent.group, sipMd5Cred,
        ]));
      return toAgentRecord(rows[0]!);
    },

    async update(agentId, patch, sipMd5Cred): Promise<AgentRecord | null> {
      const [row] = await withConflicts({ agentId, extension: patch.extension }, () =>
        db.query<AgentRow>(UPDATE_AGENT, [
          agentId,
          patch.name ?? null,
          patch.extension ?? null,
          patch.skills === undefined ? null : JSON.stringify(patch.skills),
          patch.languages === undefined ? null : JSON.stringify(patch.languages),
          patch.group ?? null,
          sipMd5Cred ?? null,
        ]));
      return row ? toAgentRecord(row) : null;
    },

    async remove(agentId: string): Promise<boolean> {
      return (await db.query(REMOVE_AGENT, [agentId])).length > 0;
    },

    async sipCredentials(): Promise<AgentSipCredential[]> {
      const rows = await db.query<{ extension: string; sip_md5_cred: string }>(SIP_CREDENTIALS);
      return rows.map((r) => ({ extension: r.extension, md5Cred: r.sip_md5_cred }));
    },

    async setSipCredential(agentId: string, md5Cred: string): Promise<void> {
      await db.query(SET_SIP_CREDENTIAL, [agentId, md5Cred]);
    },
  };
}

/** Runs a write; a unique violation becomes AgentConflictError naming what is taken. */
async function withConflicts<T>(agent: { agentId: string; extension?: string | undefined }, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    const e = err as { code?: unknown; constraint?: unknown; message?: unknown };
    if (e.code !== UNIQUE_VIOLATION) throw err;
    // node-postgres and PGlite both report the constraint; the message is the fallback.
    const where = `${String(e.constraint ?? '')} ${String(e.message ?? '')}`;
    if (where.includes('agents_extension_unique')) {
      throw new AgentConflictError(`Extension ${agent.extension ?? ''} is already used by another agent`);
    }
    if (where.includes('agents_pkey')) throw new AgentConflictError(`An agent with id "${agent.agentId}" already exists`);
    throw err;
  }
}

function toAgentRecord(row: AgentRow): AgentRecord {
  return {
    agentId: row.agent_id,
    name: row.name,
    extension: row.extension,
    skills: row.skills,
    languages: row.languages,
    group: row.agent_group,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
