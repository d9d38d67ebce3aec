// A callback survey that reaches its final status tells whoever asked (the work orders) once,
// with its case id, status and answers; a retry tells nobody; a failing listener changes nothing.
import { describe, expect, it } from 'vitest';
import { createCaseSurveys, type CaseSurveysDeps } from '../../../src/app/survey/case-surveys.js';
import type { SurveyAnswers } from '../../../src/domain/survey/survey-types.js';
import type { CaseSurvey, CaseSurveyStore } from '../../../src/ports/survey/case-survey-store.js';
import type { Logger } from '../../../src/ports/logger.js';

const NOW = new Date('2026-11-23T02:00:00Z');
const quiet: Logger = { child: () => quiet, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

function setup(onFinished?: CaseSurveysDeps['onFinished']) {
  let survey: CaseSurvey = {
    id: 7, caseId: '2026-000123', number: '13800138000', status: 'calling', attempts: 1, nextAttemptAt: null,
    answers: { resolved: null, satisfaction: null }, result: null, createdAt: NOW, completedAt: null,
  };
  const store = {
    finishAttempt: async (end: Parameters<CaseSurveyStore['finishAttempt']>[0]) => {
      survey = { ...survey, status: end.next.status, answers: end.answers ?? survey.answers };
      return true;
    },
    get: async () => ({ ...survey, attemptLog: [] }),
  } as unknown as CaseSurveyStore;
  const scheduled: number[] = [];
  const surveys = createCaseSurveys({
    store,
    jobs: { schedule: async (_id: number, attempt: number) => (scheduled.push(attempt), true) } as unknown as CaseSurveysDeps['jobs'],
    placer: () => ({ place: async () => undefined }),
    rules: { quietHours: null, timeZone: 'Asia/Shanghai', maxAttempts: 2, retryMs: 60_000 } as unknown as CaseSurveysDeps['rules'],
    stuckAfterMs: 600_000,
    now: () => NOW,
    logger: quiet,
    ...(onFinished ? { onFinished } : {}),
  });
  return { surveys, scheduled };
}

describe('the end of a callback survey', () => {
  it('is told once with the case, the final status and the answers', async () => {
    const told: Array<{ caseId: string; status: string; answers: SurveyAnswers }> = [];
    const { surveys } = setup(async (s) => void told.push(s));
    const answers: SurveyAnswers = { resolved: 'no', satisfaction: 'dissatisfied' };
    await surveys.attemptEnded({ surveyId: 7, attempt: 1, outcome: 'completed', answers, result: 'answered' });
    expect(told).toEqual([{ surveyId: 7, caseId: '2026-000123', status: 'completed', answers }]);
  });

  it('is not told on a retry; a listener that fails does not fail the attempt', async () => {
    const told: unknown[] = [];
    const { surveys, scheduled } = setup(async (s) => void told.push(s));
    await surveys.attemptEnded({ surveyId: 7, attempt: 1, outcome: 'no_answer' });
    expect(told).toEqual([]);
    expect(scheduled).toEqual([2]);
    const failing = setup(async () => Promise.reject(new Error('database down')));
    await expect(failing.surveys.attemptEnded({ surveyId: 7, attempt: 2, outcome: 'busy' })).resolves.toBeUndefined();
  });

  it('works as before without a listener', async () => {
    const { surveys } = setup();
    await expect(surveys.attemptEnded({ surveyId: 7, attempt: 1, outcome: 'completed' })).resolves.toBeUndefined();
  });
});
