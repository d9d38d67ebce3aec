// Callbacks (回拨) that keep the caller's place: stored in the database, delivered when the ACD
// claims an agent for one, retried by BullMQ, swept for lost retries. Missed calls called back
// (漏接回拨) are callbacks too, stored when a long-waiting caller's call ends.
import { createCallbackStore } from '../adapters/db/callback-store.js';
import type { Database } from '../adapters/db/database.js';
import { createMissedCallStore } from '../adapters/db/missed-call-store.js';
import { createBullmqCallbackRetries } from '../adapters/jobs/bullmq-callback-retries.js';
import { createCallbacks, type CallbacksDeps } from '../app/callback/callbacks.js';
import { createMissedCallCallbacks } from '../app/callback/missed-call-callbacks.js';
import type { Config } from '../config.js';
import { CALLED_AGAIN } from '../domain/callback/missed-call-callback.js';
import { parseQuietHours } from '../domain/survey/quiet-hours.js';
import type { Logger } from 'pino';
import { every } from './periodic.js';

export function buildCallbacks(
  config: Config,
  db: Database,
  deps: Omit<CallbacksDeps, 'store' | 'jobs' | 'settings' | 'logger' | 'screen'>,
  logger: Logger,
) {
  const store = createCallbackStore(db);
  const missedCalls = createMissedCallCallbacks({
    store: createMissedCallStore(db, CALLED_AGAIN),
    callbacks: store,
    records: deps.records,
    waiting: deps.waiting,
    jobs: () => retries,
    kickAcd: deps.kickAcd,
    settings: {
      afterMs: config.MISSED_CALL_CALLBACK_AFTER_SECONDS * 1000,
      // the hotline's own calls to citizens keep one quiet window: the surveys'
      calling: { quietHours: parseQuietHours(config.SURVEY_QUIET_HOURS), timeZone: config.SURVEY_TIME_ZONE },
    },
    logger,
    now: deps.now,
  });
  const callbacks = createCallbacks({
    ...deps,
    store,
    jobs: () => retries,
    screen: (callbackId) => missedCalls.screen(callbackId),
    settings: {
      maxAttempts: config.CALLBACK_MAX_ATTEMPTS,
      retryMs: config.CALLBACK_RETRY_SECONDS * 1000,
      ringSeconds: config.CALLBACK_RING_SECONDS,
      outboundContext: config.CALLBACK_OUTBOUND_CONTEXT,
      hotlineNumber: config.HOTLINE_NUMBER,
    },
    logger,
  });
  const retries = createBullmqCallbackRetries({
    redisUrl: config.REDIS_URL,
    prefix: `${config.REDIS_PREFIX}bull`,
    logger,
    onDue: (callbackId) => callbacks.retryDue(callbackId),
  });
  const sweep = every(60_000, 'callback sweep', async () => {
    await callbacks.sweep();
    await missedCalls.sweep();
  }, logger);
  return {
    store,
    callbacks,
    missedCalls,
    async stop() {
      sweep.stop();
      await missedCalls.idle();
      await callbacks.idle();
      await retries.close();
    },
  };
}

export type Callbacks = ReturnType<typeof buildCallbacks>;
