// Composition root: read config, build the adapters, wire them into the app, start, and stop
// gracefully on SIGINT/SIGTERM. The only file that knows every part.
import type { Server } from 'node:http';
import { createAriCallControl } from './adapters/ari/ari-call-control.js';
import { createAriConnection, isAriLibraryThrow } from './adapters/ari/ari-connection.js';
import { toTelephonyEvent } from './adapters/ari/ari-events.js';
import { readFileSync } from 'node:fs';
import { createAriSipProvisioning } from './adapters/ari/ari-sip-provisioning.js';
import { createAgentDirectoryStore } from './adapters/db/agent-directory-store.js';
import { createCallRecordsStore } from './adapters/db/call-records-store.js';
import { createQueueDirectoryStore } from './adapters/db/queue-directory-store.js';
import { agentSessionsRoutes } from './adapters/http/agent-sessions-routes.js';
import { agentsRoutes } from './adapters/http/agents-routes.js';
import { queuesRoutes } from './adapters/http/queues-routes.js';
import { statsRoutes } from './adapters/http/stats-routes.js';
import { createAmiConnection } from './adapters/ami/ami-connection.js';
import { createAmiDevicePresence } from './adapters/ami/ami-device-presence.js';
import { createRedisAgentPool } from './adapters/redis/acd/redis-agent-pool.js';
import { createRedisAgentStateStore } from './adapters/redis/redis-agent-state-store.js';
import { createRedisWaitingList } from './adapters/redis/redis-waiting-list.js';
import { createNullQueueLog, createQueueLogFile } from './adapters/log/queue-log-file.js';
import { agentCallRoutes } from './adapters/http/agent-call-routes.js';
import { createAcdMatcher } from './app/acd-matcher.js';
import { createAgentCallActions } from './app/agent-call-actions.js';
import { agentQueueLogEvents } from './app/agent-queue-log.js';
import { createAgentAccounts } from './app/agent-accounts.js';
import { createAgentSessions } from './app/agent-sessions.js';
import { generateSipPassword } from './app/agent-sip-password.js';
import { createFeatureCodes } from './app/feature-codes.js';
import { createQueueCatalog, parseQueueFile } from './app/queue-catalog.js';
import { createQueueEffects } from './app/queue-effects.js';
import { createLiveStats } from './app/queue-stats.js';
import { createDatabase } from './adapters/db/create-database.js';
import { migrate } from './adapters/db/migrate.js';
import { callsRoutes } from './adapters/http/calls-routes.js';
import { incidentsRoutes } from './adapters/http/incidents-routes.js';
import { createHttpApp } from './adapters/http/create-http-app.js';
import { tokensRoutes } from './adapters/http/tokens-routes.js';
import { createApiTokenStore } from './adapters/db/api-token-store.js';
import { createApiTokens } from './app/api-tokens.js';
import { healthRoutes } from './adapters/http/health-routes.js';
import { createLogger } from './adapters/log/create-logger.js';
import { createRedis } from './adapters/redis/create-redis.js';
import { createRedisCallStateStore } from './adapters/redis/redis-call-state-store.js';
import { createCallDispatcher } from './app/call-dispatcher.js';
import { createCallbacks } from './app/callbacks.js';
import { createCallbackStore } from './adapters/db/callback-store.js';
import { callbacksRoutes } from './adapters/http/callbacks-routes.js';
import { createBullmqCallbackRetries } from './adapters/jobs/bullmq-callback-retries.js';
import { createCallTimers } from './app/call-timers.js';
import { createCallReview } from './app/call-review.js';
import { createDialplanAudit } from './app/dialplan-audit.js';
import { configFileHashes } from './adapters/files/config-file-hashes.js';
import { createAuditLogStore } from './adapters/db/audit-log-store.js';
import { createIncidentStore } from './adapters/db/incident-store.js';
import { reconcileCalls } from './app/reconcile-calls.js';
import { createCaseSurveyStore } from './adapters/db/case-survey-store.js';
import { caseSurveysRoutes } from './adapters/http/case-surveys-routes.js';
import { createSurveyJobQueue } from './adapters/jobs/survey-job-queue.js';
import { createSurveyJobWorker } from './adapters/jobs/survey-job-worker.js';
import { createCaseSurveyCalls, SURVEY_MAX_CALL_MS } from './app/case-survey-calls.js';
import { createCaseSurveys } from './app/case-surveys.js';
import { parseQuietHours } from './domain/survey/quiet-hours.js';
import { createRecordingsStore } from './adapters/db/recordings-store.js';
import { createRecordingFolder } from './adapters/files/recording-folder.js';
import { auditRoutes } from './adapters/http/audit-routes.js';
import { recordingRoutes } from './adapters/http/recording-routes.js';
import { createRecordingRetention } from './app/recording-retention.js';
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
  const agentDirectory = createAgentDirectoryStore(db);
  const queueDirectory = createQueueDirectoryStore(db);
  const audit = createAuditLogStore(db);
  const incidents = createIncidentStore(db);
  const dialplanAudit = createDialplanAudit({ audit, currentHashes: () => configFileHashes(config.DIALPLANS_DIR), now, logger });
  await dialplanAudit.check();
  const dialplanCheck = setInterval(
    () => void dialplanAudit.check().catch((err: unknown) => logger.warn({ err }, 'dialplan audit check failed')),
    config.DIALPLAN_AUDIT_INTERVAL_MS,
  );
  dialplanCheck.unref();
  const callReview = createCallReview({
    records,
    incidents,
    audit,
    thresholds: {
      speechAfterEndMs: config.INCIDENT_SPEECH_AFTER_END_MS,
      agentLegGraceMs: config.INCIDENT_AGENT_LEG_GRACE_SECONDS * 1000,
      monologueMs: config.INCIDENT_MONOLOGUE_SECONDS * 1000,
      callerSilenceMs: config.INCIDENT_CALLER_SILENCE_SECONDS * 1000,
    },
    delayMs: config.CALL_REVIEW_DELAY_MS,
    now,
    logger,
  });
  const apiTokens = createApiTokens({ store: createApiTokenStore(db), agents: agentDirectory, adminToken: config.HOTLINE_ADMIN_TOKEN, audit, now, logger });
  const recordings = createRecordingsStore(db);
  const recordingFolder = createRecordingFolder(config.RECORDINGS_DIR);
  const recordingRetention = createRecordingRetention({
    recordings, files: recordingFolder, audit, retentionDays: config.RECORDING_RETENTION_DAYS, now, logger,
  });
  const seedQueues = parseQueueFile(config.SKILL_QUEUES_FILE, JSON.parse(readFileSync(config.SKILL_QUEUES_FILE, 'utf8')));
  const queueCatalog = await createQueueCatalog(queueDirectory, seedQueues);
  const queueRefresh = setInterval(() => void queueCatalog.refresh().catch((err: unknown) => logger.warn({ err }, 'queue refresh failed')), 2_000);
  queueRefresh.unref();

  const redis = createRedis(config.REDIS_URL, logger);
  const states = createRedisCallStateStore(redis, `${config.REDIS_PREFIX}${config.ARI_APP}:`);
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
  const nowMs = () => Date.now();
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
      const leg = (await states.get(callId))?.agent?.legChannelId;
      if (leg) await control.hangup(leg, 'normal').catch(() => undefined);
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
  // callbacks (回拨): stored in the database, delivered when the ACD claims an agent for one, retried by BullMQ
  const callbackStore = createCallbackStore(db);
  const callbacks = createCallbacks({
    store: callbackStore,
    waiting,
    pool,
    agents: agentSessions,
    control,
    records,
    jobs: () => callbackRetries,
    queues: () => queueCatalog.current(),
    feed: (callId, event) => void dispatcherRef!.feed(callId, event),
    kickAcd: () => matcher.kick(),
    settings: {
      maxAttempts: config.CALLBACK_MAX_ATTEMPTS,
      retryMs: config.CALLBACK_RETRY_SECONDS * 1000,
      ringSeconds: config.CALLBACK_RING_SECONDS,
      outboundContext: config.CALLBACK_OUTBOUND_CONTEXT,
      hotlineNumber: config.HOTLINE_NUMBER,
    },
    logger,
    now,
  });
  const callbackRetries = createBullmqCallbackRetries({
    redisUrl: config.REDIS_URL,
    prefix: `${config.REDIS_PREFIX}bull`,
    logger,
    onDue: (callbackId) => callbacks.retryDue(callbackId),
  });
  const callbackSweep = setInterval(() => void callbacks.sweep().catch((err: unknown) => logger.warn({ err }, 'callback sweep failed')), 60_000);
  callbackSweep.unref();
  // per-case callback surveys (一事一评 回访): the database decides, BullMQ wakes each attempt at
  // its time, a sweeper catches lost jobs; the survey clock is shifted only in tests
  const surveyNow = () => new Date(Date.now() + config.SURVEY_CLOCK_OFFSET_SECONDS * 1000);
  const surveyJobs = createSurveyJobQueue({ redisUrl: config.REDIS_URL, redisPrefix: config.REDIS_PREFIX, logger });
  const caseSurveys = createCaseSurveys({
    store: createCaseSurveyStore(db),
    jobs: surveyJobs,
    placer: () => surveyCalls,
    rules: {
      quietHours: parseQuietHours(config.SURVEY_QUIET_HOURS),
      timeZone: config.SURVEY_TIME_ZONE,
      maxAttempts: config.SURVEY_MAX_ATTEMPTS,
      retryMs: config.SURVEY_RETRY_MINUTES * 60_000,
    },
    stuckAfterMs: config.SURVEY_RING_SECONDS * 1000 + SURVEY_MAX_CALL_MS + 60_000,
    now: surveyNow,
    logger,
  });
  const surveyCalls = createCaseSurveyCalls({
    control,
    outboundContext: config.SURVEY_OUTBOUND_CONTEXT,
    callerNumber: config.HOTLINE_NUMBER,
    language: config.HOTLINE_LANGUAGE,
    ringSeconds: config.SURVEY_RING_SECONDS,
    keyTimeoutMs: config.SURVEY_KEY_TIMEOUT_SECONDS * 1000,
    maxCallMs: SURVEY_MAX_CALL_MS,
    report: () => caseSurveys,
    logger,
  });
  const surveyWorker = createSurveyJobWorker({
    redisUrl: config.REDIS_URL,
    redisPrefix: config.REDIS_PREFIX,
    logger,
    // without ARI no call can be placed: the attempt waits (unclaimed) instead of failing
    handle: async (surveyId) => (connectionRef?.ready ? caseSurveys.runAttempt(surveyId) : { kind: 'not_due', dueInMs: 5_000 }),
  });
  const surveySweep = setInterval(
    () => void caseSurveys.sweep().catch((err: unknown) => logger.warn({ err }, 'survey sweep failed')),
    config.SURVEY_SWEEP_SECONDS * 1000,
  );
  surveySweep.unref();
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
    onCallFinished: (callId) => callReview.schedule(callId),
    onFeatureCode: (channelId, extension, code) => featureCodes(channelId, extension, code),
    routeSurvey: (event) => surveyCalls.route(event),
  });
  dispatcherRef = dispatcher;
  const featureCodes = createFeatureCodes({ sessions: agentSessions, control, logger });
  const agentCallActions = createAgentCallActions({ sessions: agentSessions, calls: states, control, feed: dispatcher.feed, now });
  const agentAccounts = createAgentAccounts({
    agents: agentDirectory,
    provisioning: createAriSipProvisioning({ url: config.ARI_URL, username: config.ARI_USERNAME, password: config.ARI_PASSWORD }),
    generateSecret: () => generateSipPassword(),
    logger,
    audit,
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
      // agents' softphone accounts live in Asterisk's memory: push them again after every (re)connect
      await agentAccounts.reapplyAll().catch((err: unknown) => logger.error({ err }, 'could not re-apply agent SIP accounts'));
      await reconcileCalls({ control, records, states, dispatcher, logger, now, queueTarget: settings.queueTarget });
      // survey calls this process no longer runs are hung up (their attempt is closed and retried)
      await surveyCalls.settleOrphans().catch((err: unknown) => logger.warn({ err }, 'could not settle survey calls'));
      await caseSurveys.sweep().catch((err: unknown) => logger.warn({ err }, 'survey sweep failed'));
      // stored callbacks whose waiting-list entry is gone (e.g. Redis lost it) take their place again
      await callbacks.sweep({ restoreWaiting: true }).catch((err: unknown) => logger.warn({ err }, 'callback restore failed'));
      matcher.kick();
    },
  });
  connectionRef = connection;

  const http = createHttpApp(
    [
      healthRoutes([
        { name: 'ari', check: () => connection.ready },
        ...(ami ? [{ name: 'ami', check: () => ami!.ready }] : []),
        { name: 'redis', check: async () => (await redis.ping()) === 'PONG' },
        { name: 'database', check: async () => (await db.query('select 1 as ok')).length === 1 },
      ]),
      callsRoutes(records),
      caseSurveysRoutes(caseSurveys),
      callbacksRoutes(callbackStore),
      recordingRoutes({ records, recordings, folder: recordingFolder, audit, now, logger }),
      auditRoutes(audit),
      incidentsRoutes(incidents),
      agentsRoutes(agentAccounts, { sipServer: config.SIP_SERVER }),
      agentSessionsRoutes(agentSessions, (agentId) => agentCallActions.callerCanHear(agentId)),
      agentCallRoutes(agentCallActions),
      queuesRoutes(queueDirectory, { audit, now, logger }),
      tokensRoutes(apiTokens),
      statsRoutes(
        createLiveStats({
          records,
          waiting,
          agentStates,
          queueIds: () => [...queueCatalog.current().keys()],
          now: nowMs,
        }),
      ),
    ],
    logger,
    apiTokens,
  );
  const server: Server = await new Promise((resolve, reject) => {
    const s = http.listen(config.HOTLINE_HTTP_PORT, config.HOTLINE_HTTP_HOST, () => resolve(s));
    s.once('error', reject);
  });
  logger.info({ url: `http://${config.HOTLINE_HTTP_HOST}:${config.HOTLINE_HTTP_PORT}` }, 'HTTP API listening');

  presence?.onChange((extension, reachable) => void agentSessions.onDeviceChange(extension, reachable).catch(() => undefined));
  ami?.start();
  connection.start();
  matcher.start();
  surveyWorker.start();
  recordingRetention.start(config.RECORDING_SWEEP_INTERVAL_MS);
  logger.info({ number: config.HOTLINE_NUMBER, app: config.ARI_APP, ari: config.ARI_URL }, 'hotline app started');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    matcher.stop();
    clearInterval(queueRefresh);
    clearInterval(dialplanCheck);
    agentSessions.stop();
    presence?.close();
    await ami?.stop();
    await connection.stop();
    timers.cancelAll();
    await dispatcher.idle();
    clearInterval(surveySweep);
    await surveyWorker.close();
    surveyCalls.stop();
    await surveyJobs.close();
    clearInterval(callbackSweep);
    await callbacks.idle();
    await callbackRetries.close();
    await recordingRetention.stop();
    await callReview.flush();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    redis.disconnect();
    await queueLog.close();
    await db.close();
    logger.info('stopped');
    process.exit(0);
  };
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
