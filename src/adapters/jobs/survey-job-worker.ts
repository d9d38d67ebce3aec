// Runs callback-survey jobs. The worker's Redis connection has maxRetriesPerRequest null
// (BullMQ requires it for blocking commands). A job that is not due yet (clocks a little
// apart, or a job queued early) is moved back to delayed; everything else is decided by the
// handler against the database, so a stalled job that runs twice places no second call.
import { DelayedError, Worker, type Job } from 'bullmq';
import type { Logger } from 'pino';
import type { SurveyJobHandler } from '../../ports/survey/survey-jobs.js';
import { bullmqPrefix, SURVEY_QUEUE, type SurveyJobPayload } from './survey-job-queue.js';

export interface SurveyJobWorkerOptions {
  redisUrl: string;
  redisPrefix: string;
  logger: Logger;
  handle: SurveyJobHandler;
  concurrency?: number;
  /** BullMQ lock and stall-check timings (tests shorten them). */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  autorun?: boolean;
}

export interface SurveyJobWorker {
  readonly worker: Worker<SurveyJobPayload>;
  start(): void;
  /** Stops taking jobs; waits for running ones unless `force`. */
  close(force?: boolean): Promise<void>;
}

export function createSurveyJobWorker(opts: SurveyJobWorkerOptions): SurveyJobWorker {
  const log = opts.logger.child({ component: 'survey-worker' });
  const worker = new Worker<SurveyJobPayload>(
    SURVEY_QUEUE,
    async (job: Job<SurveyJobPayload>, token?: string) => {
      const surveyId = Number(job.data?.surveyId);
      if (!Number.isSafeInteger(surveyId) || surveyId <= 0) {
        log.warn({ jobId: job.id }, 'survey job without a valid survey id: dropped');
        return 'invalid';
      }
      const result = await opts.handle(surveyId);
      if (result.kind === 'not_due') {
        await job.moveToDelayed(Date.now() + result.dueInMs, token);
        throw new DelayedError();
      }
      log.debug({ jobId: job.id, surveyId, result }, 'survey job done');
      return result.kind;
    },
    {
      connection: { url: opts.redisUrl, maxRetriesPerRequest: null },
      prefix: bullmqPrefix(opts.redisPrefix),
      concurrency: opts.concurrency ?? 4,
      autorun: opts.autorun ?? false,
      ...(opts.lockDurationMs ? { lockDuration: opts.lockDurationMs } : {}),
      ...(opts.stalledIntervalMs ? { stalledInterval: opts.stalledIntervalMs } : {}),
    },
  );
  worker.on('error', (err: Error) => log.warn({ err: err.message }, 'survey worker: Redis error'));
  worker.on('failed', (job, err) => log.warn({ jobId: job?.id, err: err.message }, 'survey job failed (the sweeper queues the attempt again)'));
  return {
    worker,
    start() {
      void worker.run().catch((err: unknown) => log.error({ err }, 'survey worker stopped'));
    },
    close: (force = false) => worker.close(force),
  };
}
