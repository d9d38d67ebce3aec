import { describe, expect, it } from 'vitest';
import { formatQuietHours, nextCallableTime, parseQuietHours, type CallingRules } from '../../../src/domain/survey/quiet-hours.js';
import { isKnownTimeZone, utcOffsetMs, wallClock } from '../../../src/domain/survey/zoned-time.js';

const shanghai: CallingRules = { quietHours: parseQuietHours('21:00-08:00'), timeZone: 'Asia/Shanghai' };
/** A wall-clock time in Shanghai (UTC+8, no daylight saving) as an instant. */
const sh = (local: string) => new Date(`${local}+08:00`);

describe('quiet hours 21:00-08:00 in Asia/Shanghai', () => {
  it.each([
    ['a survey due at 22:00 is called at 08:00 the next morning', '2026-11-22T22:00:00', '2026-11-23T08:00:00'],
    ['due at 21:00 exactly (the window starts): next morning', '2026-11-22T21:00:00', '2026-11-23T08:00:00'],
    ['due just before midnight', '2026-11-22T23:59:59.500', '2026-11-23T08:00:00'],
    ['due after midnight, across the date change', '2026-11-23T00:30:00', '2026-11-23T08:00:00'],
    ['due at 07:59:30', '2026-11-23T07:59:30', '2026-11-23T08:00:00'],
    ['due at 08:00 exactly (the window has ended): called at once', '2026-11-23T08:00:00', '2026-11-23T08:00:00'],
    ['due at 14:00: called at once', '2026-11-23T14:00:00', '2026-11-23T14:00:00'],
    ['due at 20:59:59: called at once', '2026-11-23T20:59:59', '2026-11-23T20:59:59'],
    ['due at 22:00 on New Year\'s Eve: 08:00 in the new year', '2026-12-31T22:00:00', '2027-01-01T08:00:00'],
  ])('%s', (_what, due, expected) => {
    expect(nextCallableTime(sh(due), shanghai).toISOString()).toBe(sh(expected).toISOString());
  });

  it('the same instant is quiet in Shanghai but not in a zone 8 hours behind', () => {
    const at = new Date('2026-11-22T14:00:00Z'); // 22:00 in Shanghai, 14:00 UTC
    expect(nextCallableTime(at, shanghai)).not.toEqual(at);
    expect(nextCallableTime(at, { ...shanghai, timeZone: 'UTC' })).toEqual(at);
  });
});

describe('other windows', () => {
  it.each([
    ['a window inside one day (12:00-14:00)', '12:00-14:00', '2026-11-22T13:15:00', '2026-11-22T14:00:00'],
    ['before a same-day window', '12:00-14:00', '2026-11-22T11:59:00', '2026-11-22T11:59:00'],
    ['a window ending at midnight (22:00-00:00)', '22:00-00:00', '2026-11-22T23:00:00', '2026-11-23T00:00:00'],
    ['a window starting at midnight (00:00-07:30)', '00:00-07:30', '2026-11-22T00:00:00', '2026-11-22T07:30:00'],
  ])('%s', (_what, window, due, expected) => {
    const rules = { quietHours: parseQuietHours(window), timeZone: 'Asia/Shanghai' };
    expect(nextCallableTime(sh(due), rules).toISOString()).toBe(sh(expected).toISOString());
  });

  it('"off" places calls at any hour', () => {
    expect(nextCallableTime(sh('2026-11-22T03:00:00'), { quietHours: parseQuietHours('off'), timeZone: 'Asia/Shanghai' })).toEqual(
      sh('2026-11-22T03:00:00'),
    );
  });

  it('ends at the local end time across a daylight-saving change in the window', () => {
    // New York springs forward at 02:00 on 2026-03-08: 23:00 EST to 08:00 EDT is 8 hours, not 9
    const rules = { quietHours: parseQuietHours('21:00-08:00'), timeZone: 'America/New_York' };
    const due = new Date('2026-03-07T23:00:00-05:00');
    expect(nextCallableTime(due, rules).toISOString()).toBe(new Date('2026-03-08T08:00:00-04:00').toISOString());
  });
});

describe('parseQuietHours', () => {
  it('reads and writes the window', () => {
    expect(parseQuietHours('21:00-08:00')).toEqual({ startMinute: 1260, endMinute: 480 });
    expect(parseQuietHours(' 7:30-9:05 ')).toEqual({ startMinute: 450, endMinute: 545 });
    expect(formatQuietHours(parseQuietHours('21:00-08:00'))).toBe('21:00-08:00');
    expect(formatQuietHours(null)).toBe('off');
  });

  it.each([
    ['21-8', /not HH:MM-HH:MM/],
    ['21:00', /not HH:MM-HH:MM/],
    ['24:00-08:00', /not a time of day/],
    ['21:60-08:00', /not a time of day/],
    ['08:00-08:00', /same time/],
  ])('rejects %s', (text, message) => {
    expect(() => parseQuietHours(text)).toThrow(message);
  });
});

describe('zoned time', () => {
  it('reads the wall clock and offset of a zone', () => {
    expect(wallClock(new Date('2026-11-22T14:00:05Z'), 'Asia/Shanghai')).toEqual({ year: 2026, month: 11, day: 22, hour: 22, minute: 0, second: 5 });
    expect(utcOffsetMs(new Date('2026-11-22T14:00:00Z'), 'Asia/Shanghai')).toBe(8 * 3600_000);
    expect(isKnownTimeZone('Asia/Shanghai')).toBe(true);
    expect(isKnownTimeZone('Mars/Olympus')).toBe(false);
  });
});
