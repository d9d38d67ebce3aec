// Per-case callback surveys (一事一评 回访): the database decides, BullMQ wakes each attempt at its
// time, the survey calls run over ARI, a sweeper catches lost jobs. The survey clock is shifted
// only in tests (SURVEY_CLOCK_OFFSET_SECONDS).
import type { Database } from '../adapters/db/database.js';
import { createCaseSurveyStore } from '../adapters/db/case-survey-store.js';
import { createSurveyJobQueue } from '../adapters/jobs/survey-job-queue.js';
import { createSurveyJobWorker } from '../adapters/jobs/survey-job-worker.js';
import { createCaseSurveyCalls, SURVEY_MAX_CALL_MS } from '../app/survey/case-survey-calls.js';
import { createCaseSurveys, type CaseSurveysDeps } from '../app/survey/case-surveys.js';
import type { Config } from '../config.js';
import { parseQuietHours } from '../domain/survey/quiet-hours.js';
import type { CallControl } from '../ports/call/call-control.js';
import type { Logger } from 'pino';
import { every } from './periodic.js';

export function buildSurveys(
  config: Config, db: Database, control: CallControl, ariReady: () => boolean, logger: Logger,
  /** A finished survey's answers, passed on (to its work order). */
  onFinished?: CaseSurveysDeps['onFinished'],
) {
  const surveyNow = () => new Date(Date.now() + config.SURVEY_CLOCK_OFFSET_SECONDS * 1000);
  const jobs = createSurveyJobQueue({ redisUrl: config.REDIS_URL, redisPrefix: config.REDIS_PREFIX, logger });
  const caseSurveys = createCaseSurveys({
    store: createCaseSurveyStore(db),
    jobs,
    placer: () => calls,
    rules: {
      quietHours: parseQuietHours(config.SURVEY_QUIET_HOURS),
      timeZone: config.SURVEY_TIME_ZONE,
      maxAttempts: config.SURVEY_MAX_ATTEMPTS,
      retryMs: config.SURVEY_RETRY_MINUTES * 60_000,
    },
    stuckAfterMs: config.SURVEY_RING_SECONDS * 1000 + SURVEY_MAX_CALL_MS + 60_000,
    now: surveyNow,
    logger,
    ...(onFinished ? { onFinished } : {}),
  });
  const calls = createCaseSurveyCalls({
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
  const worker = createSurveyJobWorker({
    redisUrl: config.REDIS_URL,
    redisPrefix: config.REDIS_PREFIX,
    logger,
    // without ARI no call can be placed: the attempt waits (unclaimed) instead of failing
    handle: async (surveyId) => (ariReady() ? caseSurveys.runAttempt(surveyId) : { kind: 'not_due', dueInMs: 5_000 }),
  });
  let sweep: { stop(): void } | null = null;
  return {
    name: 'callback surveys',
    caseSurveys,
    calls,
    start() {
      worker.start();
      sweep = every(config.SURVEY_SWEEP_SECONDS * 1000, 'survey sweep', () => caseSurveys.sweep(), logger);
    },
    /** After every ARI (re)connect: survey calls this process no longer runs are hung up, then a sweep. */
    async afterConnect() {
      await calls.settleOrphans().catch((err: unknown) => logger.warn({ err }, 'could not settle survey calls'));
      await caseSurveys.sweep().catch((err: unknown) => logger.warn({ err }, 'survey sweep failed'));
    },
    async stop() {
      sweep?.stop();
      await worker.close();
      calls.stop();
      await jobs.close();
    },
  };
}

export type Surveys = ReturnType<typeof buildSurveys>;
