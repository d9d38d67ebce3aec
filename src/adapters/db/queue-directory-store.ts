// The QueueDirectory port on SQL (PostgreSQL or PGlite): one row per skill queue, the parsed
// QueueConfig as jsonb. Rows are parsed again on the way out, so defaults added to the schema
// later apply to queues stored before, and a hand-edited bad row fails loudly with its id.
import { parseQueueConfig, type QueueConfig } from '../../domain/acd/queue-config.js';
import type { QueueDirectory } from '../../ports/agent/agent-directory.js';
import type { Database } from './database.js';

interface QueueRow {
  queue_id: string;
  config: unknown;
}

const LIST_QUEUES = 'SELECT queue_id, config FROM queues ORDER BY queue_id';
const GET_QUEUE = 'SELECT queue_id, config FROM queues WHERE queue_id = $1';
const UPSERT_QUEUE = `
  INSERT INTO queues (queue_id, config) VALUES ($1, $2::text::jsonb)
  ON CONFLICT (queue_id) DO UPDATE SET config = EXCLUDED.config, updated_at = now()`;
const INSERT_QUEUE = 'INSERT INTO queues (queue_id, config) VALUES ($1, $2::text::jsonb)';
const DELETE_ALL = 'DELETE FROM queues';
const COUNT = 'SELECT count(*)::int AS n FROM queues';
/** Arbitrary, fixed: "12345" + "002". Serialises seeding across app instances. */
const SEED_LOCK_KEY = 12_345_002;
const REMOVE_QUEUE = 'DELETE FROM queues WHERE queue_id = $1 RETURNING queue_id';

export function createQueueDirectoryStore(db: Database): QueueDirectory {
  return {
    async list(): Promise<QueueConfig[]> {
      return (await db.query<QueueRow>(LIST_QUEUES)).map(toQueueConfig);
    },

    async get(queueId: string): Promise<QueueConfig | null> {
      const [row] = await db.query<QueueRow>(GET_QUEUE, [queueId]);
      return row ? toQueueConfig(row) : null;
    },

    async replaceAll(queues: QueueConfig[]): Promise<void> {
      await db.transaction(async (tx) => {
        await tx.query(DELETE_ALL);
        for (const queue of queues) await tx.query(INSERT_QUEUE, [queue.id, JSON.stringify(queue)]);
      });
    },

    async seedIfEmpty(queues: QueueConfig[]): Promise<boolean> {
      return db.transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK_KEY]);
        const [row] = await tx.query<{ n: number }>(COUNT);
        if ((row?.n ?? 0) > 0) return false;
        for (const queue of queues) await tx.query(INSERT_QUEUE, [queue.id, JSON.stringify(queue)]);
        return true;
      });
    },

    async upsert(queue: QueueConfig): Promise<void> {
      await db.query(UPSERT_QUEUE, [queue.id, JSON.stringify(queue)]);
    },

    async remove(queueId: string): Promise<boolean> {
      return (await db.query(REMOVE_QUEUE, [queueId])).length > 0;
    },
  };
}

function toQueueConfig(row: QueueRow): QueueConfig {
  const parsed = parseQueueConfig(row.config);
  if (!parsed.ok) throw new Error(`Stored queue "${row.queue_id}" is not a valid queue: ${parsed.problems.join('; ')}`);
  return parsed.value;
}
