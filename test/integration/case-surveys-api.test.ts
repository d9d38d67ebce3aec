// The callback-survey API over HTTP behind the real token check, on PostgreSQL and a real
// BullMQ queue (no worker: nothing is dialled here). One survey per case, 400 for numbers the
// hotline does not call, supervisors request, auditors read, agents get nothing.
import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgentDirectoryStore } from '../../src/adapters/db/agent-directory-store.js';
import { createCaseSurveyStore } from '../../src/adapters/db/case-survey-store.js';
import { migrate } from '../../src/adapters/db/migrate.js';
import { caseSurveysRoutes } from '../../src/adapters/http/case-surveys-routes.js';
import { createHttpApp } from '../../src/adapters/http/create-http-app.js';
import { createSurveyJobQueue, surveyJobId, type SurveyJobQueue } from '../../src/adapters/jobs/survey-job-queue.js';
import { createCaseSurveys } from '../../src/app/survey/case-surveys.js';
import type { Principal } from '../../src/domain/access/api-roles.js';
import { parseQuietHours } from '../../src/domain/survey/quiet-hours.js';
import { TEST_ADMIN_TOKEN, testApiTokens } from '../support/api-access.js';
import { createPostgresTestDatabase, type TestDatabase } from '../support/db-fixtures.js';
import { listen, type JsonResponse, type TestHttpServer } from '../support/http-client.js';

const logger = pino({ level: 'silent' });
let testDb: TestDatabase;
let jobs: SurveyJobQueue;
let http: TestHttpServer;
const tokens: Record<'supervisor' | 'auditor' | 'agent', string> = { supervisor: '', auditor: '', agent: '' };
/** 10:00 in Shanghai: outside quiet hours, so a new survey is due at once. */
const clock = new Date('2026-11-23T10:00:00+08:00');

interface SurveyView {
  id: number;
  caseId: string;
  number: string;
  status: string;
  attempts: number;
  nextAttemptAt: string | null;
  answers: { resolved: string | null; satisfaction: string | null };
  result: string | null;
  attemptLog?: unknown[];
}

beforeAll(async () => {
  testDb = await createPostgresTestDatabase();
  await migrate(testDb.db);
  jobs = createSurveyJobQueue({ redisUrl: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', redisPrefix: `it-survey-api-${randomBytes(4).toString('hex')}:`, logger });
  await jobs.ready();
  const surveys = createCaseSurveys({
    store: createCaseSurveyStore(testDb.db),
    jobs,
    placer: () => ({ place: () => Promise.reject(new Error('no calls in this test')) }),
    rules: { quietHours: parseQuietHours('21:00-08:00'), timeZone: 'Asia/Shanghai', maxAttempts: 3, retryMs: 1_800_000 },
    stuckAfterMs: 600_000,
    now: () => clock,
    logger,
  });
  const access = testApiTokens(testDb.db);
  const admin = (await access.authenticate(TEST_ADMIN_TOKEN)) as Principal;
  await createAgentDirectoryStore(testDb.db).create(
    { agentId: 'zhang-wei', name: '张伟', extension: '8001', skills: {}, languages: ['zh'], group: 'day' },
    randomBytes(16).toString('hex'),
  );
  for (const role of ['supervisor', 'auditor', 'agent'] as const) {
    const issued = await access.issue(admin, { name: `survey-${role}`, role, agentId: role === 'agent' ? 'zhang-wei' : null });
    tokens[role] = issued.token;
  }
  http = await listen(createHttpApp([caseSurveysRoutes(surveys)], logger, access), { token: tokens.supervisor });
});

afterAll(async () => {
  await http?.close();
  await jobs?.queue.obliterate({ force: true });
  await jobs?.close();
  await testDb?.dispose();
});

const errorOf = (r: JsonResponse) => r.body.error as { code: string; message: string };

describe('POST /api/case-surveys', () => {
  it('creates the case survey (201), queued at once with only its id in Redis', async () => {
    const r = await http.request<SurveyView>('POST', '/api/case-surveys', { caseId: 'WO-2026-000123', number: '138-0013-8000' });
    expect(r.status).toBe(201);
    expect(r.headers.get('location')).toBe(`/api/case-surveys/${r.body.id}`);
    expect(r.body).toMatchObject({
      caseId: 'WO-2026-000123',
      number: '13800138000',
      status: 'scheduled',
      attempts: 0,
      nextAttemptAt: clock.toISOString(),
      answers: { resolved: null, satisfaction: null },
      result: null,
    });
    const job = await jobs.queue.getJob(surveyJobId(r.body.id, 1));
    expect(job?.data).toEqual({ surveyId: r.body.id });
  });

  it('answers 200 with the same survey when the case is requested again: never a second survey', async () => {
    const first = await http.request<SurveyView>('POST', '/api/case-surveys', { caseId: 'WO-AGAIN', number: '13900139000' });
    const again = await http.request<SurveyView>('POST', '/api/case-surveys', { caseId: 'WO-AGAIN', number: '+86 139 0013 9000' });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    const list = await http.request<{ surveys: SurveyView[] }>('GET', '/api/case-surveys?caseId=WO-AGAIN');
    expect(list.body.surveys).toHaveLength(1);
  });

  it('answers 409 when the case already has a survey to another number', async () => {
    await http.request('POST', '/api/case-surveys', { caseId: 'WO-OTHER', number: '13900139001' });
    const r = await http.request('POST', '/api/case-surveys', { caseId: 'WO-OTHER', number: '13900139002' });
    expect(r.status).toBe(409);
    expect(errorOf(r)).toMatchObject({ code: 'case-has-survey' });
    expect(errorOf(r).message).toMatch(/already has callback survey \d+ to another number/);
  });

  it.each([
    [{ caseId: 'WO-X', number: '+1 650 555 0100' }, /number: international numbers are not called/],
    [{ caseId: 'WO-X', number: '110' }, /service, emergency and premium/],
    [{ caseId: 'WO-X', number: '1380013800' }, /not a mainland/],
    [{ caseId: 'WO-X', number: 13800138000 }, /number: must be a string/],
    [{ caseId: '', number: '13800138000' }, /caseId: must not be empty/],
    [{ caseId: 'WO X/1', number: '13800138000' }, /caseId: must be letters/],
    [{ number: '13800138000' }, /caseId/],
    [{ caseId: 'WO-X', number: '13800138000', extra: 1 }, /Unrecognized key/],
    ['not json', /./],
  ])('answers 400 for %j', async (body, message) => {
    const r = await http.request('POST', '/api/case-surveys', body);
    expect(r.status).toBe(400);
    expect(errorOf(r).message).toMatch(message);
    expect((await http.request<{ surveys: SurveyView[] }>('GET', '/api/case-surveys?caseId=WO-X')).body.surveys).toEqual([]);
  });
});

describe('GET /api/case-surveys', () => {
  it('shows one survey with its full number and attempt log, and lists with numbers masked', async () => {
    const created = await http.request<SurveyView>('POST', '/api/case-surveys', { caseId: 'WO-READ', number: '13700137000' });
    const one = await http.request<SurveyView>('GET', `/api/case-surveys/${created.body.id}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id: created.body.id, number: '13700137000', attemptLog: [] });

    const list = await http.request<{ surveys: SurveyView[] }>('GET', '/api/case-surveys?status=scheduled&limit=100');
    expect(list.status).toBe(200);
    const listed = list.body.surveys.find((s) => s.caseId === 'WO-READ');
    expect(listed?.number).toBe('137****7000');
  });

  it.each([
    ['/api/case-surveys/abc', 400, /not a survey id/],
    ['/api/case-surveys/0', 400, /not a survey id/],
    ['/api/case-surveys/999999', 404, /No callback survey with id 999999/],
    ['/api/case-surveys?status=done', 400, /status: must be one of scheduled, calling, completed, failed, not_reached/],
    ['/api/case-surveys?limit=0', 400, /limit/],
    ['/api/case-surveys?number=1', 400, /Unrecognized key/],
  ])('%s answers %i', async (path, status, message) => {
    const r = await http.request('GET', path);
    expect(r.status).toBe(status);
    expect(errorOf(r).message).toMatch(message);
  });
});

describe('who may use it', () => {
  it('an auditor reads but cannot request; an agent token gets neither; no token is a 401', async () => {
    const auditor = http.as(tokens.auditor);
    expect((await auditor.request('GET', '/api/case-surveys')).status).toBe(200);
    const denied = await auditor.request('POST', '/api/case-surveys', { caseId: 'WO-AUDIT', number: '13800138000' });
    expect(denied.status).toBe(403);
    expect(errorOf(denied).message).toMatch(/needs role supervisor or admin; this token has role auditor/);

    const agent = http.as(tokens.agent);
    expect((await agent.request('GET', '/api/case-surveys')).status).toBe(403);
    expect((await agent.request('POST', '/api/case-surveys', { caseId: 'WO-AGENT', number: '13800138000' })).status).toBe(403);
    expect((await http.as(null).request('GET', '/api/case-surveys')).status).toBe(401);
    // nothing was created by the refused requests
    const all = await http.request<{ surveys: SurveyView[] }>('GET', '/api/case-surveys?limit=500');
    expect(all.body.surveys.map((s) => s.caseId)).not.toContain('WO-AUDIT');
    expect(all.body.surveys.map((s) => s.caseId)).not.toContain('WO-AGENT');
  });
});
