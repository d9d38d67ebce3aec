import { describe, expect, it } from 'vitest';
import { spokenMonthDay, spokenNumber } from '../../../src/domain/progress-line/spoken-date.js';

const d = (n: number) => `digits-${n}`;
const names = (media: string[]) => media.map((m) => m.replace('sound:hotline/', ''));

describe('a month or a day said in Mandarin from the digit prompts', () => {
  it.each([
    [1, [d(1)]],
    [2, [d(2)]],
    [9, [d(9)]],
    [10, [d(10)]],
    [11, [d(10), d(1)]],
    [15, [d(10), d(5)]],
    [18, [d(10), d(8)]],
    [19, [d(10), d(9)]],
    [20, [d(2), d(10)]],
    [21, [d(2), d(10), d(1)]],
    [27, [d(2), d(10), d(7)]],
    [30, [d(3), d(10)]],
    [31, [d(3), d(10), d(1)]],
  ])('%i', (n, expected) => {
    expect(names(spokenNumber(n))).toEqual(expected);
  });

  it('says every number from 1 to 31 with digits-0 … digits-10 only, never 零', () => {
    for (let n = 1; n <= 31; n += 1) {
      const media = names(spokenNumber(n));
      expect(media.length).toBeGreaterThan(0);
      for (const m of media) expect(m).toMatch(/^digits-([1-9]|10)$/);
      // reading back: [tens] 十 [ones]
      const ds = media.map((m) => Number(m.slice('digits-'.length)));
      const value = ds.includes(10) ? (ds.indexOf(10) === 0 ? 1 : ds[0]!) * 10 + (ds.at(-1) === 10 ? 0 : ds.at(-1)!) : ds[0];
      expect(value).toBe(n);
    }
  });

  it.each([0, 32, -1, 1.5, Number.NaN])('refuses %s', (n) => {
    expect(() => spokenNumber(n)).toThrow(RangeError);
  });

  it('12月18日 is 十二 月 十八 日', () => {
    expect(names(spokenMonthDay(12, 18))).toEqual([d(10), d(2), 'progress-month', d(10), d(8), 'progress-day']);
  });

  it('3月1日 is 三 月 一 日', () => {
    expect(names(spokenMonthDay(3, 1))).toEqual([d(3), 'progress-month', d(1), 'progress-day']);
  });

  it('refuses a month outside 1 to 12', () => {
    expect(() => spokenMonthDay(13, 1)).toThrow(RangeError);
    expect(() => spokenMonthDay(0, 1)).toThrow(RangeError);
  });
});
