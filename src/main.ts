// Composition root: read config, build the adapters, wire them into the app, start, and stop
// gracefully on SIGINT/SIGTERM. The only file that knows every part; the larger groups of parts
// are built in src/compose (records, callbacks, surveys, the HTTP routes).
import type { Server } from 'node:http';
import { createAriCallControl } from './adapters/ari/ari-call-control.js';
import { createAriConnection, isAriLibraryThrow } from './adapters/ari/ari-connection.js';
import { toTelephonyEvent } from './adapters/ari/ari-events.js';
import { createAriSipProvisioning } from './adapters/ari/ari-sip-provisioning.js';
import { createAmiConnection } from './adapters/ami/ami-connection.js';
import { createAmiDevicePresence } from './adapters/ami/ami-device-presence.js';
import { createHttpApp } from './adapters/http/create-http-app.js';
import { createLogger } from './adapters/log/create-logger.js';
import { createNullQueueLog, createQueueLogFile } from './adapters/log/queue-log-file.js';
import { createRedisAgentPool } from './adapters/redis/acd/redis-agent-pool.js';
import { createRedis } from './adapters/redis/create-redis.js';
import { createRedisAgentStateStore } from './adapters/redis/redis-agent-state-store.js';
import { createRedisCallCommandBus } from './adapters/redis/redis-call-command-bus.js';
import { createRedisCallOwners } from './adapters/redis/redis-call-owners.js';
import { createRedisCallStateStore } from './adapters/redis/redis-call-state-store.js';
import { createRedisWaitingList } from './adapters/redis/redis-waiting-list.js';
import { createAcdMatcher } from './app/acd/acd-matcher.js';
import { createAgentAccounts } from './app/agent/agent-accounts.js';
import { createAgentCallActions } from './app/agent/agent-call-actions.js';
import { agentQueueLogEvents } from './app/agent/agent-queue-log.js';
import { createAgentSessions } from './app/agent/agent-sessions.js';
import { generateSipPassword } from './app/agent/agent-sip-password.js';
import { createCallDispatcher } from './app/call/call-dispatcher.js';
import { createCallTimers } from './app/call/call-timers.js';
import { createFeatureCodes } from './app/agent/feature-codes.js';
import { createQueueEffects } from './app/acd/queue-effects.js';
import { createLiveStats } from './app/acd/queue-stats.js';
import { reconcileCalls } from './app/call/reconcile-calls.js';
import { buildCallbacks } from './compose/callbacks.js';
import { httpRoutes } from './compose/http-routes.js';
import { buildRecords } from './compose/records.js';
import { buildSurveys } from './compose/surveys.js';
import { installShutdown } from './compose/shutdown.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import type { CallFlowSettings } from './domain/call/call-flow-types.js';

async function main(config: Config): Promise<void> {
  const logger = createLogger(config.LOG_LEVEL);
  const now = () => new Date();
  const nowMs = () => Date.now();

  const recordsPart = await buildRecords(config, logger, now);
  const { db, records, agentDirectory, audit, queueCatalog, recordings } = recordsPart;

  const redis = createRedis(config.REDIS_URL, logger);
  // each instance keeps its calls' live state under its ARI app name and records, shared, which
  // app holds each call; the agent's call actions reach the others over the command bus
  const callOwners = createRedisCallOwners(redis, config.REDIS_PREFIX);
  const states = createRedisCallStateStore(redis, `${config.REDIS_PREFIX}${config.ARI_APP}:`, callOwners.recordAs(config.ARI_APP));
  const commandBus = createRedisCallCommandBus({ redis, redisPrefix: config.REDIS_PREFIX, logger });
  const timers = createCallTimers();
  // the agent pool and agent states are shared by every app instance; waiting callers are per instance
  const pool = createRedisAgentPool(redis, config.REDIS_PREFIX);
  const agentStates = createRedisAgentStateStore(redis, config.REDIS_PREFIX);
  const waiting = createRedisWaitingList(redis, `${config.REDIS_PREFIX}${config.ARI_APP}:`);

  const settings: CallFlowSettings = {
    emergencyKeys: config.emergencyKeys,
    queueTimings: (queueId) => queueCatalog.timings(queueId),
    keyWaitMs: config.GREETING_KEY_WAIT_MS,
    emergencyAnswerTimeoutMs: config.EMERGENCY_ANSWER_TIMEOUT_MS,
    queueTarget: { context: config.FALLBACK_QUEUE_CONTEXT, extension: 's', priority: 1 },
    rating: { keys: config.ratingKeys, keyTimeoutMs: config.RATING_KEY_TIMEOUT_MS, maxAsks: config.RATING_MAX_ASKS },
    agentLegReleaseMs: config.AGENT_LEG_RELEASE_SECONDS * 1000,
    callback: { key: config.CALLBACK_KEY, keyTimeoutMs: config.CALLBACK_KEY_TIMEOUT_MS, maxAsks: config.CALLBACK_MAX_ASKS },
  };

  // The connection and the call control refer to each other only through this late-bound getter.
  let connectionRef: ReturnType<typeof createAriConnection> | null = null;
  const control = createAriCallControl(() => connectionRef!.client(), config.ARI_APP);
  const queueLog = config.QUEUE_LOG_FILE === 'off' ? createNullQueueLog() : await createQueueLogFile(config.QUEUE_LOG_FILE);
  // softphone presence from AMI (registered and answering qualify), when AMI is configured
  let presence: ReturnType<typeof createAmiDevicePresence> | null = null;
  let ami: ReturnType<typeof createAmiConnection> | null = null;
  if (config.AMI_SECRET) {
    ami = createAmiConnection({
      host: config.AMI_HOST,
      port: config.AMI_PORT,
      username: config.AMI_USERNAME,
      secret: config.AMI_SECRET,
      logger,
      pingIntervalMs: config.AMI_PING_INTERVAL_MS,
      onConnected: () => presence?.refresh(),
    });
    presence = createAmiDevicePresence({ ami, logger });
  } else {
    logger.warn('AMI_SECRET is not set: softphone presence is not checked (every logged-in agent counts as reachable)');
  }
  // late-bound: the ACD and the agent side feed the dispatcher, which runs their effects
  let dispatcherRef: ReturnType<typeof createCallDispatcher> | null = null;
  const agentSessions = createAgentSessions({
    directory: agentDirectory,
    states: agentStates,
    pool,
    presence,
    wrapUpSeconds: config.AGENT_WRAP_UP_SECONDS,
    now: nowMs,
    logger,
    releaseCall: async (callId) => {
      if (await callbacks.releaseAgentLeg(callId)) return;
      await agentCallActions.releaseAgentLeg(callId);
    },
    onReady: () => matcher.kick(),
    onStatusChange: (agentId, extension, from, to) => {
      for (const e of agentQueueLogEvents(agentId, extension, from, to, nowMs())) {
        queueLog.write(e).catch((err: unknown) => logger.warn({ err }, 'queue_log write failed'));
      }
    },
  });
  const matcher = createAcdMatcher({
    waiting,
    pool,
    directory: agentDirectory,
    queues: () => queueCatalog.current(),
    assign: (callId, agentId, extension, viaQueueId, call) =>
      call.callbackId
        ? callbacks.deliver(call, agentId, extension)
        : dispatcherRef!.feed(callId, { type: 'agent_assigned', at: now(), agentId, extension, viaQueueId }),
    now: nowMs,
    logger,
    tickMs: config.ACD_TICK_MS,
  });
  const queueEffects = createQueueEffects({
    control,
    records,
    waiting,
    queues: () => queueCatalog.current(),
    agentsServing: async () =>
      Object.values(await agentStates.all()).filter((s) => s.status === 'ready' || s.status === 'ringing' || s.status === 'on_call').length,
    averageHandleSeconds: config.AVERAGE_HANDLE_SECONDS,
    onAgentEvent: (agentId, callId, event) => agentSessions.onCallEvent(agentId, callId, event),
    kickAcd: () => matcher.kick(),
    now,
    queueLog,
    onLogError: (err) => logger.warn({ err }, 'queue_log write failed'),
    recordings,
  });
  const callbackPart = buildCallbacks(
    config,
    db,
    {
      waiting,
      pool,
      agents: agentSessions,
      control,
      records,
      queues: () => queueCatalog.current(),
      feed: (callId, event) => void dispatcherRef!.feed(callId, event),
      kickAcd: () => matcher.kick(),
      now,
    },
    logger,
  );
  const { callbacks } = callbackPart;
  const surveys = buildSurveys(config, db, control, () => connectionRef?.ready ?? false, logger);
  const dispatcher = createCallDispatcher({
    control,
    records,
    states,
    timers,
    settings,
    emergencyContext: config.EMERGENCY_CONTEXT,
    logger,
    now,
    queueEffects,
    callbackEffects: (state, effect) => callbacks.effects(state, effect),
    routeCallback: (event) => callbacks.handle(event),
    onCallFinished: (callId) => recordsPart.callReview.schedule(callId),
    onFeatureCode: (channelId, extension, code) => featureCodes(channelId, extension, code),
    routeSurvey: (event) => surveys.calls.route(event),
  });
  dispatcherRef = dispatcher;
  const featureCodes = createFeatureCodes({ sessions: agentSessions, control, logger });
  const agentCallActions = createAgentCallActions({
    sessions: agentSessions,
    calls: states,
    control,
    feed: dispatcher.feed,
    now,
    instances: { app: config.ARI_APP, owners: callOwners, bus: commandBus },
  });
  const agentAccounts = createAgentAccounts({
    agents: agentDirectory,
    provisioning: createAriSipProvisioning({
      url: config.ARI_URL,
      username: config.ARI_USERNAME,
      password: config.ARI_PASSWORD,
      rtpTimeoutSeconds: config.AGENT_RTP_TIMEOUT_SECONDS,
    }),
    generateSecret: () => generateSipPassword(),
    logger,
    audit,
    now,
    live: agentSessions,
    tokens: recordsPart.apiTokens,
    presence,
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
      // agents' softphone accounts live in Asterisk's memory: push them again after every (re)connect
      await agentAccounts.reapplyAll().catch((err: unknown) => logger.error({ err }, 'could not re-apply agent SIP accounts'));
      await reconcileCalls({ control, records, states, dispatcher, logger, now, queueTarget: settings.queueTarget, audit, appName: config.ARI_APP });
      await surveys.afterConnect();
      // stored callbacks whose waiting-list entry is gone (e.g. Redis lost it) take their place again
      await callbacks.sweep({ restoreWaiting: true }).catch((err: unknown) => logger.warn({ err }, 'callback restore failed'));
      matcher.kick();
    },
  });
  connectionRef = connection;

  const routes = httpRoutes({
    health: [
      { name: 'ari', check: () => connection.ready },
      ...(ami ? [{ name: 'ami', check: () => ami!.ready }] : []),
      { name: 'redis', check: async () => (await redis.ping()) === 'PONG' },
      { name: 'database', check: async () => (await db.query('select 1 as ok')).length === 1 },
    ],
    records: recordsPart,
    caseSurveys: surveys.caseSurveys,
    callbackStore: callbackPart.store,
    agentAccounts,
    agentSessions,
    agentCallActions,
    liveStats: createLiveStats({ records, waiting, agentStates, queueIds: () => [...queueCatalog.current().keys()], now: nowMs }),
    sipServer: config.SIP_SERVER,
    hotlineNumber: config.HOTLINE_NUMBER,
    processFigures: (collectFirst) => {
      const gc = (globalThis as { gc?: () => void }).gc;
      if (collectFirst) gc?.();
      const memory = process.memoryUsage();
      return {
        uptimeSeconds: Math.round(process.uptime()),
        heapUsedBytes: memory.heapUsed,
        rssBytes: memory.rss,
        ariListeners: connection.listenerCount(),
        callTimers: timers.size,
        busyCalls: dispatcher.busyCalls,
        gcAvailable: typeof gc === 'function',
      };
    },
    now,
    logger,
  });
  const http = createHttpApp(routes, logger, recordsPart.apiTokens);
  const server: Server = await new Promise((resolve, reject) => {
    const s = http.listen(config.HOTLINE_HTTP_PORT, config.HOTLINE_HTTP_HOST, () => resolve(s));
    s.once('error', reject);
  });
  logger.info({ url: `http://${config.HOTLINE_HTTP_HOST}:${config.HOTLINE_HTTP_PORT}` }, 'HTTP API listening');

  presence?.onChange((extension, reachable) => void agentSessions.onDeviceChange(extension, reachable).catch(() => undefined));
  ami?.start();
  connection.start();
  // commands from the other instances for this app's calls (the adapter retries when Redis is down)
  void commandBus.subscribe(config.ARI_APP, (command) => agentCallActions.runCommand(command)).catch(() => undefined);
  matcher.start();
  surveys.start();
  recordsPart.start();
  logger.info({ number: config.HOTLINE_NUMBER, app: config.ARI_APP, ari: config.ARI_URL }, 'hotline app started');

  const stopParts = async () => {
    matcher.stop();
    agentSessions.stop();
    presence?.close();
    await ami?.stop();
    await connection.stop();
    await commandBus.close();
    timers.cancelAll();
    await dispatcher.idle();
    await surveys.stop();
    await callbackPart.stop();
    await recordsPart.stop();
    // keep-alive clients would hold a plain close() open for minutes
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
    redis.disconnect();
    await queueLog.close();
    await recordsPart.close();
  };
  installShutdown({
    host: { on: (signal, listener) => process.on(signal, listener), exit: (code) => process.exit(code) },
    stopParts,
    deadlineMs: config.SHUTDOWN_DEADLINE_MS,
    log: logger,
  });
  // A library promise nobody awaits must not stop a hotline: log it (ari-client is known for these).
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));
  // ari-client's swagger layer throws outside its promises when ARI is not ready yet; the ARI
  // supervisor times that connect out and tries again. Anything else is a real fault: exit.
  process.on('uncaughtException', (err) => {
    if (isAriLibraryThrow(err)) {
      logger.warn({ err: String(err) }, 'ARI library failure while connecting; the connection will be retried');
      return;
    }
    logger.fatal({ err }, 'uncaught exception');
    process.exit(1);
  });
}

// A closed terminal or pipe (EPIPE) on stdout/stderr is no fault of the hotline's: never let it
// throw, so it cannot stop a running process or hold up its stop.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
// Secrets at rest: whatever the app creates (database files, queue_log) is the owner's alone.
process.umask(0o077);

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
