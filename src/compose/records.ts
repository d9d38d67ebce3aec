// The database and what lives in it: call records, agents, queues, the audit log, incidents and
// the call review, API tokens, recordings with their retention, and the dialplan audit.
import { readFileSync } from 'node:fs';
import { createCachedAgentDirectory } from '../app/agent/cached-agent-directory.js';
import { createAgentDirectoryStore } from '../adapters/db/agent-directory-store.js';
import { createApiTokenStore } from '../adapters/db/api-token-store.js';
import { createAuditLogStore } from '../adapters/db/audit-log-store.js';
import { createCallRecordsStore } from '../adapters/db/call-records-store.js';
import { createDatabase } from '../adapters/db/create-database.js';
import { createIncidentStore } from '../adapters/db/incident-store.js';
import { migrate } from '../adapters/db/migrate.js';
import { createQueueDirectoryStore } from '../adapters/db/queue-directory-store.js';
import { createRecordingsStore } from '../adapters/db/recordings-store.js';
import { configFileHashes } from '../adapters/files/config-file-hashes.js';
import { createRecordingFolder } from '../adapters/files/recording-folder.js';
import { createApiTokens } from '../app/access/api-tokens.js';
import { createCallReview } from '../app/audit/call-review.js';
import { createDialplanAudit } from '../app/audit/dialplan-audit.js';
import { createQueueCatalog, parseQueueFile } from '../app/acd/queue-catalog.js';
import { createRecordingRetention } from '../app/audit/recording-retention.js';
import type { Config } from '../config.js';
import { departmentDirectoryOn } from './departments.js';
import type { Logger } from 'pino';
import { every } from './periodic.js';

export async function buildRecords(config: Config, logger: Logger, now: () => Date) {
  const db = await createDatabase({
    ...(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : {}),
    pgliteDir: config.PGLITE_DIR,
    onError: (err) => logger.warn({ err: err.message }, 'database connection error'),
  });
  const applied = await migrate(db);
  logger.info({ database: db.kind, applied }, 'database ready');

  const records = createCallRecordsStore(db);
  const agentDirectory = createCachedAgentDirectory(createAgentDirectoryStore(db), config.AGENT_DIRECTORY_CACHE_SECONDS * 1000, Date.now);
  const queueDirectory = createQueueDirectoryStore(db);
  const audit = createAuditLogStore(db);
  const incidents = createIncidentStore(db);

  const dialplanAudit = createDialplanAudit({ audit, currentHashes: () => configFileHashes(config.DIALPLANS_DIR), now, logger });
  await dialplanAudit.check();
  const dialplanCheck = every(config.DIALPLAN_AUDIT_INTERVAL_MS, 'dialplan audit check', () => dialplanAudit.check(), logger);

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
  const apiTokens = createApiTokens({ store: createApiTokenStore(db), agents: agentDirectory, departments: departmentDirectoryOn(db), adminToken: config.HOTLINE_ADMIN_TOKEN, audit, now, logger });
  const recordings = createRecordingsStore(db);
  const recordingFolder = createRecordingFolder(config.RECORDINGS_DIR);
  const recordingRetention = createRecordingRetention({
    recordings, files: recordingFolder, audit, retentionDays: config.RECORDING_RETENTION_DAYS, now, logger,
  });

  const seedQueues = parseQueueFile(config.SKILL_QUEUES_FILE, JSON.parse(readFileSync(config.SKILL_QUEUES_FILE, 'utf8')));
  const queueCatalog = await createQueueCatalog(queueDirectory, seedQueues);
  const queueRefresh = every(2_000, 'queue refresh', () => queueCatalog.refresh(), logger);

  return {
    db,
    records,
    agentDirectory,
    queueDirectory,
    audit,
    incidents,
    callReview,
    apiTokens,
    recordings,
    recordingFolder,
    queueCatalog,
    start() {
      recordingRetention.start(config.RECORDING_SWEEP_INTERVAL_MS);
    },
    /** Stops the periodic work; the database stays open until close(). */
    async stop() {
      queueRefresh.stop();
      dialplanCheck.stop();
      await recordingRetention.stop();
      await callReview.flush();
    },
    close: () => db.close(),
  };
}

export type Records = Awaited<ReturnType<typeof buildRecords>>;
