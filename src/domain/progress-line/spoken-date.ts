// A month and a day read out in Mandarin from the digit prompts (digits-0 … digits-10 exist,
// nothing larger): 十二月十八日 is digits-10 digits-2 progress-month digits-10 digits-8
// progress-day. Pure: numbers in, media names out.
import { PROGRESS_PROMPTS } from './progress-prompts.js';

const digit = (n: number): string => `sound:hotline/digits-${n}`;

/** The media that say 1 … 31 in Mandarin: 十 is digits-10, 十八 is 十 八, 二十一 is 二 十 一. */
export function spokenNumber(n: number): string[] {
  if (!Number.isInteger(n) || n < 1 || n > 31) throw new RangeError(`a month or a day is 1 to 31, not ${n}`);
  if (n <= 10) return [digit(n)];
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return [...(tens > 1 ? [digit(tens)] : []), digit(10), ...(ones > 0 ? [digit(ones)] : [])];
}

/** "十二 月 十八 日". */
export function spokenMonthDay(month: number, day: number): string[] {
  if (!Number.isInteger(month) || month < 1 || month > 12) throw new RangeError(`a month is 1 to 12, not ${month}`);
  return [...spokenNumber(month), PROGRESS_PROMPTS.month, ...spokenNumber(day), PROGRESS_PROMPTS.day];
}
