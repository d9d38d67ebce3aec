// The progress line (工单进度查询): calls to PROGRESS_LINE_NUMBER enter Stasis(hotline,progress)
// and are run here, answered from the work-order store (order number + last four digits).
import type { Logger } from 'pino';
import type { Database } from '../adapters/db/database.js';
import { createProgressLookup } from '../adapters/db/work-order-progress.js';
import { createProgressCalls } from '../app/progress-line/progress-calls.js';
import type { Config } from '../config.js';
import { CHINA_TIME_ZONE } from '../domain/calendar/china-day.js';
import type { CallControl } from '../ports/call/call-control.js';

export function buildProgressLine(config: Config, db: Database, control: CallControl, logger: Logger) {
  const calls = createProgressCalls({
    control,
    lookup: createProgressLookup(db),
    // deadlines are days of China's working-day calendar
    settings: { maxTries: config.PROGRESS_MAX_TRIES, timeZone: CHINA_TIME_ZONE },
    keyTimeoutMs: config.PROGRESS_KEY_TIMEOUT_SECONDS * 1000,
    maxCallMs: config.PROGRESS_MAX_CALL_SECONDS * 1000,
    logger,
  });
  return { calls, stop: () => calls.stop() };
}

export type ProgressLine = ReturnType<typeof buildProgressLine>;
