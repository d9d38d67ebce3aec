import { describe, expect, it } from 'vitest';
import { unsafeCharacterProblem } from '../../../src/domain/text/unsafe-characters.js';

describe('unsafeCharacterProblem', () => {
  it.each([
    ['张伟'],
    ['Zhang Wei'],
    ['李娜（组长）'],
    ['O\'Brien-Smith'],
    ['Ana María'],
    ['坐席📞'],
  ])('lets a name people can read through: %s', (name) => {
    expect(unsafeCharacterProblem(name)).toBeNull();
  });

  it.each([
    ['NUL', 'a\u0000b', 'U+0000 (a control character)'],
    ['a tab', 'a\tb', 'U+0009 (a control character)'],
    ['a new line', '张伟\n', 'U+000A (a control character)'],
    ['DEL', 'a\u007Fb', 'U+007F (a control character)'],
    ['a C1 control', 'a\u0085b', 'U+0085 (a control character)'],
    ['a right-to-left override', '张伟\u202Egpj', 'U+202E (a bidirectional control character)'],
    ['a left-to-right embedding', '\u202Aabc', 'U+202A (a bidirectional control character)'],
    ['a first-strong isolate', 'a\u2068b', 'U+2068 (a bidirectional control character)'],
    ['a pop directional isolate', 'a\u2069b', 'U+2069 (a bidirectional control character)'],
    ['a left-to-right mark', 'a\u200Eb', 'U+200E (a bidirectional control character)'],
    ['a right-to-left mark', 'a\u200Fb', 'U+200F (a bidirectional control character)'],
    ['an Arabic letter mark', 'a\u061Cb', 'U+061C (a bidirectional control character)'],
    ['a zero-width space', '张\u200B伟', 'U+200B (a zero-width character)'],
    ['a zero-width non-joiner', 'a\u200Cb', 'U+200C (a zero-width character)'],
    ['a zero-width joiner', 'a\u200Db', 'U+200D (a zero-width character)'],
    ['a word joiner', 'a\u2060b', 'U+2060 (a zero-width character)'],
    ['a byte order mark', '\uFEFF张伟', 'U+FEFF (a zero-width character)'],
    ['a line separator', '张\u2028伟', 'U+2028 (a line or paragraph separator)'],
    ['a paragraph separator', '张\u2029伟', 'U+2029 (a line or paragraph separator)'],
    ['a lone high surrogate', 'a\uD800b', 'U+D800 (a lone surrogate (broken UTF-16))'],
    ['a lone low surrogate', 'a\uDC00', 'U+DC00 (a lone surrogate (broken UTF-16))'],
    ['a soft hyphen', 'a\u00ADb', 'U+00AD (an invisible formatting character)'],
    ['an invisible separator', 'a\u2063b', 'U+2063 (an invisible formatting character)'],
  ])('refuses %s, naming the character', (_what, name, problem) => {
    expect(unsafeCharacterProblem(name)).toBe(`must not contain ${problem}`);
  });

  it('names the first kind found when there are several', () => {
    expect(unsafeCharacterProblem('a\u202Eb\u0000')).toBe('must not contain U+0000 (a control character)');
  });
});
