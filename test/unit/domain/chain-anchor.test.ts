import { describe, expect, it } from 'vitest';
import { anchorProblem, formatAnchor, parseAnchor } from '../../../src/domain/audit/chain-anchor.js';

const HASH = 'a'.repeat(64);

describe('chain anchor', () => {
  it('parses "<seq>:<hash>" and formats it back; anything else is null', () => {
    expect(parseAnchor(`12:${HASH}`)).toEqual({ seq: 12, hash: HASH });
    expect(formatAnchor({ seq: 12, hash: HASH })).toBe(`12:${HASH}`);
    for (const bad of ['', '12', `0:${HASH}`, `-1:${HASH}`, `12:${HASH.slice(1)}`, `12:${'A'.repeat(64)}`, `x:${HASH}`, `12:${HASH}:1`]) {
      expect(parseAnchor(bad), bad).toBeNull();
    }
  });

  it('holds when the entry at its seq has its hash; a shorter log or another hash is a problem', () => {
    expect(anchorProblem({ seq: 5, hash: HASH }, HASH, 9)).toBeNull();
    expect(anchorProblem({ seq: 5, hash: HASH }, undefined, 3)).toMatchObject({ brokenAtSeq: 4, reason: expect.stringMatching(/ends at seq 3.*cut off/) });
    expect(anchorProblem({ seq: 5, hash: HASH }, 'b'.repeat(64), 9)).toMatchObject({ brokenAtSeq: 5, reason: expect.stringMatching(/rewritten/) });
  });
});
