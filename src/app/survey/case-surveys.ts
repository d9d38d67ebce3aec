// Callback surveys (一事一评 回访) as use cases: request one for a case, run an attempt when its
// job fires (claim in the database first, then dial), close an attempt when the call ends
// (the attempt policy decides: finish, or the next attempt outside quiet hours), and sweep
// for attempts whose job was lost or whose call was never seen to end.
import { afterAttempt, type AttemptRules } from '../../domain/survey/attempt-policy.js';
import { checkCitizenNumber } from '../../domain/survey/citizen-number.js';
import { nextCallableTime } from '../../domain/survey/quiet-hours.js';
import type { AttemptOutcome, QuestionnaireResult, SurveyAnswers, SurveyStatus } from '../../domain/survey/survey-types.js';
import { maskNumber } from '../../domain/privacy/mask-number.js';
import type { CaseSurvey, CaseSurveyStore, CaseSurveyWithAttempts, SurveyListFilter } from '../../ports/survey/case-survey-store.js';
import type { Logger } from '../../ports/logger.js';
import type { SurveyCallPlacer } from '../../ports/survey/survey-call-placer.js';
import type { SurveyJobs, SurveyRunResult } from '../../ports/survey/survey-jobs.js';
import { CaseSurveyRequestError } from './case-survey-request-error.js';

export interface AttemptReport {
  surveyId: number;
  attempt: number;
  outcome: AttemptOutcome;
  hangupCause?: number;
  detail?: string;
  answers?: SurveyAnswers;
  result?: QuestionnaireResult;
}

export interface CaseSurveysDeps {
  store: CaseSurveyStore;
  jobs: SurveyJobs;
  /** Late-bound: the call placer reports back into this service. */
  placer: () => SurveyCallPlacer;
  rules: AttemptRules;
  /** A survey still `calling` this long after its claim lost its call (app restart): retried. */
  stuckAfterMs: number;
  /** The survey clock (the app's clock, shifted in tests by SURVEY_CLOCK_OFFSET_SECONDS). */
  now: () => Date;
  logger: Logger;
  /** Told once when a survey reaches its final status (completed, failed, not_reached), e.g. to land the answers on a work order. */
  onFinished?: (survey: { surveyId: number; caseId: string; status: SurveyStatus; answers: SurveyAnswers }) => Promise<void>;
}

export interface CaseSurveys {
  request(caseId: string, number: string): Promise<{ survey: CaseSurvey; created: boolean }>;
  get(id: number): Promise<CaseSurveyWithAttempts | null>;
  list(filter: SurveyListFilter): Promise<CaseSurvey[]>;
  /** The job handler: claims the due attempt and places the call. */
  runAttempt(surveyId: number): Promise<SurveyRunResult>;
  answered(surveyId: number, attempt: number): Promise<void>;
  attemptEnded(report: AttemptReport): Promise<void>;
  sweep(): Promise<{ queued: number; recovered: number }>;
}

const SWEEP_BATCH = 200;

export function createCaseSurveys(deps: CaseSurveysDeps): CaseSurveys {
  const { store, jobs, rules, now } = deps;
  const log = deps.logger.child({ component: 'case-surveys' });

  /**
   * Queues the attempt (true if a job was added); a Redis failure is logged, the sweeper queues
   * it later from the database.
   */
  async function queue(surveyId: number, attempt: number, at: Date): Promise<boolean> {
    try {
      return await jobs.schedule(surveyId, attempt, at.getTime() - now().getTime());
    } catch (err) {
      log.warn({ surveyId, attempt, err: (err as Error).message }, 'could not queue the survey attempt; the sweeper will');
      return false;
    }
  }

  async function attemptEnded(report: AttemptReport): Promise<void> {
    const endedAt = now();
    const next = afterAttempt(report.outcome, report.attempt, endedAt, rules);
    const closed = await store.finishAttempt({
      surveyId: report.surveyId,
      attempt: report.attempt,
      outcome: report.outcome,
      endedAt,
      hangupCause: report.hangupCause ?? null,
      detail: report.detail ?? null,
      answers: report.answers ?? null,
      result: report.result ?? null,
      next: next.kind === 'retry' ? { status: 'scheduled', at: next.at } : { status: next.status },
    });
    if (!closed) {
      log.debug({ surveyId: report.surveyId, attempt: report.attempt, outcome: report.outcome }, 'survey attempt already closed');
      return;
    }
    log.info(
      { surveyId: report.surveyId, attempt: report.attempt, outcome: report.outcome, next: next.kind === 'retry' ? next.at.toISOString() : next.status },
      'survey attempt ended',
    );
    if (next.kind === 'retry') await queue(report.surveyId, report.attempt + 1, next.at);
    else await finished(report.surveyId);
  }

  async function finished(surveyId: number): Promise<void> {
    if (!deps.onFinished) return;
    try {
      const survey = await store.get(surveyId);
      if (survey) await deps.onFinished({ surveyId, caseId: survey.caseId, status: survey.status, answers: survey.answers });
    } catch (err) {
      log.error({ surveyId, err: (err as Error).message }, 'the end of the survey was not passed on');
    }
  }

  return {
    async request(caseId, number) {
      const check = checkCitizenNumber(number);
      if (!check.ok) throw new CaseSurveyRequestError('invalid-number', `number: ${check.problem}`);
      const at = now();
      const firstAttemptAt = nextCallableTime(at, rules);
      const { survey, created } = await store.create({ caseId, number: check.number, firstAttemptAt, at });
      if (!created) {
        if (survey.number !== check.number) {
          throw new CaseSurveyRequestError(
            'case-has-survey',
            `case ${caseId} already has callback survey ${survey.id} to another number; a case is surveyed once`,
            survey.id,
          );
        }
        return { survey, created };
      }
      log.info({ surveyId: survey.id, caseId, number: maskNumber(survey.number), firstAttemptAt: firstAttemptAt.toISOString() }, 'survey requested');
      await queue(survey.id, 1, firstAttemptAt);
      return { survey, created };
    },

    get: (id) => store.get(id),
    list: (filter) => store.list(filter),

    async runAttempt(surveyId) {
      const at = now();
      const claimed = await store.claimAttempt(surveyId, at);
      if (!claimed) {
        const survey = await store.get(surveyId);
        if (!survey) return { kind: 'skipped', reason: 'no such survey' };
        if (survey.status === 'scheduled' && survey.nextAttemptAt && survey.nextAttemptAt > at) {
          return { kind: 'not_due', dueInMs: survey.nextAttemptAt.getTime() - at.getTime() };
        }
        log.debug({ surveyId, status: survey.status }, 'survey job found nothing to do (a second run, or already finished)');
        return { kind: 'skipped', reason: `survey is ${survey.status}` };
      }
      log.info({ surveyId, attempt: claimed.attempt, number: maskNumber(claimed.number) }, 'survey call attempt');
      try {
        await deps.placer().place(claimed);
      } catch (err) {
        await attemptEnded({ surveyId, attempt: claimed.attempt, outcome: 'failed', detail: `call not placed: ${(err as Error).message}` });
      }
      return { kind: 'placed' };
    },

    answered: (surveyId, attempt) => store.markAnswered(surveyId, attempt, now()),
    attemptEnded,

    async sweep() {
      const at = now();
      let queued = 0;
      for (const due of await store.listDue(at, SWEEP_BATCH)) {
        if (await queue(due.surveyId, due.nextAttempt, at)) queued += 1;
      }
      let recovered = 0;
      for (const stuck of await store.listStuck(new Date(at.getTime() - deps.stuckAfterMs), SWEEP_BATCH)) {
        await attemptEnded({ ...stuck, outcome: 'interrupted', detail: 'the end of the call was never seen (app restart?)' });
        recovered += 1;
      }
      if (queued || recovered) log.info({ queued, recovered }, 'survey sweep');
      return { queued, recovered };
    },
  };
}
