// Callback-survey jobs on BullMQ. A job is `{ surveyId }` only (no phone numbers in Redis), with
// the id survey-<id>-<attempt> so one attempt is queued once while its job exists. The
// producer fails fast while Redis is down (the survey is already in the database; the
// sweeper queues it later). Completed jobs are removed, so a lost or finished job never
// blocks the sweeper from queueing the attempt again.
import { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { SurveyJobs } from '../../ports/survey/survey-jobs.js';

export const SURVEY_QUEUE = 'case-surveys';

export interface SurveyJobPayload {
  surveyId: number;
}

/** BullMQ keys are `<prefix>:<queue>:…`; REDIS_PREFIX "hotline:" gives "hotline:bull:case-surveys:…". */
export function bullmqPrefix(redisPrefix: string): string {
  return `${redisPrefix}bull`;
}

export const surveyJobId = (surveyId: number, attempt: number): string => `survey-${surveyId}-${attempt}`;

export interface SurveyJobQueue extends SurveyJobs {
  /** Resolves when the queue's Redis connection is up (tests; the app does not wait). */
  ready(): Promise<void>;
  close(): Promise<void>;
  /** The BullMQ queue, for readiness checks and tests. */
  readonly queue: Queue<SurveyJobPayload>;
}

export function createSurveyJobQueue(opts: { redisUrl: string; redisPrefix: string; logger: Logger }): SurveyJobQueue {
  const log = opts.logger.child({ component: 'survey-jobs' });
  const queue = new Queue<SurveyJobPayload>(SURVEY_QUEUE, {
    connection: { url: opts.redisUrl, enableOfflineQueue: false, maxRetriesPerRequest: 1 },
    prefix: bullmqPrefix(opts.redisPrefix),
    defaultJobOptions: { attempts: 1, removeOnComplete: true, removeOnFail: { age: 7 * 24 * 3600, count: 1000 } },
  });
  queue.on('error', (err: Error) => log.warn({ err: err.message }, 'survey job queue: Redis error'));

  return {
    queue,
    async schedule(surveyId, attempt, delayMs) {
      const jobId = surveyJobId(surveyId, attempt);
      const existing = await queue.getJob(jobId);
      if (existing) {
        const state = await existing.getState();
        // waiting, delayed or active: that job will run the attempt
        if (state !== 'completed' && state !== 'failed' && state !== 'unknown') return false;
        await existing.remove();
      }
      await queue.add('attempt', { surveyId }, { jobId, delay: Math.max(0, Math.round(delayMs)) });
      log.debug({ surveyId, attempt, delayMs }, 'survey attempt queued');
      return true;
    },
    ready: () => queue.waitUntilReady().then(() => undefined),
    close: () => queue.close(),
  };
}
