// Working-day arithmetic across 国庆 2026 (Oct 1–7 off; Sun Sep 20 and Sat Oct 10 worked; 中秋
// Sep 25–27 off) and 春节 2026 (Feb 15–23 off; Sat Feb 14 and Sat Feb 28 worked), on the
// chinese-days package's own data.
import { beforeAll, describe, expect, it } from 'vitest';
import { createChineseDaysCalendar } from '../../../src/adapters/calendar/chinese-days-calendar.js';
import { addDays, chinaInstant, chinaTimeOf, isCalendarDay } from '../../../src/domain/calendar/china-day.js';
import { addClockHours, addWorkingDays, nextWorkingDay, workingDaysOverdue, type IsWorkingDay } from '../../../src/domain/calendar/working-days.js';

/** A China local time, e.g. sh('2026-09-30T15:00'). */
const sh = (local: string) => new Date(`${local}:00+08:00`);

let isWorkingDay: IsWorkingDay;
beforeAll(async () => {
  const calendar = await createChineseDaysCalendar({ list: async () => [] });
  isWorkingDay = (d) => calendar.isWorkingDay(d);
});

describe('the package data the tests rely on', () => {
  it.each([
    ['2026-09-20', true, 'Sunday make-up workday of 国庆'],
    ['2026-09-25', false, '中秋 (a Friday)'],
    ['2026-10-01', false, '国庆'],
    ['2026-10-07', false, '国庆 last day'],
    ['2026-10-08', true, 'Thursday after 国庆'],
    ['2026-10-10', true, 'Saturday make-up workday of 国庆'],
    ['2026-10-11', false, 'an ordinary Sunday'],
    ['2026-02-14', true, 'Saturday make-up workday before 春节'],
    ['2026-02-16', false, '春节 (a Monday)'],
    ['2026-02-23', false, '春节 last day (a Monday)'],
    ['2026-02-24', true, 'Tuesday after 春节'],
    ['2026-02-28', true, 'Saturday make-up workday after 春节'],
  ])('%s working: %s (%s)', (day, working) => {
    expect(isWorkingDay(day)).toBe(working);
  });
});

describe('add N working days (same local time on the Nth working day; from outside a working day, from the next one at 00:00)', () => {
  it.each<[string, string, number, string]>([
    ['the day before 国庆 + 1: the Thursday after', '2026-09-30T15:00', 1, '2026-10-08T15:00'],
    ['the day before 国庆 + 2', '2026-09-30T15:00', 2, '2026-10-09T15:00'],
    ['the day before 国庆 + 3: the make-up Saturday', '2026-09-30T15:00', 3, '2026-10-10T15:00'],
    ['the day before 国庆 + 4: over the ordinary Sunday', '2026-09-30T15:00', 4, '2026-10-12T15:00'],
    ['7 working days (general reply) across 国庆', '2026-09-28T09:00', 7, '2026-10-13T09:00'],
    ['15 working days (complex reply) across 国庆', '2026-09-30T10:00', 15, '2026-10-27T10:00'],
    ['Friday before the make-up Sunday + 1: that Sunday', '2026-09-18T09:00', 1, '2026-09-20T09:00'],
    ['Thursday before 中秋 + 1: the Monday', '2026-09-24T10:00', 1, '2026-09-28T10:00'],
    ['starting on a 国庆 holiday: counted from Oct 8 00:00', '2026-10-03T10:00', 1, '2026-10-09T00:00'],
    ['starting on a holiday, 0 days: the next working day begins', '2026-10-03T10:00', 0, '2026-10-08T00:00'],
    ['Friday before 春节 + 1: the make-up Saturday', '2026-02-13T16:00', 1, '2026-02-14T16:00'],
    ['Friday before 春节 + 2: the Tuesday after', '2026-02-13T16:00', 2, '2026-02-24T16:00'],
    ['on the make-up Saturday + 1: over 春节', '2026-02-14T09:00', 1, '2026-02-24T09:00'],
    ['starting in 春节: counted from Feb 24 00:00', '2026-02-20T11:00', 1, '2026-02-25T00:00'],
    ['Friday after 春节 + 1: the make-up Saturday Feb 28', '2026-02-27T10:00', 1, '2026-02-28T10:00'],
    ['Friday after 春节 + 2: Monday', '2026-02-27T10:00', 2, '2026-03-02T10:00'],
    ['an ordinary Friday evening + 1: Monday evening', '2026-11-20T17:30', 1, '2026-11-23T17:30'],
    ['7 working days over a weekend', '2026-11-19T08:15', 7, '2026-11-30T08:15'],
    ['an ordinary Sunday evening + 1: the end of Monday', '2026-11-22T20:00', 1, '2026-11-24T00:00'],
    ['a working day 00:00 + 1', '2026-11-24T00:00', 1, '2026-11-25T00:00'],
    ['just before midnight + 1 keeps the time', '2026-11-24T23:59', 1, '2026-11-25T23:59'],
  ])('%s', (_what, from, n, expected) => {
    expect(addWorkingDays(sh(from), n, isWorkingDay).toISOString()).toBe(sh(expected).toISOString());
  });

  it('keeps milliseconds and works whatever the server zone (the instant is UTC inside)', () => {
    const from = new Date('2026-09-30T07:00:00.250Z'); // 15:00:00.250 in China
    expect(addWorkingDays(from, 1, isWorkingDay).toISOString()).toBe('2026-10-08T07:00:00.250Z');
  });

  it('refuses a negative or fractional count', () => {
    expect(() => addWorkingDays(sh('2026-11-24T10:00'), -1, isWorkingDay)).toThrow(RangeError);
    expect(() => addWorkingDays(sh('2026-11-24T10:00'), 1.5, isWorkingDay)).toThrow(RangeError);
  });

  it('a calendar without working days is an error, not an endless loop', () => {
    expect(() => nextWorkingDay('2026-11-24', () => false)).toThrow(/no working day/);
  });
});

describe('add clock hours (through nights, weekends and holidays)', () => {
  it.each<[string, string, number, string]>([
    ['1 h across midnight', '2026-11-24T23:30', 1, '2026-11-25T00:30'],
    ['2 h into 国庆', '2026-09-30T23:00', 2, '2026-10-01T01:00'],
    ['24 h from the make-up Saturday into 春节', '2026-02-14T10:00', 24, '2026-02-15T10:00'],
    ['24 h over a weekend night', '2026-11-20T22:00', 24, '2026-11-21T22:00'],
    ['half an hour', '2026-11-24T10:00', 0.5, '2026-11-24T10:30'],
  ])('%s', (_what, from, hours, expected) => {
    expect(addClockHours(sh(from), hours).toISOString()).toBe(sh(expected).toISOString());
  });
});

describe('working days overdue', () => {
  const deadline = sh('2026-09-30T15:00');
  it.each<[string, string, number]>([
    ['before the deadline', '2026-09-30T14:00', 0],
    ['at the deadline', '2026-09-30T15:00', 0],
    ['through 国庆 (no working day passes)', '2026-10-07T23:59', 0],
    ['one working day not yet over', '2026-10-08T14:59', 0],
    ['one working day past', '2026-10-08T15:00', 1],
    ['the make-up Saturday counts', '2026-10-10T15:00', 3],
    ['the ordinary Sunday does not', '2026-10-11T23:00', 3],
    ['Monday after', '2026-10-12T15:00', 4],
  ])('%s: %i', (_what, at, n) => {
    expect(workingDaysOverdue(deadline, sh(at), isWorkingDay)).toBe(n);
  });

  it('a deadline on a holiday (an hours limit) counts from the next working day at 00:00', () => {
    const onHoliday = sh('2026-10-01T01:00');
    expect(workingDaysOverdue(onHoliday, sh('2026-10-08T23:59'), isWorkingDay)).toBe(0);
    expect(workingDaysOverdue(onHoliday, sh('2026-10-09T00:00'), isWorkingDay)).toBe(1);
  });

  it('is the inverse of addWorkingDays across 春节', () => {
    const d = sh('2026-02-12T11:00');
    for (let n = 0; n <= 12; n += 1) {
      const at = addWorkingDays(d, n, isWorkingDay);
      expect(workingDaysOverdue(d, at, isWorkingDay)).toBe(n);
      if (n > 0) expect(workingDaysOverdue(d, new Date(at.getTime() - 1), isWorkingDay)).toBe(n - 1);
    }
  });
});

describe('China days', () => {
  it('the local day of an instant is China\'s, not UTC\'s', () => {
    expect(chinaTimeOf(new Date('2026-11-30T16:00:00Z'))).toEqual({ day: '2026-12-01', msOfDay: 0 });
    expect(chinaInstant('2026-12-01', 0).toISOString()).toBe('2026-11-30T16:00:00.000Z');
  });
  it.each([['2026-02-28', true], ['2026-02-29', false], ['2028-02-29', true], ['2026-13-01', false], ['26-01-01', false], ['2026-1-01', false]])('%s is a day: %s', (s, ok) => {
    expect(isCalendarDay(s)).toBe(ok);
  });
  it('adds days over month and year ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});
