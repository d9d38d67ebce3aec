import { describe, expect, it } from 'vitest';
import {
  CHAIN_START, canonicalEntry, hashEntry, verifyChain, type ChainedEntry, type ChainLink,
} from '../../../src/domain/audit/audit-chain.js';

/** A valid chain of `count` entries. */
function chain(count: number): ChainedEntry[] {
  const entries: ChainedEntry[] = [];
  let prevHash = '';
  for (let seq = 1; seq <= count; seq += 1) {
    const link: ChainLink = {
      seq,
      at: new Date(Date.UTC(2025, 2, 1, 9, 0, seq)),
      kind: 'recording_access',
      actor: 'token:auditor',
      subject: `recording:c-${seq}`,
      data: { reason: '投诉核查', seq },
      prevHash,
    };
    const hash = hashEntry(link);
    entries.push({ ...link, hash });
    prevHash = hash;
  }
  return entries;
}

/** The chain with the entry at `index` changed and its hash recomputed (a careful forger). */
function reHashed(entries: ChainedEntry[], index: number, change: Partial<ChainLink>): ChainedEntry[] {
  return entries.map((e, i) => {
    if (i !== index) return e;
    const link = { ...e, ...change };
    return { ...link, hash: hashEntry(link) };
  });
}

describe('hashEntry', () => {
  it('is the SHA-256 hex of the canonical entry, previous hash included', () => {
    const [first] = chain(1);
    expect(canonicalEntry(first!)).toBe(
      '{"actor":"token:auditor","at":"2025-03-01T09:00:01.000Z","data":{"reason":"投诉核查","seq":1},' +
      '"kind":"recording_access","prevHash":"","seq":1,"subject":"recording:c-1"}',
    );
    expect(first!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashEntry({ ...first!, prevHash: 'x' })).not.toBe(first!.hash);
  });

  it.each<[string, Partial<ChainLink>]>([
    ['seq', { seq: 2 }],
    ['time (1 ms)', { at: new Date(Date.UTC(2025, 2, 1, 9, 0, 1, 1)) }],
    ['kind', { kind: 'config_change' }],
    ['actor', { actor: 'token:other' }],
    ['subject', { subject: 'recording:c-9' }],
    ['data', { data: { reason: '投诉核查', seq: 2 } }],
  ])('changes when the %s changes', (_field, change) => {
    const [first] = chain(1);
    expect(hashEntry({ ...first!, ...change })).not.toBe(first!.hash);
  });

  it('does not depend on the order of keys in data', () => {
    const [first] = chain(1);
    expect(hashEntry({ ...first!, data: { seq: 1, reason: '投诉核查' } })).toBe(first!.hash);
  });
});

describe('verifyChain', () => {
  it('accepts an empty and an intact chain, ending at the last entry', () => {
    expect(verifyChain([])).toEqual({ ok: true, position: CHAIN_START });
    const entries = chain(4);
    expect(verifyChain(entries)).toEqual({ ok: true, position: { seq: 4, hash: entries[3]!.hash, checked: 4 } });
  });

  it('continues from where an earlier page ended', () => {
    const entries = chain(5);
    const first = verifyChain(entries.slice(0, 2));
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    expect(verifyChain(entries.slice(2), first.position)).toEqual({ ok: true, position: { seq: 5, hash: entries[4]!.hash, checked: 5 } });
  });

  const intact = chain(5);
  it.each<[string, ChainedEntry[], number, number, RegExp]>([
    ['data changed in place', intact.map((e, i) => (i === 2 ? { ...e, data: { reason: '改' } } : e)), 3, 2, /hash mismatch/],
    ['stored hash replaced', intact.map((e, i) => (i === 0 ? { ...e, hash: 'f'.repeat(64) } : e)), 1, 0, /hash mismatch/],
    ['a changed entry re-hashed: the next one no longer links', reHashed(intact, 1, { actor: 'token:forger' }), 3, 2, /prev_hash is not the hash of the previous entry/],
    ['a middle entry removed', intact.filter((e) => e.seq !== 3), 3, 2, /gap in seq: expected 3, found 4/],
    ['the first entry removed', intact.slice(1), 1, 0, /gap in seq: expected 1, found 2/],
    ['two entries swapped', [intact[0]!, intact[2]!, intact[1]!, intact[3]!], 2, 1, /gap in seq: expected 2, found 3/],
    ['the first entry claims a previous hash', reHashed(intact.slice(0, 1), 0, { prevHash: 'a'.repeat(64) }), 1, 0, /prev_hash/],
    ['a seq repeated', [intact[0]!, intact[1]!, intact[1]!], 2, 2, /seq out of order: expected 3, found 2/],
  ])('fails on %s, naming the first broken seq', (_case, entries, brokenAtSeq, checked, reason) => {
    const result = verifyChain(entries);
    expect(result).toMatchObject({ ok: false, brokenAtSeq, checked });
    expect(result.ok === false && result.reason).toMatch(reason);
  });
});
