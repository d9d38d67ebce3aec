// Numbers read out to callers from the digit prompts (digits-0 … digits-10), Chinese style:
// 0-10 as one word, 11-19 "十X", 20-99 "X十Y"; larger numbers digit by digit.
/** The prompt of one digit (0-9), or of ten. */
export const digitPrompt = (d: number | string): string => `sound:hotline/digits-${d}`;

/** The name of a phone key as spoken: a digit, "star" or "hash". */
export const keyPrompt = (key: string): string => (key === '*' ? 'sound:hotline/key-star' : key === '#' ? 'sound:hotline/key-hash' : digitPrompt(key));

export function digitsPrompts(n: number): string[] {
  const p = digitPrompt;
  const value = Math.max(0, Math.floor(n));
  if (value <= 10) return [p(value)];
  if (value < 20) return [p(10), p(value - 10)];
  if (value < 100) {
    const tens = Math.floor(value / 10);
    const ones = value % 10;
    return ones ? [p(tens), p(10), p(ones)] : [p(tens), p(10)];
  }
  return String(value).split('').map((d) => p(Number(d)));
}
