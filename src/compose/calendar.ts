// The working-day calendar and the deadline clock of work orders: chinese-days merged with the
// admin's overrides (in memory, reloaded on each edit, and every minute for edits made through
// other app instances), the deadline policy of WORK_ORDER_DEADLINES_FILE (a bad file stops startup naming its line),
// the calendar routes, and the warning when next year's calendar is missing from 1 December.
import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import { createChineseDaysCalendar } from '../adapters/calendar/chinese-days-calendar.js';
import { createCalendarOverrideStore } from '../adapters/db/calendar-override-store.js';
import type { Database } from '../adapters/db/database.js';
import type { ReadinessWarning } from '../adapters/http/health-routes.js';
import { createCalendarEdits } from '../app/calendar/calendar-edits.js';
import { createCalendarWatch } from '../app/calendar/calendar-watch.js';
import { createDeadlineClock } from '../app/calendar/deadline-clock.js';
import type { Config } from '../config.js';
import { parseDeadlinePolicyFile } from '../domain/work-order/deadline-policy.js';
import type { AuditLog } from '../ports/audit/audit-log.js';
import { every, type Periodic } from './periodic.js';

/** Overrides edited through another app instance are picked up within this time. */
const REFRESH_MS = 60_000;

/** Reads and checks the deadline policy file; throws DeadlinePolicyFileError (file, line, field) or a read error naming the file. */
export function readDeadlinePolicy(file: string) {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`${file}: cannot read the work-order deadline policy (WORK_ORDER_DEADLINES_FILE): ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  return parseDeadlinePolicyFile(file, text);
}

export async function buildCalendar(config: Config, db: Database, audit: AuditLog, logger: Logger, now: () => Date) {
  const policy = readDeadlinePolicy(config.WORK_ORDER_DEADLINES_FILE);
  const store = createCalendarOverrideStore(db);
  const calendar = await createChineseDaysCalendar(store);
  const clock = createDeadlineClock({ calendar, policy });
  const watch = createCalendarWatch({ calendar, now, logger });
  const edits = createCalendarEdits({ store, calendar, audit, now, logger });
  const readinessWarning: ReadinessWarning = { name: 'calendar', warning: () => watch.warning() };
  let refresh: Periodic | null = null;
  return {
    name: 'working-day calendar',
    calendar,
    /** deadlineFor(kind, subject, from), workingDaysOverdue(deadline, at), addWorkingDays(from, n). */
    clock,
    policy,
    edits,
    readinessWarning,
    start() {
      watch.check();
      refresh = every(REFRESH_MS, 'calendar refresh', async () => {
        await calendar.refresh();
        watch.check();
      }, logger);
    },
    stop() {
      refresh?.stop();
    },
  };
}

export type CalendarPart = Awaited<ReturnType<typeof buildCalendar>>;
