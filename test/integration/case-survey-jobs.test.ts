// Callback-survey scheduling on the real Redis (BullMQ) and PostgreSQL: quiet hours delay the
// job, a job that runs twice (a stalled worker) places one call, the sweeper queues an attempt
// whose job was lost and closes a call whose end was never seen, a retry is queued after the
// spacing. The call placer is a recording stand-in here; the real call is in the e2e test.
import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCaseSurveyStore } from '../../src/adapters/db/case-survey-store.js';
import { migrate } from '../../src/adapters/db/migrate.js';
import { createSurveyJobQueue, surveyJobId, type SurveyJobQueue } from '../../src/adapters/jobs/survey-job-queue.js';
import { createSurveyJobWorker, type SurveyJobWorker } from '../../src/adapters/jobs/survey-job-worker.js';
import { createCaseSurveys, type CaseSurveys } from '../../src/app/survey/case-surveys.js';
import { parseQuietHours } from '../../src/domain/survey/quiet-hours.js';
import type { SurveyCall } from '../../src/ports/survey/survey-call-placer.js';
import { createPostgresTestDatabase, type TestDatabase } from '../support/db-fixtures.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const logger = pino({ level: 'silent' });
const sh = (local: string) => new Date(`${local}+08:00`);
const RETRY_MS = 30 * 60_000;

let testDb: TestDatabase;
let prefix: string;
let jobs: SurveyJobQueue;
let workers: SurveyJobWorker[];
let clock: Date;
let placed: SurveyCall[];
/** What the stand-in placer does after recording a call. */
let afterPlace: () => Promise<void>;
let surveys: CaseSurveys;

beforeAll(async () => {
  testDb = await createPostgresTestDatabase();
  await migrate(testDb.db);
});

afterAll(async () => {
  await testDb?.dispose();
});

beforeEach(async () => {
  await testDb.db.exec('TRUNCATE case_surveys CASCADE');
  prefix = `it-survey-${randomBytes(4).toString('hex')}:`;
  jobs = createSurveyJobQueue({ redisUrl: REDIS_URL, redisPrefix: prefix, logger });
  await jobs.ready();
  workers = [];
  clock = sh('2026-11-23T10:00:00');
  placed = [];
  afterPlace = async () => undefined;
  surveys = createCaseSurveys({
    store: createCaseSurveyStore(testDb.db),
    jobs,
    placer: () => ({
      place: async (call) => {
        placed.push(call);
        await afterPlace();
      },
    }),
    rules: { quietHours: parseQuietHours('21:00-08:00'), timeZone: 'Asia/Shanghai', maxAttempts: 2, retryMs: RETRY_MS },
    stuckAfterMs: 5 * 60_000,
    now: () => clock,
    logger,
  });
});

afterEach(async () => {
  await Promise.all(workers.map((w) => w.close(true)));
  await jobs.queue.obliterate({ force: true });
  await jobs.close();
});

function startWorker(options: { lockDurationMs?: number; stalledIntervalMs?: number } = {}): SurveyJobWorker {
  const w = createSurveyJobWorker({ redisUrl: REDIS_URL, redisPrefix: prefix, logger, handle: (id) => surveys.runAttempt(id), ...options });
  w.start();
  workers.push(w);
  return w;
}

async function until<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const v = await check();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('callback survey jobs', () => {
  it('quiet hours: a survey requested at 22:00 is queued for 08:00 the next morning and not called before', async () => {
    clock = sh('2026-11-22T22:00:00');
    const { survey } = await surveys.request('WO-QUIET-1', '13800138000');
    expect(survey.nextAttemptAt?.toISOString()).toBe(sh('2026-11-23T08:00:00').toISOString());

    const job = await jobs.queue.getJob(surveyJobId(survey.id, 1));
    expect(job?.data).toEqual({ surveyId: survey.id }); // the number is not in Redis
    expect(job?.delay).toBe(10 * 3600_000);
    expect(await job?.getState()).toBe('delayed');

    startWorker();
    await new Promise((r) => setTimeout(r, 500));
    expect(placed).toEqual([]);
    expect(await job?.getState()).toBe('delayed');
  });

  it('a survey requested in the day is called at once, with the number read from the database', async () => {
    startWorker();
    const { survey } = await surveys.request('WO-DAY-1', '138 0013 8000');
    await until('the call', () => (placed.length > 0 ? placed : undefined));
    expect(placed).toEqual([{ surveyId: survey.id, attempt: 1, number: '13800138000' }]);
    expect((await surveys.get(survey.id))?.status).toBe('calling');
  });

  it('a job that runs twice (its worker stalled after dialling) places one call', async () => {
    // worker A claims the attempt, dials, then hangs and dies without finishing the job
    afterPlace = () => new Promise(() => undefined);
    // (short stall checks on both: a worker's check blocks the others' for its interval)
    const a = startWorker({ lockDurationMs: 1_000, stalledIntervalMs: 300 });
    const { survey } = await surveys.request('WO-STALL-1', '13800138000');
    await until('the first call', () => (placed.length === 1 ? true : undefined));
    await a.close(true);

    // worker B finds the stalled job, runs it again: the attempt is already claimed
    const b = startWorker({ stalledIntervalMs: 300 });
    const rerun = new Promise<unknown>((resolve) => b.worker.on('completed', (_job, value) => resolve(value)));
    expect(await rerun).toBe('skipped');
    expect(placed).toHaveLength(1);
    const stored = await surveys.get(survey.id);
    expect(stored?.status).toBe('calling');
    expect(stored?.attemptLog.map((x) => x.attempt)).toEqual([1]);
  });

  it('two jobs for the same attempt running at once place one call', async () => {
    const { survey } = await surveys.request('WO-TWICE-1', '13800138000');
    // the same survey queued again under other ids (e.g. by hand, or by a sweeper racing the job)
    await jobs.queue.add('attempt', { surveyId: survey.id }, { jobId: `dup-a-${survey.id}` });
    await jobs.queue.add('attempt', { surveyId: survey.id }, { jobId: `dup-b-${survey.id}` });
    startWorker();
    startWorker();
    await until('all three jobs done', async () => {
      const counts = await jobs.queue.getJobCounts('active', 'waiting');
      return counts.active === 0 && counts.waiting === 0 ? true : undefined;
    });
    expect(placed).toHaveLength(1);
    expect((await surveys.get(survey.id))?.attemptLog).toHaveLength(1);
  });

  it('the sweeper queues an attempt whose delayed job was lost (Redis restart) once it is due', async () => {
    clock = sh('2026-11-22T23:00:00');
    const { survey } = await surveys.request('WO-LOST-1', '13800138000');
    await jobs.queue.obliterate({ force: true }); // the delayed job is gone
    startWorker();

    expect(await surveys.sweep()).toEqual({ queued: 0, recovered: 0 }); // not due yet
    clock = sh('2026-11-23T08:00:05');
    expect(await surveys.sweep()).toEqual({ queued: 1, recovered: 0 });
    await until('the call', () => (placed.length > 0 ? true : undefined));
    expect(placed).toEqual([{ surveyId: survey.id, attempt: 1, number: '13800138000' }]);
  });

  it('the sweeper adds nothing while the attempt\'s job is still queued', async () => {
    const { survey } = await surveys.request('WO-QUEUED-1', '13800138000');
    expect(await jobs.queue.getJob(surveyJobId(survey.id, 1))).toBeDefined();
    expect((await surveys.sweep()).queued).toBe(0);
    expect(await jobs.queue.getJobCounts('waiting')).toEqual({ waiting: 1 });
  });

  it('a job that fires before its survey is due goes back to delayed without a call', async () => {
    clock = sh('2026-11-23T07:00:00');
    const { survey } = await surveys.request('WO-EARLY-1', '13800138000');
    await jobs.queue.obliterate({ force: true });
    await jobs.queue.add('attempt', { surveyId: survey.id }, { jobId: 'early' }); // no delay
    startWorker();
    // the job is read again once delayed: a copy read before the worker moved it has no delay yet
    const job = await until('the early job delayed again', async () => {
      const state = await jobs.queue.getJobState('early');
      return state === 'delayed' ? await jobs.queue.getJob('early') : undefined;
    });
    expect(placed).toEqual([]);
    // one hour to 08:00, counted from when the worker ran
    expect(job.delay).toBeGreaterThan(3600_000 - 10_000);
    expect(job.delay).toBeLessThanOrEqual(3600_000);
  });

  it('busy: the next attempt is queued after the spacing; busy again on the last attempt: not reached', async () => {
    startWorker();
    const { survey } = await surveys.request('WO-BUSY-1', '13800138000');
    await until('the first call', () => (placed.length === 1 ? true : undefined));
    await surveys.attemptEnded({ surveyId: survey.id, attempt: 1, outcome: 'busy', hangupCause: 17 });
    let stored = await surveys.get(survey.id);
    expect(stored?.status).toBe('scheduled');
    expect(stored?.nextAttemptAt?.toISOString()).toBe(new Date(clock.getTime() + RETRY_MS).toISOString());
    const retry = await jobs.queue.getJob(surveyJobId(survey.id, 2));
    expect(retry?.delay).toBe(RETRY_MS);

    // a late report for the same attempt changes nothing
    await surveys.attemptEnded({ surveyId: survey.id, attempt: 1, outcome: 'completed' });
    expect((await surveys.get(survey.id))?.status).toBe('scheduled');

    clock = new Date(clock.getTime() + RETRY_MS);
    await retry?.promote();
    await until('the second call', () => (placed.length === 2 ? true : undefined));
    expect(placed[1]).toMatchObject({ attempt: 2 });
    await surveys.attemptEnded({ surveyId: survey.id, attempt: 2, outcome: 'busy', hangupCause: 17 });
    stored = await surveys.get(survey.id);
    expect(stored).toMatchObject({ status: 'not_reached', attempts: 2, nextAttemptAt: null });
    expect(stored?.completedAt?.toISOString()).toBe(clock.toISOString());
    expect(stored?.attemptLog.map((a) => [a.attempt, a.outcome, a.hangupCause])).toEqual([
      [1, 'busy', 17],
      [2, 'busy', 17],
    ]);
  });

  it('a call whose end was never seen (app restart) is closed as interrupted and tried again', async () => {
    startWorker();
    const { survey } = await surveys.request('WO-STUCK-1', '13800138000');
    await until('the call', () => (placed.length === 1 ? true : undefined));
    expect(await surveys.sweep()).toEqual({ queued: 0, recovered: 0 });
    clock = new Date(clock.getTime() + 6 * 60_000);
    expect(await surveys.sweep()).toEqual({ queued: 0, recovered: 1 });
    const stored = await surveys.get(survey.id);
    expect(stored?.status).toBe('scheduled');
    expect(stored?.attemptLog[0]).toMatchObject({ outcome: 'interrupted' });
  });
});
