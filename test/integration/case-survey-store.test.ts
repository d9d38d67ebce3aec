// The callback-survey store on PostgreSQL and PGlite: one survey per case however often it is
// requested at once, one claim per attempt however many runs try, a closed attempt stays closed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaseSurveyStore } from '../../src/adapters/db/case-survey-store.js';
import { migrate } from '../../src/adapters/db/migrate.js';
import type { CaseSurveyStore } from '../../src/ports/survey/case-survey-store.js';
import { testDatabaseFactories, type TestDatabase } from '../support/db-fixtures.js';

const t = (iso: string) => new Date(iso);

describe.each(testDatabaseFactories)('case survey store on $kind', ({ create }) => {
  let testDb: TestDatabase;
  let store: CaseSurveyStore;

  beforeAll(async () => {
    testDb = await create();
    await migrate(testDb.db);
    store = createCaseSurveyStore(testDb.db);
  });

  afterAll(async () => {
    await testDb?.dispose();
  });

  it('keeps one survey per case when it is requested many times at once', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, () => store.create({ caseId: 'WO-1', number: '13800138000', firstAttemptAt: t('2026-11-23T02:00:00Z'), at: t('2026-11-23T02:00:00Z') })),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.survey.id)).size).toBe(1);
    expect(await store.list({ caseId: 'WO-1', limit: 10, offset: 0 })).toHaveLength(1);
  });

  it('lets exactly one of many concurrent runs claim a due attempt', async () => {
    const { survey } = await store.create({ caseId: 'WO-2', number: '13800138000', firstAttemptAt: t('2026-11-23T02:00:00Z'), at: t('2026-11-23T01:00:00Z') });
    expect(await store.claimAttempt(survey.id, t('2026-11-23T01:59:59Z'))).toBeNull(); // not due yet
    const claims = await Promise.all(Array.from({ length: 6 }, () => store.claimAttempt(survey.id, t('2026-11-23T02:00:00Z'))));
    expect(claims.filter(Boolean)).toEqual([{ surveyId: survey.id, attempt: 1, number: '13800138000' }]);
    const stored = await store.get(survey.id);
    expect(stored).toMatchObject({ status: 'calling', attempts: 1, nextAttemptAt: null });
    expect(stored?.attemptLog).toHaveLength(1);
  });

  it('closes an attempt once; the answers and result go on the survey', async () => {
    const { survey } = await store.create({ caseId: 'WO-3', number: '13800138000', firstAttemptAt: t('2026-11-23T02:00:00Z'), at: t('2026-11-23T02:00:00Z') });
    await store.claimAttempt(survey.id, t('2026-11-23T02:00:00Z'));
    await store.markAnswered(survey.id, 1, t('2026-11-23T02:00:10Z'));
    const end = {
      surveyId: survey.id,
      attempt: 1,
      outcome: 'completed' as const,
      endedAt: t('2026-11-23T02:01:00Z'),
      hangupCause: 16,
      detail: null,
      answers: { resolved: 'yes' as const, satisfaction: 'basically_satisfied' as const },
      result: 'answered' as const,
      next: { status: 'completed' as const },
    };
    expect(await store.finishAttempt(end)).toBe(true);
    expect(await store.finishAttempt({ ...end, outcome: 'busy', next: { status: 'scheduled', at: t('2026-11-23T03:00:00Z') } })).toBe(false);
    const stored = await store.get(survey.id);
    expect(stored).toMatchObject({
      status: 'completed',
      answers: { resolved: 'yes', satisfaction: 'basically_satisfied' },
      result: 'answered',
      completedAt: t('2026-11-23T02:01:00Z'),
    });
    expect(stored?.attemptLog).toEqual([
      { attempt: 1, startedAt: t('2026-11-23T02:00:00Z'), answeredAt: t('2026-11-23T02:00:10Z'), endedAt: t('2026-11-23T02:01:00Z'), outcome: 'completed', hangupCause: 16, detail: null },
    ]);
    expect(await store.listDue(t('2030-01-01T00:00:00Z'), 10)).not.toContainEqual(expect.objectContaining({ surveyId: survey.id }));
  });

  it('lists by status, newest first', async () => {
    const scheduled = await store.list({ status: 'scheduled', limit: 10, offset: 0 });
    expect(scheduled.map((s) => s.caseId)).toEqual(['WO-1']);
    const all = await store.list({ limit: 10, offset: 0 });
    // WO-2 was requested at 01:00, the others at 02:00 (the same time: the later id first)
    expect(all.map((s) => s.caseId)).toEqual(['WO-3', 'WO-1', 'WO-2']);
  });
});
