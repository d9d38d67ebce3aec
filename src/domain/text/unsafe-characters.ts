// Characters a name shown to people must not carry: they hide or reorder what is shown (a
// right-to-left override turns "abc‮gpj.exe" around), make two names look the same (zero-width
// characters) or break a line in a log or a table. Pure.

/** Left-to-right/right-to-left marks, embeddings, overrides and isolates. */
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;
const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]/u;
const LINE_SEPARATOR = /[\u2028\u2029]/u;
const CONTROL = /\p{Cc}/u;
const LONE_SURROGATE = /\p{Cs}/u;
/** Any other invisible formatting character (soft hyphen, invisible operators, tags, …). */
const FORMAT = /\p{Cf}/u;

const KINDS: ReadonlyArray<readonly [RegExp, string]> = [
  [CONTROL, 'a control character'],
  [BIDI, 'a bidirectional control character'],
  [ZERO_WIDTH, 'a zero-width character'],
  [LINE_SEPARATOR, 'a line or paragraph separator'],
  [LONE_SURROGATE, 'a lone surrogate (broken UTF-16)'],
  [FORMAT, 'an invisible formatting character'],
];

const codePoint = (ch: string): string => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * Why `text` cannot be used as a name people read, naming the first offending character, e.g.
 * 'must not contain U+202E (a bidirectional control character)'; null when it can be.
 */
export function unsafeCharacterProblem(text: string): string | null {
  for (const [pattern, kind] of KINDS) {
    const found = pattern.exec(text);
    if (found) return `must not contain ${codePoint(found[0])} (${kind})`;
  }
  return null;
}
