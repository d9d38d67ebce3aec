// Work orders through the real app (src/main.ts as a child process, on PostgreSQL and on
// PGlite): a supervisor takes an order during a call and dispatches it to the catalogue's
// department; that department signs and replies with its own token (the reply starts the
// callback survey), another department's token gets the same 404 as an unknown number, a
// disallowed action is a 409 naming status and action, and of two concurrent signs one wins.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCallRecordsStore } from '../../../src/adapters/db/call-records-store.js';
import type { Database } from '../../../src/adapters/db/database.js';
import { migrate } from '../../../src/adapters/db/migrate.js';
import { createPgliteDatabase } from '../../../src/adapters/db/pglite-database.js';
import { createPostgresDatabase } from '../../../src/adapters/db/postgres-database.js';
import { createTestDatabase, startHotlineApp, type HotlineApp } from '../../support/hotline-app.js';

const CALL = `1772355600.${randomBytes(3).toString('hex')}`;
const CITIZEN = '13800138000';
const ORDER = {
  channel: 'phone',
  callId: CALL,
  citizenNumber: CITIZEN,
  citizenName: '李女士',
  type: 'complaint',
  categoryCode: 'city_mgmt.sanitation.garbage',
  districtId: 'jiangbei',
  location: '江北区滨江路 18 号',
  description: '小区门口垃圾三天未清运',
  urgency: 'normal',
};

interface OrderBody {
  orderNo: string;
  status: string;
  leadDepartmentId: string | null;
  citizenNumber: string | null;
  signDueAt: string | null;
  replyDueAt: string | null;
  surveyId: number | null;
  error?: { code: string; message: string; details?: unknown };
}

async function seedCall(db: Database): Promise<void> {
  await migrate(db);
  await createCallRecordsStore(db).openCall({ callId: CALL, channelId: `PJSIP/trunk-${CALL}`, callerNumber: CITIZEN, dialedNumber: '12345', startedAt: new Date() });
}

describe.each(['postgres', 'pglite'] as const)('work orders API on %s', (kind) => {
  let app: HotlineApp;
  let dir: string;
  let dropDatabase: (() => Promise<void>) | undefined;
  const tokens = { supervisor: '', auditor: '', lead: '', other: '' };
  let lead = '';

  const departmentToken = async (departmentId: string) => {
    const r = await app.request<{ token?: string }>('POST', '/api/tokens', { body: { name: `wo-${departmentId}-${randomBytes(3).toString('hex')}`, role: 'department', departmentId } });
    if (r.status !== 201 || !r.body.token) throw new Error(`no department token: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.token;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hotline-wo-api-'));
    let databaseUrl: string | undefined;
    if (kind === 'postgres') {
      const database = await createTestDatabase();
      dropDatabase = database.drop;
      databaseUrl = database.url;
      const db = await createPostgresDatabase({ connectionString: database.url, onError: () => undefined });
      await seedCall(db).finally(() => db.close());
    } else {
      const db = await createPgliteDatabase({ dataDir: join(dir, 'pglite') });
      await seedCall(db).finally(() => db.close());
    }
    app = await startHotlineApp({
      ...(databaseUrl ? { databaseUrl } : {}),
      env: {
        ARI_APP: `hotline-wo-${randomBytes(3).toString('hex')}`,
        LOG_LEVEL: 'info',
        QUEUE_LOG_FILE: 'off',
        RECORDINGS_DIR: dir,
        SURVEY_QUIET_HOURS: '00:00-23:59',
        SURVEY_OUTBOUND_CONTEXT: 'hotline-wo-nowhere',
        CALLBACK_OUTBOUND_CONTEXT: 'hotline-wo-nowhere',
        ...(kind === 'pglite' ? { PGLITE_DIR: join(dir, 'pglite') } : {}),
      },
    });
    await app.waitReady(90_000);
    tokens.supervisor = await app.createToken('supervisor');
    tokens.auditor = await app.createToken('auditor');
    const suggestion = await app.request<{ department: { id: string } | null }>('GET', `/api/dispatch-catalogue/suggest?category=${ORDER.categoryCode}&district=${ORDER.districtId}`);
    lead = suggestion.body.department?.id ?? '';
    expect(lead, JSON.stringify(suggestion.body)).not.toBe('');
    tokens.lead = await departmentToken(lead);
    tokens.other = await departmentToken(lead === 'jz-wenlv' ? 'jz-zhujian' : 'jz-wenlv');
  }, 150_000);

  afterAll(async () => {
    await app?.stop();
    await dropDatabase?.();
    await rm(dir, { recursive: true, force: true });
  });

  const create = (body: Record<string, unknown>) => app.request<OrderBody>('POST', '/api/work-orders', { token: tokens.supervisor, body });
  const act = (orderNo: string, token: string, body: Record<string, unknown>) =>
    app.request<OrderBody & { version: number }>('POST', `/api/work-orders/${orderNo}/actions`, { token, body });

  it('takes an order during a call, dispatches it to the catalogue department, and the department signs and replies', async () => {
    const created = await create({ ...ORDER, then: { action: 'dispatch' } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const { orderNo } = created.body;
    expect(orderNo).toMatch(/^20[0-9]{2}-[0-9]{6}$/);
    expect(created.body).toMatchObject({ status: 'dispatched', leadDepartmentId: lead, citizenNumber: CITIZEN });
    expect(created.body.signDueAt).not.toBeNull();
    expect(created.body.replyDueAt).not.toBeNull();

    const call = await app.request<{ events: Array<{ type: string; data: Record<string, unknown> }> }>('GET', `/api/calls/${CALL}`, { token: tokens.auditor });
    expect(call.body.events).toContainEqual(expect.objectContaining({ type: 'work_order_created', data: { orderNo } }));

    const seen = await app.request<OrderBody>('GET', `/api/work-orders/${orderNo}`, { token: tokens.lead });
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ orderNo, status: 'dispatched', citizenNumber: CITIZEN });

    expect((await act(orderNo, tokens.lead, { action: 'sign' })).body).toMatchObject({ orderNo, status: 'signed' });
    expect((await act(orderNo, tokens.lead, { action: 'record_contact', note: '已电话联系市民' })).body).toMatchObject({ status: 'in_progress' });
    const replied = await act(orderNo, tokens.lead, { action: 'reply', note: '已安排环卫清运' });
    expect(replied.status, JSON.stringify(replied.body)).toBe(200);
    expect(replied.body.status).toBe('surveying');

    const after = await app.request<OrderBody>('GET', `/api/work-orders/${orderNo}`, { token: tokens.supervisor });
    expect(after.body.surveyId).toEqual(expect.any(Number));
    const survey = await app.request<{ caseId: string }>('GET', `/api/case-surveys/${after.body.surveyId}`, { token: tokens.supervisor });
    expect(survey.body.caseId).toBe(orderNo);

    const events = await app.request<{ events: Array<{ action: string; toStatus: string }> }>('GET', `/api/work-orders/${orderNo}/events`, { token: tokens.lead });
    expect(events.body.events.map((e) => e.action)).toEqual(['create', 'dispatch', 'sign', 'record_contact', 'reply', 'start_survey']);

    const audit = await app.request<{ entries: Array<{ actor: string; data: { action: string } }> }>('GET', `/api/audit?kind=work_order&subject=work_order:${orderNo}&limit=50`, { token: tokens.auditor });
    expect(audit.body.entries.map((e) => e.data.action).sort()).toEqual(['create', 'dispatch', 'record_contact', 'reply', 'sign', 'start_survey']);

    const history = await app.request<{ orders: Array<{ orderNo: string }> }>('GET', `/api/citizens/${CITIZEN}/work-orders`, { token: tokens.supervisor });
    expect(history.body.orders.map((o) => o.orderNo)).toContain(orderNo);
  });

  it("answers another department's token with the same 404 as an unknown number, and hides a confidential citizen", async () => {
    const { body } = await create({ ...ORDER, callId: undefined, confidential: true, then: { action: 'dispatch' } });
    const theirs = await app.request<OrderBody>('GET', `/api/work-orders/${body.orderNo}`, { token: tokens.other });
    const unknown = await app.request<OrderBody>('GET', '/api/work-orders/2026-999999', { token: tokens.other });
    expect(theirs.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(theirs.body.error?.message.replace(body.orderNo, 'N')).toBe(unknown.body.error?.message.replace('2026-999999', 'N'));
    expect((await act(body.orderNo, tokens.other, { action: 'sign' })).status).toBe(404);
    expect((await app.request('GET', `/api/work-orders/${body.orderNo}/events`, { token: tokens.other })).status).toBe(404);
    const mine = await app.request<OrderBody>('GET', `/api/work-orders/${body.orderNo}`, { token: tokens.lead });
    expect(mine.body).toMatchObject({ citizenNumber: null, contactHidden: true });
    expect((await app.request<OrderBody>('GET', `/api/work-orders/${body.orderNo}`, { token: tokens.supervisor })).body.citizenNumber).toBe(CITIZEN);
    expect((await app.request('GET', `/api/citizens/${CITIZEN}/work-orders`, { token: tokens.lead })).status).toBe(403);
  });

  it('refuses a disallowed action with 409 naming the status and the action; not the role’s action is 403; bad input 400', async () => {
    const { body } = await create({ ...ORDER, callId: undefined });
    const refused = await act(body.orderNo, tokens.supervisor, { action: 'archive' });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'not-allowed', details: { status: 'accepted', action: 'archive' } });
    expect(refused.body.error?.message).toMatch(/受理 \(accepted\).*归档 \(archive\)/);
    expect((await act(body.orderNo, tokens.supervisor, { action: 'sign' })).status).toBe(403);
    expect((await act(body.orderNo, tokens.supervisor, { action: 'dispatch' })).status).toBe(400);
    expect((await act(body.orderNo, tokens.supervisor, { action: 'fly' })).status).toBe(400);
    expect((await app.request('GET', '/api/work-orders/not-a-number', { token: tokens.supervisor })).status).toBe(400);
    const unknownCategory = await create({ ...ORDER, callId: undefined, categoryCode: 'no_such.category' });
    expect(unknownCategory.status).toBe(400);
    expect(unknownCategory.body.error?.message).toContain('no_such.category');
    const counts = await app.request('GET', '/api/work-orders/counts', { token: tokens.supervisor });
    expect(counts.status).toBe(200);
  });

  it('lets exactly one of two concurrent signs win', async () => {
    const { body } = await create({ ...ORDER, callId: undefined, then: { action: 'dispatch' } });
    const results = await Promise.all([act(body.orderNo, tokens.lead, { action: 'sign' }), act(body.orderNo, tokens.lead, { action: 'sign' })]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const events = await app.request<{ events: Array<{ action: string }> }>('GET', `/api/work-orders/${body.orderNo}/events`, { token: tokens.supervisor });
    expect(events.body.events.filter((e) => e.action === 'sign')).toHaveLength(1);
  });
});
