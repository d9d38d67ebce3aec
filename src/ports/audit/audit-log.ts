// The append-only, hash-chained audit log (implemented in src/adapters/db). Each entry carries
// the hash of the one before it, so changing or removing any stored row breaks verification.
import type { ChainAnchor } from '../../domain/audit/chain-anchor.js';

export type AuditKind =
  /** A call ended: who ended the service, who hung up first, when. */
  | 'call_ended'
  /** The agent (or the caller) ended the service: the caller left the agent's bridge. */
  | 'service_ended'
  /** The incident detector flagged something in a call's timeline. */
  | 'incident'
  /** Someone fetched a recording (who, when, stated reason). */
  | 'recording_access'
  /** A recording was deleted at the end of its retention period. */
  | 'recording_deleted'
  /** Queues, settings and other configuration changed through the API. */
  | 'config_change'
  /** A dialplan file changed. */
  | 'dialplan_change'
  /** An API token was created or revoked, or its role changed. */
  | 'role_change'
  /** An agent account was created, changed or removed. */
  | 'agent_change'
  /** The app (re)connected to Asterisk and took back calls it could not see for a while (the gap). */
  | 'app_reconnected'
  /** A work order was created or an action was taken on it (subject `work_order:<no>`). */
  | 'work_order'
  /** A work order's deadline notice the hotline sent without an order action (a warning; the dispatch clock's warning and reminder). */
  | 'work_order_notice'
  /** A supervisor listened to, whispered to or barged into a call (subject `call:<id>`): started, mode, ended. */
  | 'supervision'
  /** A person logged in to a console, failed to (wrong password or unknown username alike, the username tried), was locked out or logged out (subject `user:<username>`, the client address; never the password). */
  | 'console_login';

export interface AuditEntryInput {
  kind: AuditKind;
  at: Date;
  /** Who did it: `token:<name>`, `agent:<id>`, `caller`, `system`. */
  actor: string;
  /** What it is about: `call:<id>`, `recording:<callId>`, `queue:<id>`, `token:<id>`… */
  subject: string;
  data: Record<string, unknown>;
}

export interface AuditEntry extends AuditEntryInput {
  /** 1, 2, 3… in the order appended. */
  seq: number;
  /** Hex SHA-256 of the previous entry ('' for the first). */
  prevHash: string;
  /** Hex SHA-256 of this entry's canonical form, which includes prevHash. */
  hash: string;
}

export interface AuditFilter {
  kind?: AuditKind;
  subject?: string;
  from?: Date;
  to?: Date;
  limit: number;
  offset: number;
}

export type AuditVerification =
  /** `lastSeq:lastHash` is the anchor to keep for the next verification. */
  | { ok: true; entries: number; lastSeq: number; lastHash: string }
  | { ok: false; entries: number; brokenAtSeq: number; reason: string };

export interface AuditLog {
  /** Appends one entry; concurrent appends (several app instances) are serialised. */
  append(entry: AuditEntryInput): Promise<AuditEntry>;
  list(filter: AuditFilter): Promise<AuditEntry[]>;
  /**
   * Walks the whole chain from the first entry and recomputes every hash; with an anchor kept
   * from an earlier run, also checks that entry is still there unchanged (no cut-off end).
   */
  verify(anchor?: ChainAnchor): Promise<AuditVerification>;
}
