import { describe, expect, it } from 'vitest';
import { JsonSyntaxError, parseLocatedJson } from '../../../src/domain/text/located-json.js';

describe('JSON with positions', () => {
  it('parses like JSON.parse and knows where each value starts', () => {
    const text = '\uFEFF{\n  "a": [1, {"b": "x\\n\\u4e2d"}],\n  "c": -1.5e2, "d": null\n}';
    const j = parseLocatedJson(text);
    expect(j.value).toEqual(JSON.parse(text.slice(1)));
    expect(j.positionOf(['a', 1, 'b'])).toEqual({ line: 2, column: 18 });
    expect(j.positionOf(['c'])).toEqual({ line: 3, column: 8 });
    expect(j.positionOf(['a', 1, 'missing'])).toEqual({ line: 2, column: 12 });
  });

  it.each([
    ['{"a": 1,}', 1, 9],
    ['[1, 2', 1, 6],
    ['{"a" 1}', 1, 6],
    ['{\n"a": tru}', 2, 6],
    ['{"a": "b\nc"}', 1, 9],
    ['{} x', 1, 4],
    ['01', 1, 2],
  ])('%j is refused at line %i, column %i', (text, line, column) => {
    try {
      parseLocatedJson(text);
      throw new Error('accepted');
    } catch (err) {
      expect(err).toBeInstanceOf(JsonSyntaxError);
      expect((err as JsonSyntaxError).position).toEqual({ line, column });
    }
  });

  it('refuses deep nesting instead of overflowing the stack', () => {
    expect(() => parseLocatedJson('['.repeat(10_000))).toThrow(/nested more than/);
  });
});
