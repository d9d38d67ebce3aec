// The merged calendar (package + overrides, overrides win), which years it knows, the warning
// from 1 December when next year's calendar is missing, and the deadline clock on top.
import { describe, expect, it } from 'vitest';
import { createChineseDaysCalendar } from '../../../src/adapters/calendar/chinese-days-calendar.js';
import { createCalendarWatch } from '../../../src/app/calendar/calendar-watch.js';
import { createDeadlineClock } from '../../../src/app/calendar/deadline-clock.js';
import { calendarWarning, missingCalendarYears } from '../../../src/domain/calendar/calendar-coverage.js';
import { DEFAULT_DEADLINE_POLICY } from '../../../src/domain/work-order/deadline-policy.js';
import type { CalendarOverride } from '../../../src/ports/calendar/calendar-override-store.js';
import type { DeadlineSubject } from '../../../src/ports/calendar/deadline-clock.js';

const sh = (local: string) => new Date(`${local}:00+08:00`);
const override = (day: string, kind: 'holiday' | 'workday', name: string): CalendarOverride => ({ day, kind, name, createdAt: new Date(0), createdBy: 'token:admin' });

function overridesOf(rows: CalendarOverride[]) {
  return { list: async () => rows };
}

describe('the chinese-days calendar with overrides', () => {
  it('knows the package years (to 2026) and not 2027 until an override exists', async () => {
    const rows: CalendarOverride[] = [];
    const calendar = await createChineseDaysCalendar(overridesOf(rows));
    expect([2004, 2025, 2026].map((y) => calendar.knowsYear(y))).toEqual([true, true, true]);
    expect(calendar.knowsYear(2027)).toBe(false);
    rows.push(override('2027-01-01', 'holiday', '元旦'));
    await calendar.refresh();
    expect(calendar.knowsYear(2027)).toBe(true);
    expect(calendar.isWorkingDay('2027-01-01')).toBe(false);
  });

  it('an override wins over the package, and shows as the override', async () => {
    const rows = [override('2026-10-08', 'holiday', '国庆节'), override('2026-10-10', 'holiday', '取消调休'), override('2026-11-21', 'workday', '调休')];
    const calendar = await createChineseDaysCalendar(overridesOf(rows));
    expect(calendar.isWorkingDay('2026-10-08')).toBe(false);
    expect(calendar.isWorkingDay('2026-10-10')).toBe(false);
    expect(calendar.isWorkingDay('2026-11-21')).toBe(true);
    const october = calendar.specialDays(2026).filter((d) => d.day.startsWith('2026-10') || d.day.startsWith('2026-11'));
    expect(october).toEqual([
      ...['01', '02', '03', '04', '05', '06', '07'].map((d) => ({ day: `2026-10-${d}`, kind: 'holiday', name: '国庆节', source: 'package' })),
      { day: '2026-10-08', kind: 'holiday', name: '国庆节', source: 'override' },
      { day: '2026-10-10', kind: 'holiday', name: '取消调休', source: 'override' },
      { day: '2026-11-21', kind: 'workday', name: '调休', source: 'override' },
    ]);
  });

  it('lists 春节 2026 and its make-up workdays from the package', async () => {
    const calendar = await createChineseDaysCalendar(overridesOf([]));
    const feb = calendar.specialDays(2026).filter((d) => d.day.startsWith('2026-02'));
    expect(feb.filter((d) => d.kind === 'workday').map((d) => d.day)).toEqual(['2026-02-14', '2026-02-28']);
    expect(feb.filter((d) => d.kind === 'holiday').map((d) => d.day)).toEqual(
      ['15', '16', '17', '18', '19', '20', '21', '22', '23'].map((d) => `2026-02-${d}`),
    );
    expect(new Set(feb.map((d) => d.name))).toEqual(new Set(['春节']));
  });

  it('a year nobody knows is Monday to Friday', async () => {
    const calendar = await createChineseDaysCalendar(overridesOf([]));
    expect(calendar.specialDays(2030)).toEqual([]);
    expect(['2030-01-04', '2030-01-05', '2030-01-06', '2030-01-07'].map((d) => calendar.isWorkingDay(d))).toEqual([true, false, false, true]);
  });
});

describe('next year\'s calendar from 1 December (China time)', () => {
  const knows = (years: number[]) => (y: number) => years.includes(y);
  it.each<[string, Date, number[], number[]]>([
    ['30 November, China time: not yet', sh('2026-11-30T23:59'), [2026], []],
    ['1 December 00:00 China time (still 30 November in UTC)', new Date('2026-11-30T16:00:00Z'), [2026], [2027]],
    ['31 December, next year entered', sh('2026-12-31T12:00'), [2026, 2027], []],
    ['a year with no calendar at all', sh('2027-03-01T09:00'), [2026], [2027]],
    ['in December of an unknown year: both', sh('2027-12-05T09:00'), [2026], [2027, 2028]],
  ])('%s', (_what, now, known, missing) => {
    expect(missingCalendarYears(now, knows(known))).toEqual(missing);
  });

  it('the warning names the year and how to enter it', () => {
    expect(calendarWarning([])).toBeNull();
    expect(calendarWarning([2027])).toMatch(/2027.*unknown.*PUT \/api\/calendar\/years\/2027/);
  });

  it('is logged at the first check and then once a China day', () => {
    let now = sh('2026-12-01T08:00');
    const warned: unknown[] = [];
    const logger = { warn: (obj: object) => warned.push(obj), info() {}, debug() {}, error() {}, child() { return logger; } };
    let known = [2026];
    const watch = createCalendarWatch({ calendar: { knowsYear: (y) => known.includes(y) }, now: () => now, logger });
    watch.check();
    now = sh('2026-12-01T23:00');
    watch.check();
    expect(warned).toEqual([{ missingYears: [2027] }]);
    now = sh('2026-12-02T00:10');
    watch.check();
    expect(warned).toHaveLength(2);
    expect(watch.warning()).toMatch(/2027/);
    known = [2026, 2027];
    now = sh('2026-12-03T09:00');
    watch.check();
    expect(warned).toHaveLength(2);
    expect(watch.warning()).toBeNull();
  });
});

describe('the deadline clock', () => {
  const general: DeadlineSubject = { type: 'complaint', urgency: 'normal', categoryCode: 'city.roads', timeClass: 'general' };
  it.each<[string, 'dispatch' | 'sign' | 'reply', Partial<DeadlineSubject>, string, string]>([
    ['dispatch of an emergency: 1 h across midnight', 'dispatch', { urgency: 'emergency' }, '2026-09-30T23:30', '2026-10-01T00:30'],
    ['dispatch of a normal order: 24 h into 国庆', 'dispatch', {}, '2026-09-30T10:00', '2026-10-01T10:00'],
    ['sign within 1 working day of the eve of 国庆', 'sign', {}, '2026-09-30T10:00', '2026-10-08T10:00'],
    ['sign of an order dispatched on a 春节 day', 'sign', {}, '2026-02-18T10:00', '2026-02-25T00:00'],
    ['reply, life and property: 2 h on a holiday', 'reply', { timeClass: 'life_property' }, '2026-10-02T23:00', '2026-10-03T01:00'],
    ['reply, general: 7 working days across 国庆', 'reply', {}, '2026-09-28T09:00', '2026-10-13T09:00'],
    ['reply, complex: 15 working days across 国庆', 'reply', { timeClass: 'complex' }, '2026-09-30T10:00', '2026-10-27T10:00'],
  ])('%s', async (_what, kind, over, from, expected) => {
    const calendar = await createChineseDaysCalendar(overridesOf([]));
    const clock = createDeadlineClock({ calendar, policy: DEFAULT_DEADLINE_POLICY });
    expect(clock.deadlineFor(kind, { ...general, ...over }, sh(from)).toISOString()).toBe(sh(expected).toISOString());
  });

  it('counts working days overdue on the same calendar', async () => {
    const calendar = await createChineseDaysCalendar(overridesOf([]));
    const clock = createDeadlineClock({ calendar, policy: DEFAULT_DEADLINE_POLICY });
    expect(clock.workingDaysOverdue(sh('2026-09-30T10:00'), sh('2026-10-09T10:00'))).toBe(2);
  });
});
