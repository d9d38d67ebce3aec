// The keys of the per-call rating (一次一评), e.g. "1=satisfied,2=basically_satisfied,3=dissatisfied".
// Values are lower-case words; keys are the DTMF digits 0-9; at least two, no key twice.

export type RatingKeyMap = Readonly<Record<string, string>>;

export function parseRatingKeys(text: string): RatingKeyMap {
  const map: Record<string, string> = {};
  const pairs = text.split(',').map((p) => p.trim()).filter(Boolean);
  for (const pair of pairs) {
    const m = /^([0-9])=([a-z][a-z_]{1,39})$/.exec(pair);
    if (!m) throw new Error(`"${pair}" is not key=value (a digit 0-9, then a lower-case word such as satisfied)`);
    const [, key, value] = m as unknown as [string, string, string];
    if (map[key]) throw new Error(`key ${key} is given twice`);
    if (value === 'not_rated') throw new Error('"not_rated" is what an unrated call is called; choose another value');
    map[key] = value;
  }
  if (Object.keys(map).length < 2) throw new Error('a rating needs at least two keys');
  return Object.freeze(map);
}
