// The hash chain of the audit log, as pure functions. An entry's hash is the SHA-256 (hex) of
// the canonical JSON of everything in it, the previous entry's hash included; the first entry's
// previous hash is ''. Changing, removing or reordering any stored entry therefore shows up
// when the chain is walked again from the start.
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';

/** The hashed content of one entry (the same fields as the port's AuditEntry, minus hash). */
export interface ChainLink {
  seq: number;
  at: Date;
  kind: string;
  actor: string;
  subject: string;
  data: Record<string, unknown>;
  prevHash: string;
}

export interface ChainedEntry extends ChainLink {
  hash: string;
}

/** The text that is hashed: field names fixed, keys sorted, time as ISO 8601 UTC with ms. */
export function canonicalEntry(link: ChainLink): string {
  return canonicalJson({
    seq: link.seq,
    at: link.at.toISOString(),
    kind: link.kind,
    actor: link.actor,
    subject: link.subject,
    data: link.data,
    prevHash: link.prevHash,
  });
}

export function hashEntry(link: ChainLink): string {
  return createHash('sha256').update(canonicalEntry(link), 'utf8').digest('hex');
}

/** Where a walk of the chain stands: the last entry checked (seq 0 and '' before the first). */
export interface ChainPosition {
  seq: number;
  hash: string;
  checked: number;
}

export const CHAIN_START: ChainPosition = Object.freeze({ seq: 0, hash: '', checked: 0 });

export type ChainCheck =
  | { ok: true; position: ChainPosition }
  | { ok: false; checked: number; brokenAtSeq: number; reason: string };

/**
 * Checks `entries` (in seq order) as the continuation of the chain at `from`. Stops at the
 * first broken entry and says why: a gap in seq, a prev_hash that is not the previous hash,
 * or a stored hash that does not match the entry's content.
 */
export function verifyChain(entries: readonly ChainedEntry[], from: ChainPosition = CHAIN_START): ChainCheck {
  let position = from;
  for (const entry of entries) {
    const expectedSeq = position.seq + 1;
    if (entry.seq !== expectedSeq) {
      const reason = entry.seq > expectedSeq
        ? `gap in seq: expected ${expectedSeq}, found ${entry.seq} (entries missing)`
        : `seq out of order: expected ${expectedSeq}, found ${entry.seq}`;
      return { ok: false, checked: position.checked, brokenAtSeq: entry.seq > expectedSeq ? expectedSeq : entry.seq, reason };
    }
    if (entry.prevHash !== position.hash) {
      return {
        ok: false,
        checked: position.checked,
        brokenAtSeq: entry.seq,
        reason: `prev_hash is not the hash of the previous entry (expected ${short(position.hash)}, found ${short(entry.prevHash)})`,
      };
    }
    const actual = hashEntry(entry);
    if (actual !== entry.hash) {
      return {
        ok: false,
        checked: position.checked,
        brokenAtSeq: entry.seq,
        reason: `hash mismatch: the entry's content hashes to ${short(actual)}, stored ${short(entry.hash)} (the row was changed)`,
      };
    }
    position = { seq: entry.seq, hash: entry.hash, checked: position.checked + 1 };
  }
  return { ok: true, position };
}

const short = (hash: string) => (hash === '' ? "'' (none)" : hash.slice(0, 16));
