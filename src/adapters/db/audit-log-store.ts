// The AuditLog port on SQL (PostgreSQL or PGlite). Appends run in a transaction that first
// takes a transaction-scoped advisory lock, then reads the head of the chain and inserts the
// next entries: appends from several app instances queue on the lock, so the chain never forks
// (and seq is the primary key, so a fork could not be stored anyway). The store has no update
// or delete; the table's trigger refuses them too.
// Appends are group-committed (group-writer.ts): the entries appended while a transaction is in
// flight wait in the app, not on the lock, and go together in the next transaction (one lock,
// one head read, one INSERT, one commit), in the order they were appended. So a burst of appends
// (every ended call is reviewed and audited) holds one database connection instead of one each
// waiting on the lock while the call flow waits for a free connection.
import { CHAIN_START, hashEntry, verifyChain, type ChainedEntry, type ChainPosition } from '../../domain/audit/audit-chain.js';
import { toJsonValue } from '../../domain/audit/canonical-json.js';
import { anchorProblem, type ChainAnchor } from '../../domain/audit/chain-anchor.js';
import type {
  AuditEntry, AuditEntryInput, AuditFilter, AuditKind, AuditLog, AuditVerification,
} from '../../ports/audit/audit-log.js';
import type { Database } from './database.js';
import { createGroupWriter, valuesOfRows } from './group-writer.js';

/** Arbitrary, fixed: "12345" + "004" (the audit log's migration). Serialises appends. */
const APPEND_LOCK_KEY = 12_345_004;
export interface AuditLogStoreOptions {
  /** Rows read per round while verifying, so a long chain is never held in memory at once. */
  verifyPageSize?: number;
}

/** Entries in one group commit at most (8 parameters each). */
const MAX_GROUP = 100;

interface PendingAppend {
  input: AuditEntryInput;
  data: Record<string, unknown>;
  at: Date;
}

interface AuditRow {
  seq: number | string | bigint;
  at: Date;
  kind: string;
  actor: string;
  subject: string;
  data: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

const COLUMNS = 'seq, at, kind, actor, subject, data, prev_hash, hash';
const HEAD = 'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1';
/** One INSERT of `rows` entries, 8 parameters each. */
const insertRows = (rows: number) =>
  `INSERT INTO audit_log (seq, at, kind, actor, subject, data, prev_hash, hash) VALUES ${valuesOfRows(rows, ['', '', '', '', '', '::text::jsonb', '', ''])}`;
// from inclusive, to exclusive; newest first.
const LIST = `
  SELECT ${COLUMNS} FROM audit_log
  WHERE ($1::text IS NULL OR kind = $1)
    AND ($2::text IS NULL OR subject = $2)
    AND ($3::timestamptz IS NULL OR at >= $3)
    AND ($4::timestamptz IS NULL OR at < $4)
  ORDER BY seq DESC
  LIMIT $5 OFFSET $6`;
const PAGE = `SELECT ${COLUMNS} FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2`;

export function createAuditLogStore(db: Database, options: AuditLogStoreOptions = {}): AuditLog {
  const pageSize = options.verifyPageSize ?? 1_000;
  /** Appends the group after the head of the chain, in one transaction; the entries as stored. */
  const appends = createGroupWriter<PendingAppend, AuditEntry>((group) =>
    db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [APPEND_LOCK_KEY]);
      const [head] = await tx.query<{ seq: number | string | bigint; hash: string }>(HEAD);
      let seq = head ? Number(head.seq) : 0;
      let prevHash = head ? head.hash : '';
      const entries: AuditEntry[] = [];
      const params: unknown[] = [];
      for (const { input, data, at } of group) {
        seq += 1;
        const link = { seq, at, kind: input.kind, actor: input.actor, subject: input.subject, data, prevHash };
        const hash = hashEntry(link);
        entries.push({ ...link, hash });
        params.push(seq, at, input.kind, input.actor, input.subject, JSON.stringify(data), prevHash, hash);
        prevHash = hash;
      }
      await tx.query(insertRows(group.length), params);
      return entries;
    }), MAX_GROUP);

  return {
    async append(input: AuditEntryInput): Promise<AuditEntry> {
      if (Number.isNaN(input.at.getTime())) throw new Error('Audit entry time is not a valid date');
      // Hash exactly what reads back from the jsonb column (Dates as strings, no undefined).
      const data = toJsonValue(input.data) as Record<string, unknown>;
      if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new Error('Audit entry data must be a JSON object');
      // Time as stored: timestamptz keeps ms exactly, so the read-back hashes the same.
      const at = new Date(input.at.getTime());
      return appends.write({ input, data, at });
    },

    async list(filter: AuditFilter): Promise<AuditEntry[]> {
      const rows = await db.query<AuditRow>(LIST, [
        filter.kind ?? null, filter.subject ?? null, filter.from ?? null, filter.to ?? null, filter.limit, filter.offset,
      ]);
      return rows.map(toEntry);
    },

    async verify(anchor?: ChainAnchor): Promise<AuditVerification> {
      let position: ChainPosition = CHAIN_START;
      let hashAtAnchor: string | undefined;
      for (;;) {
        const rows = await db.query<AuditRow>(PAGE, [position.seq, pageSize]);
        if (rows.length === 0) {
          const problem = anchor ? anchorProblem(anchor, hashAtAnchor, position.seq) : null;
          if (problem) return { ok: false, entries: position.checked, ...problem };
          return { ok: true, entries: position.checked, lastSeq: position.seq, lastHash: position.hash };
        }
        const entries = rows.map(toEntry);
        if (anchor) hashAtAnchor ??= entries.find((e) => e.seq === anchor.seq)?.hash;
        const check = verifyChain(entries, position);
        if (!check.ok) return { ok: false, entries: check.checked, brokenAtSeq: check.brokenAtSeq, reason: check.reason };
        position = check.position;
      }
    },
  };
}

function toEntry(row: AuditRow): AuditEntry & ChainedEntry {
  return {
    seq: Number(row.seq),
    at: row.at,
    kind: row.kind as AuditKind,
    actor: row.actor,
    subject: row.subject,
    data: row.data,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
