// The CalendarOverrideStore port on SQL (PostgreSQL or PGlite): table calendar_overrides of
// migration 010, one row per day. Days go in and come out as 'YYYY-MM-DD' text, never as a JS
// Date (whose midnight would depend on the server's zone).
import type { CalendarOverride, CalendarOverrideInput, CalendarOverrideStore } from '../../ports/calendar/calendar-override-store.js';
import type { SpecialDayKind } from '../../ports/calendar/working-day-calendar.js';
import type { Database, Queryable } from './database.js';

interface OverrideRow {
  day: string;
  kind: SpecialDayKind;
  name: string;
  created_at: Date | string;
  created_by: string;
}

const COLUMNS = `to_char(day, 'YYYY-MM-DD') AS day, kind, name, created_at, created_by`;
const LIST = `SELECT ${COLUMNS} FROM calendar_overrides ORDER BY day`;
const GET = `SELECT ${COLUMNS} FROM calendar_overrides WHERE day = $1::date FOR UPDATE`;
const UPSERT = `
  INSERT INTO calendar_overrides (day, kind, name, created_at, created_by) VALUES ($1::date, $2, $3, $4, $5)
  ON CONFLICT (day) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name, created_at = EXCLUDED.created_at, created_by = EXCLUDED.created_by`;
const REMOVE = `DELETE FROM calendar_overrides WHERE day = $1::date RETURNING ${COLUMNS}`;
const REMOVE_YEAR = `
  DELETE FROM calendar_overrides WHERE day >= make_date($1::int, 1, 1) AND day < make_date($1::int + 1, 1, 1)
  RETURNING ${COLUMNS}`;
const INSERT = 'INSERT INTO calendar_overrides (day, kind, name, created_at, created_by) VALUES ($1::date, $2, $3, $4, $5)';
/** Arbitrary, fixed: "12345" + "010". Serialises whole-year replacements across app instances. */
const YEAR_LOCK_KEY = 12_345_010;

const toOverride = (row: OverrideRow): CalendarOverride => ({
  day: row.day,
  kind: row.kind,
  name: row.name,
  createdAt: new Date(row.created_at),
  createdBy: row.created_by,
});

const byDay = (a: CalendarOverride, b: CalendarOverride) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0);

async function insert(tx: Queryable, o: CalendarOverrideInput, by: string, at: Date, sql: string): Promise<void> {
  await tx.query(sql, [o.day, o.kind, o.name, at, by]);
}

export function createCalendarOverrideStore(db: Database): CalendarOverrideStore {
  return {
    async list() {
      return (await db.query<OverrideRow>(LIST)).map(toOverride);
    },

    async put(input, by, at) {
      return db.transaction(async (tx) => {
        const [before] = await tx.query<OverrideRow>(GET, [input.day]);
        await insert(tx, input, by, at, UPSERT);
        return before ? toOverride(before) : null;
      });
    },

    async remove(day) {
      const [row] = await db.query<OverrideRow>(REMOVE, [day]);
      return row ? toOverride(row) : null;
    },

    async replaceYear(year, days, by, at) {
      return db.transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock($1)', [YEAR_LOCK_KEY]);
        const removed = (await tx.query<OverrideRow>(REMOVE_YEAR, [year])).map(toOverride).sort(byDay);
        for (const d of days) await insert(tx, d, by, at, INSERT);
        return removed;
      });
    },
  };
}
