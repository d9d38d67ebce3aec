// A chain anchor: the seq and hash of an entry, kept outside the database from an earlier
// verification (the daily report, a ticket). The chain alone cannot show entries cut off at its
// end (what is left is still a valid, shorter chain); checked against an anchor it can: the
// anchored entry must still be there, with the same hash.

export interface ChainAnchor {
  seq: number;
  hash: string;
}

const ANCHOR = /^(\d{1,15}):([0-9a-f]{64})$/;

/** "1284:5f0c…" (seq, a colon, the 64 hex digits of the hash) or null. */
export function parseAnchor(text: string): ChainAnchor | null {
  const m = ANCHOR.exec(text.trim());
  if (!m || Number(m[1]) < 1) return null;
  return { seq: Number(m[1]), hash: m[2]! };
}

export const formatAnchor = (anchor: ChainAnchor): string => `${anchor.seq}:${anchor.hash}`;

/**
 * After the chain verified up to `lastSeq`: why the anchor does not hold, or null when it does.
 * `hashAtSeq` is the verified hash of the entry at the anchor's seq (undefined past the end).
 */
export function anchorProblem(anchor: ChainAnchor, hashAtSeq: string | undefined, lastSeq: number): { brokenAtSeq: number; reason: string } | null {
  if (anchor.seq > lastSeq) {
    return {
      brokenAtSeq: lastSeq + 1,
      reason: `the log ends at seq ${lastSeq}, but seq ${anchor.seq} was verified before: entries were cut off at the end`,
    };
  }
  if (hashAtSeq !== anchor.hash) {
    return {
      brokenAtSeq: anchor.seq,
      reason: `entry ${anchor.seq} hashes to ${(hashAtSeq ?? '').slice(0, 16)}, the anchor kept ${anchor.hash.slice(0, 16)}: the chain was rewritten from there`,
    };
  }
  return null;
}
