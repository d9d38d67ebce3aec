// The shared input checks of the HTTP API: text a store can hold, ids by pattern, times in a
// sane range, whole-number limits, and the guards every request passes.
import { describe, expect, it } from 'vitest';
import {
  agentIdSchema,
  checkedPath,
  checkedQueryAndBody,
  isoTime,
  isStorableText,
  limitParam,
  safeString,
} from '../../../src/adapters/http/input-schemas.js';
import { HttpError } from '../../../src/adapters/http/http-errors.js';

const statusOf = (fn: () => void): number | null => {
  try {
    fn();
    return null;
  } catch (err) {
    return err instanceof HttpError ? err.status : -1;
  }
};

describe('isStorableText', () => {
  it.each([['张伟'], ['😀'], [''], ['a\tb'], ['\u202E']])('takes %j', (s) => {
    expect(isStorableText(s)).toBe(true);
  });
  it.each([['\u0000'], ['a\u0000b'], ['\uD800'], ['\uDFFF'], ['a\uDBFFb'], ['\uDC00\uD800']])('refuses %j', (s) => {
    expect(isStorableText(s)).toBe(false);
  });
});

describe('schemas', () => {
  it('safeString bounds the length and refuses NUL and lone surrogates', () => {
    expect(safeString(5).safeParse('abcde').success).toBe(true);
    expect(safeString(5).safeParse('abcdef').success).toBe(false);
    expect(safeString(5).safeParse('a\u0000').success).toBe(false);
    expect(safeString(5).safeParse('\uD800').success).toBe(false);
    expect(safeString(5).safeParse(5).success).toBe(false);
  });

  it('agent ids follow their pattern', () => {
    expect(agentIdSchema.safeParse('zhang-wei').success).toBe(true);
    for (const bad of ['\u0000', 'Zhang', 'a--b', '-a', 'a'.repeat(33), '', '../x']) expect(agentIdSchema.safeParse(bad).success).toBe(false);
  });

  it('times are ISO 8601 with an offset, from 2000 to 2099', () => {
    expect(isoTime.safeParse('2026-11-22T08:00:00+08:00').success).toBe(true);
    expect(isoTime.safeParse('2000-01-01T00:00:00Z').success).toBe(true);
    for (const bad of ['0000-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '1999-12-31T23:59:59Z', '2100-01-01T00:00:00Z', '2026-11-22', 'NaN']) {
      expect(isoTime.safeParse(bad).success, bad).toBe(false);
    }
  });

  it('limits are whole numbers within their range', () => {
    const limit = limitParam(500, 50);
    expect(limit.parse(undefined)).toBe(50);
    expect(limit.parse('20')).toBe(20);
    for (const bad of ['-1', '0', '1e309', 'NaN', '1.5', '501', 'x']) expect(limit.safeParse(bad).success, bad).toBe(false);
  });
});

describe('the request guards', () => {
  it('refuse a path with a broken escape, a NUL or a lone surrogate with 400', () => {
    expect(statusOf(() => checkedPath('/api/agents/zhang-wei/state'))).toBeNull();
    expect(statusOf(() => checkedPath('/api/agents/%E5%BC%A0'))).toBeNull();
    for (const bad of ['/api/agents/%E0%A4%A', '/api/agents/%', '/api/agents/%00/state', '/api/agents/%ED%A0%80']) {
      expect(statusOf(() => checkedPath(bad)), bad).toBe(400);
    }
  });

  it('refuse NUL and lone surrogates anywhere in the query or body, keys included, and deep nesting', () => {
    expect(statusOf(() => checkedQueryAndBody({ from: '2026-01-01T00:00:00Z' }, { name: '张伟', skills: { a: 1 }, l: ['zh'] }))).toBeNull();
    expect(statusOf(() => checkedQueryAndBody({ agentId: '\u0000' }, undefined))).toBe(400);
    expect(statusOf(() => checkedQueryAndBody({ '\u0000': 'x' }, undefined))).toBe(400);
    expect(statusOf(() => checkedQueryAndBody({}, { a: [{ b: 'x\uD800' }] }))).toBe(400);
    expect(statusOf(() => checkedQueryAndBody({}, { '\uDFFF': 1 }))).toBe(400);
    let deep: unknown = 1;
    for (let i = 0; i < 40; i += 1) deep = [deep];
    expect(statusOf(() => checkedQueryAndBody({}, deep))).toBe(400);
  });
});
