// The calendar overrides on a real PostgreSQL (random schema) and on embedded PGlite: the store,
// the chinese-days calendar reading them (overrides win, knowsYear of a year the package lacks),
// the edits with their audit entries, and a whole year replaced in one transaction.
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createChineseDaysCalendar, type ReloadableCalendar } from '../../src/adapters/calendar/chinese-days-calendar.js';
import { createAuditLogStore } from '../../src/adapters/db/audit-log-store.js';
import { createCalendarOverrideStore } from '../../src/adapters/db/calendar-override-store.js';
import { migrate } from '../../src/adapters/db/migrate.js';
import { CalendarEditInvalidError, createCalendarEdits, type CalendarEdits } from '../../src/app/calendar/calendar-edits.js';
import type { AuditLog } from '../../src/ports/audit/audit-log.js';
import type { CalendarOverrideStore } from '../../src/ports/calendar/calendar-override-store.js';
import { testDatabaseFactories, type TestDatabase } from '../support/db-fixtures.js';

const at = new Date('2026-12-05T02:00:00Z');

describe.each(testDatabaseFactories)('calendar overrides on $kind', (factory) => {
  let testDb: TestDatabase;
  let store: CalendarOverrideStore;
  let calendar: ReloadableCalendar;
  let audit: AuditLog;
  let edits: CalendarEdits;

  beforeAll(async () => {
    testDb = await factory.create();
    await migrate(testDb.db);
    store = createCalendarOverrideStore(testDb.db);
    calendar = await createChineseDaysCalendar(store);
    audit = createAuditLogStore(testDb.db);
    edits = createCalendarEdits({ store, calendar, audit, now: () => at, logger: pino({ level: 'silent' }) });
  });
  afterAll(async () => {
    await testDb?.dispose();
  });
  beforeEach(async () => {
    await testDb.db.exec('TRUNCATE calendar_overrides');
    await calendar.refresh();
  });

  it('puts, replaces and removes a day; days come back as YYYY-MM-DD whatever the zone', async () => {
    expect(await store.put({ day: '2027-10-01', kind: 'holiday', name: '国庆节' }, 'token:admin', at)).toBeNull();
    const previous = await store.put({ day: '2027-10-01', kind: 'workday', name: '调休' }, 'token:ops', at);
    expect(previous).toEqual({ day: '2027-10-01', kind: 'holiday', name: '国庆节', createdAt: at, createdBy: 'token:admin' });
    expect(await store.list()).toEqual([{ day: '2027-10-01', kind: 'workday', name: '调休', createdAt: at, createdBy: 'token:ops' }]);
    expect(await store.remove('2027-10-01')).toMatchObject({ day: '2027-10-01', kind: 'workday' });
    expect(await store.remove('2027-10-01')).toBeNull();
    expect(await store.list()).toEqual([]);
  });

  it('the database refuses a kind it does not know and an empty name', async () => {
    await expect(store.put({ day: '2027-01-01', kind: 'rest' as 'holiday', name: '元旦' }, 'token:admin', at)).rejects.toThrow();
    await expect(store.put({ day: '2027-01-01', kind: 'holiday', name: '' }, 'token:admin', at)).rejects.toThrow();
  });

  it('a 2027 override makes 2027 known to the calendar, and it wins over the package in 2026', async () => {
    expect(calendar.knowsYear(2027)).toBe(false);
    await edits.put({ day: '2027-02-08', kind: 'holiday', name: '春节' }, 'token:admin');
    expect(calendar.knowsYear(2027)).toBe(true);
    expect(calendar.isWorkingDay('2027-02-08')).toBe(false); // a Monday

    expect(calendar.isWorkingDay('2026-10-10')).toBe(true); // the package's make-up Saturday
    await edits.put({ day: '2026-10-10', kind: 'holiday', name: '国庆节' }, 'token:admin');
    expect(calendar.isWorkingDay('2026-10-10')).toBe(false);
    expect(calendar.specialDays(2026).find((d) => d.day === '2026-10-10')).toEqual({ day: '2026-10-10', kind: 'holiday', name: '国庆节', source: 'override' });

    expect(await edits.remove('2027-02-08', 'token:admin')).toBe(true);
    expect(await edits.remove('2027-02-08', 'token:admin')).toBe(false);
    expect(calendar.knowsYear(2027)).toBe(false);
  });

  it('every edit is a config_change entry in the audit log with its actor', async () => {
    await edits.put({ day: '2027-05-01', kind: 'holiday', name: '劳动节' }, 'token:calendar-admin');
    await edits.remove('2027-05-01', 'token:calendar-admin');
    const entries = await audit.list({ kind: 'config_change', subject: 'calendar:2027-05-01', limit: 10, offset: 0 });
    expect(entries.map((e) => [e.actor, e.data.action])).toEqual(
      expect.arrayContaining([['token:calendar-admin', 'calendar_override_set'], ['token:calendar-admin', 'calendar_override_removed']]),
    );
    expect(entries).toHaveLength(2);
  });

  it('a whole year is replaced in one step, other years untouched', async () => {
    await edits.put({ day: '2027-01-01', kind: 'holiday', name: '元旦' }, 'token:admin');
    await edits.put({ day: '2027-12-31', kind: 'holiday', name: '旧数据' }, 'token:admin');
    await edits.put({ day: '2028-01-01', kind: 'holiday', name: '元旦' }, 'token:admin');
    const notice = [
      { day: '2027-10-01', kind: 'holiday' as const, name: '国庆节' },
      { day: '2027-09-26', kind: 'workday' as const, name: '国庆节调休' },
      { day: '2027-01-01', kind: 'holiday' as const, name: '元旦' },
    ];
    expect(await edits.replaceYear(2027, notice, 'token:admin')).toEqual({ removed: 2, added: 3 });
    expect((await store.list()).map((o) => o.day)).toEqual(['2027-01-01', '2027-09-26', '2027-10-01', '2028-01-01']);
    expect(calendar.isWorkingDay('2027-09-26')).toBe(true); // a Sunday
    expect(calendar.specialDays(2027).map((d) => d.day)).toEqual(['2027-01-01', '2027-09-26', '2027-10-01']);
    const [entry] = await audit.list({ kind: 'config_change', subject: 'calendar:2027', limit: 1, offset: 0 });
    expect(entry?.data).toMatchObject({ action: 'calendar_year_replaced', year: 2027, previous: [{ day: '2027-01-01' }, { day: '2027-12-31' }] });
  });

  it('a year with a day of another year or a day twice changes nothing', async () => {
    await edits.put({ day: '2027-01-01', kind: 'holiday', name: '元旦' }, 'token:admin');
    await expect(
      edits.replaceYear(2027, [{ day: '2027-10-01', kind: 'holiday', name: '国庆节' }, { day: '2028-01-01', kind: 'holiday', name: '元旦' }], 'token:admin'),
    ).rejects.toThrow(CalendarEditInvalidError);
    await expect(
      edits.replaceYear(2027, [{ day: '2027-10-01', kind: 'holiday', name: '国庆节' }, { day: '2027-10-01', kind: 'workday', name: '国庆节' }], 'token:admin'),
    ).rejects.toThrow(/given twice/);
    expect((await store.list()).map((o) => o.day)).toEqual(['2027-01-01']);
  });

  it('a failing row rolls the whole year back (nothing half-written)', async () => {
    await edits.put({ day: '2027-01-01', kind: 'holiday', name: '元旦' }, 'token:admin');
    await expect(
      store.replaceYear(2027, [{ day: '2027-10-01', kind: 'holiday', name: '国庆节' }, { day: '2027-10-02', kind: 'holiday', name: 'x'.repeat(61) }], 'token:admin', at),
    ).rejects.toThrow();
    expect((await store.list()).map((o) => o.day)).toEqual(['2027-01-01']);
  });
});
