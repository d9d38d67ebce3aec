// A "skeleton" of a string in the spirit of Unicode TS #39: two strings that people would read
// as the same get the same skeleton. Covers what matters for names in this system: Unicode
// compatibility forms (full-width letters), accents, case, and the common Cyrillic and Greek letters
// (and a few Latin digit/letter pairs) that look like Latin ones. Not the full confusables
// table. Pure.

/** Look-alikes of Latin letters, mapped before case folding (so uppercase look-alikes count). */
const LOOK_ALIKES: Readonly<Record<string, string>> = {
  // Cyrillic
  'а': 'a', 'А': 'A', 'в': 'b', 'В': 'B', 'с': 'c', 'С': 'C', 'ԁ': 'd', 'е': 'e', 'Е': 'E',
  'һ': 'h', 'Н': 'H', 'і': 'i', 'І': 'I', 'ј': 'j', 'Ј': 'J', 'к': 'k', 'К': 'K', 'ӏ': 'l',
  'м': 'm', 'М': 'M', 'п': 'n', 'о': 'o', 'О': 'O', 'р': 'p', 'Р': 'P', 'ԛ': 'q', 'ѕ': 's', 'Ѕ': 'S', 'т': 't',
  'Т': 'T', 'у': 'y', 'У': 'Y', 'ү': 'y', 'Ү': 'Y', 'х': 'x', 'Х': 'X', 'ԝ': 'w', 'Ԝ': 'W', 'ь': 'b', 'Ь': 'b',
  // Greek
  'α': 'a', 'Α': 'A', 'Β': 'B', 'ϲ': 'c', 'Ϲ': 'C', 'ε': 'e', 'Ε': 'E', 'Ζ': 'Z', 'η': 'n', 'Η': 'H', 'ι': 'i',
  'Ι': 'I', 'κ': 'k', 'Κ': 'K', 'Μ': 'M', 'ν': 'v', 'Ν': 'N', 'ο': 'o', 'Ο': 'O', 'ρ': 'p', 'Ρ': 'P', 'τ': 't',
  'Τ': 'T', 'υ': 'u', 'Υ': 'Y', 'χ': 'x', 'Χ': 'X', 'ω': 'w',
};

/** Latin and digit look-alikes, after case folding: l/1 → i, 0 → o, rn → m, vv → w. */
const LATIN_PAIRS: ReadonlyArray<readonly [RegExp, string]> = [
  [/[l1|]/g, 'i'],
  [/0/g, 'o'],
  [/rn/g, 'm'],
  [/vv/g, 'w'],
];

const MARKS = /\p{M}/gu;

/** Compatibility decomposition without accents, look-alike letters to Latin, case folding, then the Latin pairs. */
export function confusableSkeleton(text: string): string {
  let s = [...text.normalize('NFKD').replace(MARKS, '')].map((ch) => LOOK_ALIKES[ch] ?? ch).join('');
  // upper then lower folds what lower alone keeps apart (ß → ss, dotless ı → i, ſ → s)
  s = s.toUpperCase().toLowerCase().normalize('NFKC');
  for (const [pattern, replacement] of LATIN_PAIRS) s = s.replace(pattern, replacement);
  return s;
}
