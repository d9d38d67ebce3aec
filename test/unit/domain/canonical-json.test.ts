import { describe, expect, it } from 'vitest';
import { canonicalJson, NotJsonError, toJsonValue } from '../../../src/domain/audit/canonical-json.js';

describe('canonicalJson', () => {
  it.each([
    ['null', null, 'null'],
    ['booleans', [true, false], '[true,false]'],
    ['numbers as JSON writes them', [1, 1.5, -0, 1e21, 0.1], '[1,1.5,0,1e+21,0.1]'],
    ['strings escaped, Chinese kept', ['a"b\\c\n', '市民'], '["a\\"b\\\\c\\n","市民"]'],
    ['keys sorted, no whitespace', { b: 1, a: { d: [], c: {} } }, '{"a":{"c":{},"d":[]},"b":1}'],
    ['undefined members left out, in arrays null', { a: undefined, b: [undefined] }, '{"b":[null]}'],
    ['a Date as ISO 8601 UTC', { at: new Date('2025-03-01T09:00:00.123+08:00') }, '{"at":"2025-03-01T01:00:00.123Z"}'],
    ['keys in code unit order', { B: 1, a: 2, _: 3, '10': 4, '9': 5 }, '{"10":4,"9":5,"B":1,"_":3,"a":2}'],
  ])('%s', (_name, value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it('is the same text whatever order the keys were written in', () => {
    expect(canonicalJson({ x: 1, y: { p: 1, q: 2 } })).toBe(canonicalJson({ y: { q: 2, p: 1 }, x: 1 }));
  });

  it.each([
    ['NaN', { a: { b: Number.NaN } }, /\$\.a\.b: NaN/],
    ['Infinity', [Number.POSITIVE_INFINITY], /\$\[0\]: Infinity/],
    ['a bigint', { n: 1n }, /\$\.n: a bigint/],
    ['a function', { f: () => 1 }, /\$\.f: a function/],
    ['a Map', { m: new Map() }, /\$\.m: an object of type Map/],
    ['an invalid Date', { d: new Date(Number.NaN) }, /\$\.d: an invalid Date/],
    ['a NUL character', { s: 'a\u0000' }, /NUL/],
  ])('refuses %s, naming where it is', (_name, value, message) => {
    expect(() => canonicalJson(value)).toThrow(NotJsonError);
    expect(() => canonicalJson(value)).toThrow(message);
  });
});

describe('toJsonValue', () => {
  it('gives what a JSON column reads back', () => {
    expect(toJsonValue({ at: new Date('2025-03-01T00:00:00Z'), gone: undefined, list: [1, 'a'] }))
      .toEqual({ at: '2025-03-01T00:00:00.000Z', list: [1, 'a'] });
  });
});
