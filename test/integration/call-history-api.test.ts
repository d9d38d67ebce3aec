// The agent desktop's earlier calls over HTTP on each real database (PostgreSQL, then PGlite):
// GET /api/agents/:id/calls (an agent's China day, newest first, talk time from the agent's answer,
// the day's rating totals) and GET /api/citizens/:number/calls (a number's earlier calls), with
// the access policy's roles (the agent itself, supervisor, admin; an auditor is refused) and 400s.
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgentDirectoryStore } from '../../src/adapters/db/agent-directory-store.js';
import { createApiTokenStore } from '../../src/adapters/db/api-token-store.js';
import { createCallHistoryStore } from '../../src/adapters/db/call-history-store.js';
import { createCallRecordsStore } from '../../src/adapters/db/call-records-store.js';
import { migrate } from '../../src/adapters/db/migrate.js';
import { callHistoryRoutes } from '../../src/adapters/http/call-history-routes.js';
import { createHttpApp } from '../../src/adapters/http/create-http-app.js';
import { createApiTokens } from '../../src/app/access/api-tokens.js';
import { createCallHistory } from '../../src/app/call/call-history.js';
import type { Principal } from '../../src/domain/access/api-roles.js';
import { sipMd5Credential } from '../../src/domain/agent/sip-credential.js';
import type { CallPatch, CallRecords } from '../../src/ports/call/call-records.js';
import { TEST_ADMIN_TOKEN } from '../support/api-access.js';
import { testDatabaseFactories, type TestDatabase } from '../support/db-fixtures.js';
import { listen, type TestHttpServer } from '../support/http-client.js';

const t = (iso: string) => new Date(iso);
const NUMBER = '13800138000';
const ADMIN: Principal = { tokenId: 'test', name: 'test-admin', role: 'admin', agentId: null, departmentId: null };

interface AgentCallView {
  callId: string;
  callerNumber: string;
  startedAt: string;
  answeredAt: string | null;
  endedAt: string | null;
  talkSeconds: number | null;
  outcome: string;
  rating: string | null;
}

/** A call the agent took: opened, their leg answered, the service ended and the rating stored. */
async function agentCall(
  records: CallRecords,
  c: { callId: string; number?: string; agentId: string; startedAt: string; answered?: string; patch?: CallPatch },
): Promise<void> {
  await records.openCall({ callId: c.callId, channelId: c.callId, callerNumber: c.number ?? NUMBER, dialedNumber: '12345', startedAt: t(c.startedAt) });
  if (c.answered) {
    await records.appendEvent({ callId: c.callId, at: t(c.answered), type: 'leg_answered', leg: 'agent', data: { agentId: c.agentId, extension: '2001' } });
  }
  await records.updateCall(c.callId, { agentId: c.agentId, outcome: 'answered_by_agent', ...c.patch });
}

describe.each(testDatabaseFactories)('earlier calls on $kind', (factory) => {
  let testDb: TestDatabase;
  let http: TestHttpServer;
  const tokens: Record<'zhang' | 'supervisor' | 'auditor', string> = { zhang: '', supervisor: '', auditor: '' };

  beforeAll(async () => {
    testDb = await factory.create();
    await migrate(testDb.db);
    const directory = createAgentDirectoryStore(testDb.db);
    for (const [agentId, extension] of [['zhang-wei', '2001'], ['li-na', '2002']] as const) {
      await directory.create({ agentId, name: agentId, extension, skills: { general: 3 }, languages: ['zh'], group: '一班' }, sipMd5Credential(extension, 'a-sip-password-of-16+'));
    }
    const apiTokens = createApiTokens({ store: createApiTokenStore(testDb.db), agents: directory, adminToken: TEST_ADMIN_TOKEN, now: () => new Date() });
    tokens.zhang = (await apiTokens.issue(ADMIN, { name: 'zhang-desk', role: 'agent', agentId: 'zhang-wei' })).token;
    tokens.supervisor = (await apiTokens.issue(ADMIN, { name: 'sup-desk', role: 'supervisor', agentId: null })).token;
    tokens.auditor = (await apiTokens.issue(ADMIN, { name: 'audit-desk', role: 'auditor', agentId: null })).token;

    const records = createCallRecordsStore(testDb.db);
    // China day 2026-12-05 runs from 2026-12-04T16:00Z to 2026-12-05T16:00Z
    await agentCall(records, { callId: 'd5.1', agentId: 'zhang-wei', startedAt: '2026-12-05T01:00:00Z', answered: '2026-12-05T01:00:05Z',
      patch: { serviceEndedAt: t('2026-12-05T01:03:05Z'), endedAt: t('2026-12-05T01:03:20Z'), rating: 'satisfied', outcome: 'ended', timeToAgentMs: 4100 } });
    await agentCall(records, { callId: 'd5.2', agentId: 'zhang-wei', startedAt: '2026-12-05T02:00:00Z', answered: '2026-12-05T02:00:04Z',
      patch: { serviceEndedAt: t('2026-12-05T02:01:04Z'), endedAt: t('2026-12-05T02:01:10Z'), rating: 'dissatisfied', outcome: 'ended' } });
    await agentCall(records, { callId: 'd5.3', number: '13900139000', agentId: 'zhang-wei', startedAt: '2026-12-05T03:00:00Z', answered: '2026-12-05T03:00:03Z',
      patch: { serviceEndedAt: t('2026-12-05T03:00:33Z'), endedAt: t('2026-12-05T03:00:40Z'), rating: 'basically_satisfied', outcome: 'ended' } });
    await agentCall(records, { callId: 'd5.4', number: '13900139000', agentId: 'zhang-wei', startedAt: '2026-12-05T04:00:00Z', answered: '2026-12-05T04:00:03Z',
      patch: { endedAt: t('2026-12-05T04:02:03Z'), rating: 'not_rated', outcome: 'ended' } });
    // still talking at 23:59:59 China time: no end, no talk time yet
    await agentCall(records, { callId: 'd5.5', agentId: 'zhang-wei', startedAt: '2026-12-05T15:59:59Z', answered: '2026-12-05T16:00:02Z' });
    // the day before (23:59:59 China time), and another agent's call that day
    await agentCall(records, { callId: 'd4.1', agentId: 'zhang-wei', startedAt: '2026-12-04T15:59:59Z', answered: '2026-12-04T16:00:03Z',
      patch: { serviceEndedAt: t('2026-12-04T16:01:03Z'), endedAt: t('2026-12-04T16:01:09Z'), rating: 'satisfied', outcome: 'ended' } });
    await agentCall(records, { callId: 'd5.9', number: '8613800138000', agentId: 'li-na', startedAt: '2026-12-05T05:00:00Z', answered: '2026-12-05T05:00:04Z' });
    // a caller who hung up in the queue: no agent
    await records.openCall({ callId: 'd5.0', channelId: 'd5.0', callerNumber: NUMBER, dialedNumber: '12345', startedAt: t('2026-12-05T00:30:00Z') });
    await records.updateCall('d5.0', { outcome: 'abandoned_in_queue', endedAt: t('2026-12-05T00:30:40Z') });

    const history = createCallHistory({ store: createCallHistoryStore(testDb.db), now: () => t('2026-12-05T08:00:00Z') });
    http = await listen(createHttpApp([callHistoryRoutes(history)], pino({ level: 'silent' }), apiTokens));
  });

  afterAll(async () => {
    await http?.close();
    await testDb?.dispose();
  });

  describe('GET /api/agents/:id/calls', () => {
    it("lists the agent's calls of today (China time) newest first, with talk time from their answer and the rating", async () => {
      const r = await http.request<{ date: string; calls: AgentCallView[] }>('GET', '/api/agents/zhang-wei/calls');
      expect(r.status).toBe(200);
      expect(r.body.date).toBe('2026-12-05');
      expect(r.body.calls.map((c) => c.callId)).toEqual(['d5.5', 'd5.4', 'd5.3', 'd5.2', 'd5.1']);
      const byId = Object.fromEntries(r.body.calls.map((c) => [c.callId, c]));
      expect(byId['d5.1']).toEqual({
        callId: 'd5.1', callerNumber: NUMBER, startedAt: '2026-12-05T01:00:00.000Z', answeredAt: '2026-12-05T01:00:05.000Z',
        endedAt: '2026-12-05T01:03:20.000Z', talkSeconds: 180, outcome: 'ended', rating: 'satisfied',
      });
      expect(byId['d5.2']?.talkSeconds).toBe(60);
      // no end of service recorded: the call's end counts
      expect(byId['d5.4']).toMatchObject({ talkSeconds: 120, rating: null });
      expect(byId['d5.5']).toMatchObject({ endedAt: null, talkSeconds: null, rating: null });
    });

    it("totals the day's calls and ratings: rated, satisfied (满意 + 基本满意) and their share", async () => {
      const r = await http.request<{ totals: unknown }>('GET', '/api/agents/zhang-wei/calls?date=2026-12-05');
      expect(r.body.totals).toEqual({
        calls: 5, rated: 3, satisfied: 2, satisfiedShare: 0.667, byRating: { satisfied: 1, dissatisfied: 1, basically_satisfied: 1 },
      });
    });

    it('another date gives that China day only; a day without calls is empty with null share', async () => {
      const before = await http.request<{ calls: AgentCallView[]; totals: { satisfiedShare: number | null } }>('GET', '/api/agents/zhang-wei/calls?date=2026-12-04');
      expect(before.body.calls.map((c) => c.callId)).toEqual(['d4.1']);
      expect(before.body.totals.satisfiedShare).toBe(1);
      const none = await http.request<{ calls: AgentCallView[]; totals: unknown }>('GET', '/api/agents/zhang-wei/calls?date=2026-12-01');
      expect(none.body).toMatchObject({ calls: [], totals: { calls: 0, rated: 0, satisfied: 0, satisfiedShare: null, byRating: {} } });
    });

    it('the agent reads their own day, not another agent\'s; a supervisor reads any; an auditor none', async () => {
      const own = await http.request<{ calls: AgentCallView[] }>('GET', '/api/agents/zhang-wei/calls', undefined, { token: tokens.zhang });
      expect(own.status).toBe(200);
      expect(own.body.calls).toHaveLength(5);
      expect((await http.request('GET', '/api/agents/li-na/calls', undefined, { token: tokens.zhang })).status).toBe(403);
      const lina = await http.request<{ calls: AgentCallView[] }>('GET', '/api/agents/li-na/calls', undefined, { token: tokens.supervisor });
      expect(lina.body.calls.map((c) => c.callId)).toEqual(['d5.9']);
      expect((await http.request('GET', '/api/agents/zhang-wei/calls', undefined, { token: tokens.auditor })).status).toBe(403);
      expect((await http.request('GET', '/api/agents/zhang-wei/calls', undefined, { token: null })).status).toBe(401);
    });

    it.each([
      ['/api/agents/zhang-wei/calls?date=2026-02-30', /date: must be a real date written YYYY-MM-DD/],
      ['/api/agents/zhang-wei/calls?date=today', /date: must be a real date/],
      ['/api/agents/zhang-wei/calls?day=2026-12-05', /Unrecognized key|day/],
      ['/api/agents/Zhang%20Wei/calls', /Invalid agent id/],
    ])('%s is a 400 with a clear message', async (path, message) => {
      const r = await http.request<{ error: { message: string } }>('GET', path);
      expect(r.status).toBe(400);
      expect(r.body.error.message).toMatch(message);
    });
  });

  describe('GET /api/citizens/:number/calls', () => {
    it("lists the number's calls newest first (exact number, not a suffix), with the agent and the time to a person", async () => {
      const r = await http.request<{ number: string; calls: Array<Record<string, unknown>> }>('GET', `/api/citizens/${NUMBER}/calls`, undefined, { token: tokens.zhang });
      expect(r.status).toBe(200);
      expect(r.body.calls.map((c) => c.callId)).toEqual(['d5.5', 'd5.2', 'd5.1', 'd5.0', 'd4.1']);
      expect(r.body.calls[2]).toEqual({ callId: 'd5.1', startedAt: '2026-12-05T01:00:00.000Z', outcome: 'ended', agentId: 'zhang-wei', timeToAgentMs: 4100 });
      expect(r.body.calls[3]).toEqual({ callId: 'd5.0', startedAt: '2026-12-05T00:30:00.000Z', outcome: 'abandoned_in_queue', agentId: null, timeToAgentMs: null });
    });

    it('limit keeps the newest; default 10', async () => {
      const r = await http.request<{ calls: Array<{ callId: string }>; limit: number }>('GET', `/api/citizens/${NUMBER}/calls?limit=2`, undefined, { token: tokens.supervisor });
      expect(r.body.calls.map((c) => c.callId)).toEqual(['d5.5', 'd5.2']);
      expect((await http.request<{ limit: number }>('GET', '/api/citizens/13900139000/calls')).body.limit).toBe(10);
      expect((await http.request('GET', `/api/citizens/${NUMBER}/calls`, undefined, { token: tokens.auditor })).status).toBe(403);
    });

    it.each([
      ['/api/citizens/12ab/calls', /Invalid citizen number/],
      ['/api/citizens/12/calls', /Invalid citizen number/],
      ['/api/citizens/123456789012345678901/calls', /Invalid citizen number/],
      [`/api/citizens/${NUMBER}/calls?limit=51`, /limit/],
      [`/api/citizens/${NUMBER}/calls?limit=0`, /limit/],
      [`/api/citizens/${NUMBER}/calls?offset=3`, /Unrecognized key|offset/],
    ])('%s is a 400 with a clear message', async (path, message) => {
      const r = await http.request<{ error: { message: string } }>('GET', path);
      expect(r.status).toBe(400);
      expect(r.body.error.message).toMatch(message);
    });
  });
});
