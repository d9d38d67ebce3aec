// Composition root: read config, build the adapters, wire them into the app, start, and stop
// gracefully on SIGINT/SIGTERM. The only file that knows every part.
import type { Server } from 'node:http';
import { createAriCallControl } from './adapters/ari/ari-call-control.js';
import { createAriConnection } from './adapters/ari/ari-connection.js';
import { toTelephonyEvent } from './adapters/ari/ari-events.js';
import { createCallRecordsStore } from './adapters/db/call-records-store.js';
import { createDatabase } from './adapters/db/create-database.js';
import { migrate } from './adapters/db/migrate.js';
import { callsRoutes } from './adapters/http/calls-routes.js';
import { createHttpApp } from './adapters/http/create-http-app.js';
import { healthRoutes } from './adapters/http/health-routes.js';
import { createLogger } from './adapters/log/create-logger.js';
import { createRedis } from './adapters/redis/create-redis.js';
import { createRedisCallStateStore } from './adapters/redis/redis-call-state-store.js';
import { createCallDispatcher } from './app/call-dispatcher.js';
import { createCallTimers } from './app/call-timers.js';
import { reconcileCalls } from './app/reconcile-calls.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import type { CallFlowSettings } from './domain/call/call-flow-types.js';

async function main(config: Config): Promise<void> {
  const logger = createLogger(config.LOG_LEVEL);
  const now = () => new Date();

  const db = await createDatabase({
    ...(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : {}),
    pgliteDir: config.PGLITE_DIR,
    onError: (err) => logger.warn({ err: err.message }, 'database connection error'),
  });
  const applied = await migrate(db);
  logger.info({ database: db.kind, applied }, 'database ready');
  const records = createCallRecordsStore(db);

  const redis = createRedis(config.REDIS_URL, logger);
  const states = createRedisCallStateStore(redis, `hotline:${config.ARI_APP}:`);
  const timers = createCallTimers();

  const settings: CallFlowSettings = {
    emergencyKeys: config.emergencyKeys,
    queueTimings: () => null,
    keyWaitMs: config.GREETING_KEY_WAIT_MS,
    emergencyAnswerTimeoutMs: config.EMERGENCY_ANSWER_TIMEOUT_MS,
    queueTarget: { context: config.FALLBACK_QUEUE_CONTEXT, extension: 's', priority: 1 },
  };

  // The connection and the call control refer to each other only through this late-bound getter.
  let connectionRef: ReturnType<typeof createAriConnection> | null = null;
  const control = createAriCallControl(() => connectionRef!.client(), config.ARI_APP);
  const dispatcher = createCallDispatcher({
    control,
    records,
    states,
    timers,
    settings,
    emergencyContext: config.EMERGENCY_CONTEXT,
    logger,
    now,
  });

  const connection = createAriConnection({
    url: config.ARI_URL,
    username: config.ARI_USERNAME,
    password: config.ARI_PASSWORD,
    app: config.ARI_APP,
    pingIntervalMs: config.ARI_PING_INTERVAL_MS,
    reconnectMaxDelayMs: config.ARI_RECONNECT_MAX_DELAY_MS,
    logger,
    onEvent: (raw) => {
      const event = toTelephonyEvent(raw, now());
      if (event) void dispatcher.handle(event);
      else logger.trace({ type: (raw as { type?: string }).type }, 'ARI event not used');
    },
    onConnected: async () => {
      await reconcileCalls({ control, records, states, dispatcher, logger, now, queueTarget: settings.queueTarget });
    },
  });
  connectionRef = connection;

  const http = createHttpApp(
    [
      healthRoutes([
        { name: 'ari', check: () => connection.ready },
        { name: 'redis', check: async () => (await redis.ping()) === 'PONG' },
        { name: 'database', check: async () => (await db.query('select 1 as ok')).length === 1 },
      ]),
      callsRoutes(records),
    ],
    logger,
  );
  const server: Server = await new Promise((resolve, reject) => {
    const s = http.listen(config.HOTLINE_HTTP_PORT, config.HOTLINE_HTTP_HOST, () => resolve(s));
    s.once('error', reject);
  });
  logger.info({ url: `http://${config.HOTLINE_HTTP_HOST}:${config.HOTLINE_HTTP_PORT}` }, 'HTTP API listening');

  connection.start();
  logger.info({ number: config.HOTLINE_NUMBER, app: config.ARI_APP, ari: config.ARI_URL }, 'hotline app started');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    await connection.stop();
    timers.cancelAll();
    await dispatcher.idle();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    redis.disconnect();
    await db.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

let config: Config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
  throw err;
}
main(config).catch((err: unknown) => {
  process.stderr.write(`hotline failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
