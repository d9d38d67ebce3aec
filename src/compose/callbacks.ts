// Callbacks (回拨) that keep the caller's place: stored in the database, delivered when the ACD
// claims an agent for one, retried by BullMQ, swept for lost retries.
import { createCallbackStore } from '../adapters/db/callback-store.js';
import type { Database } from '../adapters/db/database.js';
import { createBullmqCallbackRetries } from '../adapters/jobs/bullmq-callback-retries.js';
import { createCallbacks, type CallbacksDeps } from '../app/callback/callbacks.js';
import type { Config } from '../config.js';
import type { Logger } from 'pino';
import { every } from './periodic.js';

export function buildCallbacks(
  config: Config,
  db: Database,
  deps: Omit<CallbacksDeps, 'store' | 'jobs' | 'settings' | 'logger'>,
  logger: Logger,
) {
  const store = createCallbackStore(db);
  const callbacks = createCallbacks({
    ...deps,
    store,
    jobs: () => retries,
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
  const sweep = every(60_000, 'callback sweep', () => callbacks.sweep(), logger);
  return {
    store,
    callbacks,
    async stop() {
      sweep.stop();
      await callbacks.idle();
      await retries.close();
    },
  };
}

export type Callbacks = ReturnType<typeof buildCallbacks>;
