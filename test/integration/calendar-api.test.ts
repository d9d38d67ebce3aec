// The working-day calendar through the real app (src/main.ts as a child process, records on
// PostgreSQL, then on embedded PGlite): the year's holidays and make-up workdays, an admin's
// overrides day by day and a whole year at once, the readiness warning while next year is
// unknown from 1 December, 4xx on bad input, and a bad deadline policy file stopping startup.
// Needs the stack up (`bash scripts/stack.sh up`).
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missingCalendarYears } from '../../src/domain/calendar/calendar-coverage.js';
import { createTestDatabase, startHotlineApp, type HotlineApp } from '../support/hotline-app.js';

interface CalendarYear {
  year: number;
  known: boolean;
  days: Array<{ day: string; kind: string; name: string; source: string }>;
}

const appEnv = (dir: string) => ({
  ARI_APP: `hotline-calendar-${randomBytes(3).toString('hex')}`,
  LOG_LEVEL: 'warn',
  QUEUE_LOG_FILE: 'off',
  RECORDINGS_DIR: dir,
  SURVEY_QUIET_HOURS: '00:00-23:59',
  SURVEY_OUTBOUND_CONTEXT: 'hotline-calendar-nowhere',
  CALLBACK_OUTBOUND_CONTEXT: 'hotline-calendar-nowhere',
});

/** The years the app should warn about now, given the years it knows (the app runs on the real clock). */
const expectedMissing = (known: (y: number) => boolean) => missingCalendarYears(new Date(), known);

describe.each(['postgres', 'pglite'] as const)('the calendar API (records on %s)', (kind) => {
  let app: HotlineApp;
  let dir: string;
  let dropDb: (() => Promise<void>) | undefined;
  let supervisor: string;
  let auditor: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hotline-calendar-'));
    let databaseUrl: string | undefined;
    if (kind === 'postgres') {
      const db = await createTestDatabase();
      databaseUrl = db.url;
      dropDb = () => db.drop();
    }
    app = await startHotlineApp({
      ...(databaseUrl ? { databaseUrl } : {}),
      env: { ...appEnv(dir), ...(databaseUrl ? {} : { PGLITE_DIR: join(dir, 'pglite') }) },
    });
    await app.waitReady(150_000); // PGlite takes a while to open on a busy machine
    supervisor = await app.createToken('supervisor');
    auditor = await app.createToken('auditor');
  }, 200_000);

  afterAll(async () => {
    await app?.stop();
    await dropDb?.();
    await rm(dir, { recursive: true, force: true });
  });

  it('lists 国庆 2026 and its make-up workdays from the package, for supervisors and auditors', async () => {
    for (const token of [supervisor, auditor, app.adminToken]) {
      const r = await app.get<CalendarYear>('/api/calendar?year=2026', token);
      expect(r.status).toBe(200);
      expect(r.body.known).toBe(true);
      const autumn = r.body.days.filter((d) => d.day >= '2026-09-20' && d.day <= '2026-10-10' && d.name === '国庆节');
      expect(autumn.map((d) => [d.day, d.kind, d.source])).toEqual([
        ['2026-09-20', 'workday', 'package'],
        ...['01', '02', '03', '04', '05', '06', '07'].map((n) => [`2026-10-${n}`, 'holiday', 'package']),
        ['2026-10-10', 'workday', 'package'],
      ]);
    }
    expect((await app.get('/api/calendar?year=2026', null)).status).toBe(401);
  });

  it('warns on /readyz (still ready) and in the log while next year is unknown from 1 December; the 2027 notice makes it known', async () => {
    const before = await app.get<{ ready: boolean; warnings?: Record<string, string> }>('/readyz');
    expect(before.status).toBe(200);
    const missing = expectedMissing((y) => y <= 2026);
    if (missing.length) {
      expect(before.body.warnings?.calendar).toContain(`${missing[0]}`);
      expect(app.output()).toContain(`working-day calendar of ${missing.join(' and ')} is unknown`);
    } else {
      expect(before.body.warnings).toBeUndefined();
    }
    expect((await app.get<CalendarYear>('/api/calendar?year=2027', supervisor)).body).toEqual({ year: 2027, known: false, days: [] });

    const notice = [
      { day: '2027-01-01', kind: 'holiday', name: '元旦' },
      { day: '2027-02-06', kind: 'holiday', name: '春节' },
      { day: '2027-02-20', kind: 'workday', name: '春节调休' },
    ];
    const forbidden = await app.request('PUT', '/api/calendar/years/2027', { body: { days: notice }, token: supervisor });
    expect(forbidden.status).toBe(403);
    const put = await app.request('PUT', '/api/calendar/years/2027', { body: { days: notice } });
    expect(put).toEqual({ status: 200, body: { year: 2027, removed: 0, added: 3 } });

    const year = await app.get<CalendarYear>('/api/calendar?year=2027', supervisor);
    expect(year.body.known).toBe(true);
    expect(year.body.days).toEqual(notice.map((d) => ({ ...d, source: 'override' })));
    const after = await app.get<{ warnings?: Record<string, string> }>('/readyz');
    const stillMissing = expectedMissing((y) => y <= 2027);
    expect(after.body.warnings?.calendar ?? null).toEqual(stillMissing.length ? expect.stringContaining(String(stillMissing[0])) : null);

    const audit = await app.get<{ entries: Array<{ actor: string; data: { action: string } }> }>('/api/audit?kind=config_change&subject=calendar:2027', auditor);
    expect(audit.status).toBe(200);
    expect(audit.body.entries.map((e) => e.data.action)).toEqual(['calendar_year_replaced']);
  });

  it('an admin overrides one day (201, then 200), sees it win over the package, and removes it (204, then 404)', async () => {
    const first = await app.request('PUT', '/api/calendar/overrides/2026-10-10', { body: { kind: 'holiday', name: '国庆节' } });
    expect(first).toEqual({ status: 201, body: { day: '2026-10-10', kind: 'holiday', name: '国庆节', source: 'override' } });
    expect((await app.request('PUT', '/api/calendar/overrides/2026-10-10', { body: { kind: 'holiday', name: '国庆节(延)' } })).status).toBe(200);
    const year = await app.get<CalendarYear>('/api/calendar?year=2026', supervisor);
    expect(year.body.days.find((d) => d.day === '2026-10-10')).toEqual({ day: '2026-10-10', kind: 'holiday', name: '国庆节(延)', source: 'override' });
    expect((await app.request('DELETE', '/api/calendar/overrides/2026-10-10', { token: supervisor })).status).toBe(403);
    expect((await app.request('DELETE', '/api/calendar/overrides/2026-10-10')).status).toBe(204);
    const gone = await app.request('DELETE', '/api/calendar/overrides/2026-10-10');
    expect(gone.status).toBe(404);
    expect(JSON.stringify(gone.body)).toMatch(/No calendar override for 2026-10-10/);
    const back = await app.get<CalendarYear>('/api/calendar?year=2026', supervisor);
    expect(back.body.days.find((d) => d.day === '2026-10-10')?.source).toBe('package');
  });

  it.each<[string, string, string, unknown, RegExp]>([
    ['a date that does not exist', 'PUT', '/api/calendar/overrides/2026-02-30', { kind: 'holiday', name: '假' }, /day/],
    ['an unknown kind', 'PUT', '/api/calendar/overrides/2027-03-01', { kind: 'rest', name: '假' }, /holiday.*workday/],
    ['no name', 'PUT', '/api/calendar/overrides/2027-03-01', { kind: 'holiday' }, /name/],
    ['a name with a control character', 'PUT', '/api/calendar/overrides/2027-03-01', { kind: 'holiday', name: '假\u0007日' }, /name/],
    ['an unknown field', 'PUT', '/api/calendar/overrides/2027-03-01', { kind: 'holiday', name: '假', source: 'package' }, /source|Unrecognized|unrecognized/],
    ['a body that is a list', 'PUT', '/api/calendar/overrides/2027-03-01', [{ kind: 'holiday', name: '假' }], /calendar override/],
    ['a year path that is no year', 'PUT', '/api/calendar/years/20x7', { days: [] }, /year/],
    ['a year out of range', 'PUT', '/api/calendar/years/1999', { days: [] }, /2000 to 2099/],
    ['a day of another year', 'PUT', '/api/calendar/years/2027', { days: [{ day: '2028-01-01', kind: 'holiday', name: '元旦' }] }, /not in 2027/],
    ['a day given twice', 'PUT', '/api/calendar/years/2027', { days: [{ day: '2027-05-01', kind: 'holiday', name: '劳动节' }, { day: '2027-05-01', kind: 'holiday', name: '劳动节' }] }, /given twice/],
    ['days that are no list', 'PUT', '/api/calendar/years/2027', { days: '2027-05-01' }, /days/],
    ['a bad day to delete', 'DELETE', '/api/calendar/overrides/tomorrow', undefined, /day/],
    ['no year to list', 'GET', '/api/calendar', undefined, /year/],
    ['a year of two values', 'GET', '/api/calendar?year=2026&year=2027', undefined, /year/],
    ['a year that is not a number', 'GET', '/api/calendar?year=next', undefined, /year/],
  ])('400 with a message for %s', async (_what, method, path, body, message) => {
    const r = await app.request<{ error?: { message?: string } }>(method, path, body === undefined ? {} : { body });
    expect(r.status).toBe(400);
    expect(r.body.error?.message).toMatch(message);
  });

  it('a refused year leaves the year as it was', async () => {
    const year = await app.get<CalendarYear>('/api/calendar?year=2027', supervisor);
    expect(year.body.days.map((d) => d.day)).toEqual(['2027-01-01', '2027-02-06', '2027-02-20']);
  });
});

describe('a bad deadline policy file', () => {
  it('stops startup with the file, the line and the field', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hotline-calendar-bad-'));
    const file = join(dir, 'deadlines.json');
    await writeFile(file, '{\n  "sign": { "workingDays": 1 },\n  "reply": {\n    "general": { "workingDays": "seven" }\n  }\n}\n');
    const database = await createTestDatabase();
    const app = await startHotlineApp({ databaseUrl: database.url, env: { ...appEnv(dir), WORK_ORDER_DEADLINES_FILE: file } });
    try {
      await expect(app.waitReady(60_000)).rejects.toThrow(/hotline app exited/);
      expect(app.output()).toContain(`${file}:4:33: reply.general.workingDays: must be a number of working days`);
    } finally {
      await app.stop();
      await database.drop();
      await rm(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
