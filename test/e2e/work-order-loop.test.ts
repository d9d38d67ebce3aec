// One case from the call to the archived order (受理 → 派单 → 签收 → 办理 → 办结反馈 → 回访 → 办结 →
// 归档) on the real Asterisk: a SIPp citizen calls 12345 and a baresip agent answers; the agent
// files a work order during the call and dispatches it to the department the dispatch catalogue
// suggests; a webhook receiver in this test gets the department's signed POST; the department
// signs, records progress and replies through its own API with a department token; the callback
// survey rings a SIPp citizen on the carrier address who presses keys; the order shows the
// answers and closes, and a supervisor archives it. A second case: the citizen says unresolved,
// the order waits for a 重办 decision, the supervisor reopens it and the department is told.
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, freePort, startHotlineApp, waitFor, type HotlineApp } from '../support/hotline-app.js';
import { openRtpSink, type RtpSink } from '../support/rtp-sink.js';
import { placeCall, type RunningSipp } from '../support/sipp.js';
import { citizenPhone, type CitizenPhone, type CitizenStep } from '../support/sipp-citizen.js';
import { startSoftphone, type Softphone } from '../support/softphone.js';

interface Received {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

interface OrderView {
  orderNo: string;
  status: string;
  callId: string | null;
  citizenNumber: string | null;
  leadDepartmentId: string | null;
  surveyAnswers: { resolved: string | null; satisfaction: string | null } | null;
}

const DEPT = 'e2e-noise-office';
const CATEGORY = 'city_mgmt.e2e_noise';
const EXT = String(6001 + 2 * Math.floor(Math.random() * 1500));

let app: HotlineApp;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let receiver: Server;
const received: Received[] = [];
let secret = '';
let agentToken = '';
let supervisor = '';
let department = '';
let otherDepartment = '';
const phones: Softphone[] = [];
const citizens: CitizenPhone[] = [];
const callers: RunningSipp[] = [];
const sinks: RtpSink[] = [];

beforeAll(async () => {
  const port = await freePort();
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(port, '127.0.0.1', r));

  db = await createTestDatabase();
  app = await startHotlineApp({
    databaseUrl: db.url,
    env: {
      AGENT_WRAP_UP_SECONDS: '1', RATING_KEY_TIMEOUT_MS: '1500', QUEUE_LOG_FILE: 'off',
      SURVEY_QUIET_HOURS: 'off', SURVEY_RING_SECONDS: '10', SURVEY_KEY_TIMEOUT_SECONDS: '3', SURVEY_RETRY_MINUTES: '0.1',
    },
  });
  await app.waitReady();

  // the department, its place in the taxonomy and the catalogue, its token
  const created = await app.request<{ webhookSecret: string }>('POST', '/api/departments', {
    body: { id: DEPT, name: '江州市噪声投诉办公室', kind: 'bureau', parentId: 'jiangzhou', webhookUrl: `http://127.0.0.1:${port}/hotline` },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  secret = created.body.webhookSecret;
  expect(secret).toMatch(/^[0-9a-f]{64}$/);
  expect((await app.request('PUT', `/api/work-order-categories/${CATEGORY}`, { body: { name: '夜间施工噪声' } })).status).toBe(201);
  const entry = await app.request('POST', '/api/dispatch-catalogue', { body: { categoryCode: CATEGORY, departmentId: DEPT } });
  expect(entry.status, JSON.stringify(entry.body)).toBe(201);
  department = await app.createToken('department', { departmentId: DEPT });
  otherDepartment = await app.createToken('department', { departmentId: 'jz-jiaotong' });
  supervisor = await app.createToken('supervisor');

  // the agent, on a real softphone that answers by itself
  const agent = await app.request('POST', '/api/agents', {
    body: { agentId: 'liu', name: '刘洋', extension: EXT, skills: { general: 3 }, languages: ['zh'], group: 'day' },
  });
  expect(agent.status, JSON.stringify(agent.body)).toBe(201);
  agentToken = await app.createToken('agent', { agentId: 'liu' });
  phones.push(await startSoftphone({ user: EXT, password: (agent.body.sip as { password: string }).password, answer: 'auto', port: 25401 }));
  expect((await app.request('POST', '/api/agents/liu/login', { body: { ready: true }, token: agentToken })).status).toBe(200);
}, 60_000);

afterAll(async () => {
  for (const c of [...citizens, ...callers]) if (c.process.exitCode === null) c.kill();
  await Promise.all(phones.map((p) => p.stop()));
  await Promise.all(sinks.map((s) => s.close()));
  await app?.stop();
  await db?.drop();
  await new Promise((r) => receiver?.close(r));
});

const order = async (no: string, token = supervisor) => app.request<OrderView>('GET', `/api/work-orders/${no}`, { token });
const act = (no: string, token: string, body: Record<string, unknown>) => app.request('POST', `/api/work-orders/${no}/actions`, { body, token });

/** A citizen calls 12345 and the agent answers; resolves with the call's id while they talk. */
const answeredCalls: string[] = [];

/** A citizen calls 12345 and the agent answers; resolves with the call's id while they talk (about 20 s). */
async function callAnswered(number: string): Promise<string> {
  const sink = await openRtpSink();
  sinks.push(sink);
  callers.push(placeCall({ dial: '12345', caller: number, rtpPort: sink.port, steps: [{ wait: 20_000 }], end: 'bye' }, 60_000));
  const state = await waitFor('the agent on the call', async () => {
    const s = await app.request<{ state: { status: string; callId?: string } }>('GET', '/api/agents/liu/state', { token: agentToken });
    return s.body.state.status === 'on_call' && !answeredCalls.includes(s.body.state.callId ?? '') ? s.body.state : undefined;
  }, 40_000);
  answeredCalls.push(state.callId!);
  return state.callId!;
}

/** The caller's phone hangs up by itself (BYE): no channel of the test is left in Asterisk. */
async function callerDone(index: number): Promise<void> {
  const result = await callers[index]!.done;
  expect(result.exitCode, result.stderr).toBe(0);
}

async function fileOrder(callId: string, number: string, description: string): Promise<OrderView> {
  const suggestion = await app.request<{ department: { id: string } | null }>('GET', `/api/dispatch-catalogue/suggest?category=${CATEGORY}`, { token: agentToken });
  expect(suggestion.status, JSON.stringify(suggestion.body)).toBe(200);
  expect(suggestion.body.department?.id).toBe(DEPT);
  const created = await app.request<OrderView>('POST', '/api/work-orders', {
    token: agentToken,
    body: { callId, citizenNumber: number, type: 'complaint', categoryCode: CATEGORY, urgency: 'normal', location: '江北区滨江路18号工地', description, then: { action: 'dispatch' } },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  expect(created.body).toMatchObject({ status: 'dispatched', leadDepartmentId: DEPT, callId });
  return created.body;
}

/** The department's webhook for the order and event, checked against the secret independently of the app's code. */
async function signedPost(orderNo: string, event: string): Promise<Record<string, unknown>> {
  const post = await waitFor(`the ${event} webhook of ${orderNo}`, () =>
    received.find((r) => r.headers['x-hotline-event'] === event && (JSON.parse(r.body) as { orderNo: string }).orderNo === orderNo), 20_000);
  const timestamp = String(post.headers['x-hotline-timestamp']);
  const expected = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${post.body}`).digest('hex')}`;
  expect(post.headers['x-hotline-signature']).toBe(expected);
  expect(Math.abs(Date.now() / 1000 - Number(timestamp))).toBeLessThan(60);
  expect(String(post.headers['x-hotline-delivery'])).toMatch(/^[0-9a-f-]{36}$/);
  return JSON.parse(post.body) as Record<string, unknown>;
}

/** The department signs, records progress and replies; the survey then rings `number` on the carrier address. */
async function departmentHandles(no: string): Promise<void> {
  expect((await act(no, department, { action: 'sign' })).status).toBe(200);
  expect((await act(no, department, { action: 'record_contact', note: '已电话联系市民, 约定现场查看' })).status).toBe(200);
  expect((await act(no, department, { action: 'record_progress', note: '现场核实: 夜间22点后施工, 已责令停工' })).status).toBe(200);
}

async function surveyPhone(steps: CitizenStep[]): Promise<CitizenPhone> {
  const sink = await openRtpSink();
  sinks.push(sink);
  const phone = citizenPhone({ kind: 'answer', ringMs: 500, rtpPort: sink.port, steps, awaitByeMs: 45_000 });
  citizens.push(phone);
  await new Promise((r) => setTimeout(r, 300)); // let SIPp bind the carrier address
  return phone;
}

describe('a work order from the call to the archive', () => {
  it('filed during the call, dispatched by the catalogue, signed, replied, surveyed by phone, closed and archived', async () => {
    const number = '13900001234';
    const callId = await callAnswered(number);
    const filed = await fileOrder(callId, number, '工地夜间施工噪声扰民, 已持续一周');
    const no = filed.orderNo;
    expect(no).toMatch(/^\d{4}-\d{6}$/);

    // the department is told, signed, and the body carries no phone number
    const body = await signedPost(no, 'dispatched');
    expect(body).toMatchObject({ event: 'dispatched', orderNo: no });
    expect(JSON.stringify(body)).not.toContain(number);

    // the department sees its order with the citizen's number (not confidential); another department does not see it at all
    expect((await order(no, department)).body).toMatchObject({ orderNo: no, citizenNumber: number });
    const foreign = await order(no, otherDepartment);
    expect(foreign.status).toBe(404);
    expect(await order('2099-999999', otherDepartment)).toMatchObject({ status: 404 });
    // a department cannot reply to an order it has not signed for, and the refusal names the state and the action
    expect((await act(no, department, { action: 'approve_extension' })).status).toBe(403);

    // the call's timeline names the order
    const call = await waitFor('the order in the call timeline', async () => {
      const c = await app.get<{ events: Array<{ type: string; data: Record<string, unknown> }> }>(`/api/calls/${callId}`, supervisor);
      return c.body.events?.some((e) => e.type === 'work_order_created' && e.data.orderNo === no) ? c : undefined;
    });
    expect(call.status).toBe(200);

    await departmentHandles(no);
    const survey = await surveyPhone([{ wait: 3_000 }, { key: '1' }, { wait: 2_000 }, { key: '1' }]);
    const reply = await act(no, department, { action: 'reply', note: '已责令施工单位夜间停工, 并处罚款' });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);

    const closed = await waitFor(`order ${no} closed by the survey`, async () => {
      const o = (await order(no)).body;
      return o.status === 'closed' ? o : undefined;
    }, 90_000);
    expect(closed.surveyAnswers).toMatchObject({ resolved: 'yes', satisfaction: 'satisfied' });
    expect((await survey.done).exitCode).toBe(0);

    expect((await act(no, supervisor, { action: 'archive' })).status).toBe(200);
    const events = await app.request<{ events: Array<{ action: string; toStatus: string }> }>('GET', `/api/work-orders/${no}/events`, { token: supervisor });
    expect(events.body.events.map((e) => e.toStatus)).toEqual(
      expect.arrayContaining(['dispatched', 'signed', 'in_progress', 'replied', 'surveying', 'closed', 'archived']),
    );
    expect(events.body.events.at(-1)).toMatchObject({ action: 'archive', toStatus: 'archived' });

    // the ledger has it, and every transition is in the verified audit chain
    const ledger = await app.request<{ orders: Array<{ orderNo: string; status: string }> }>('GET', `/api/work-orders?orderNo=${no}`, { token: supervisor });
    expect(ledger.body.orders.map((o) => [o.orderNo, o.status])).toEqual([[no, 'archived']]);
    const auditor = await app.createToken('auditor');
    const audit = await app.request<{ entries: Array<{ subject: string }> }>('GET', `/api/audit?subject=work_order:${no}&limit=100`, { token: auditor });
    expect(audit.body.entries.length).toBeGreaterThanOrEqual(7);
    expect((await app.request<{ ok: boolean }>('GET', '/api/audit/verify', { token: auditor })).body.ok).toBe(true);
    await callerDone(0);
  }, 180_000);

  it('the citizen says unresolved: the order waits for a 重办 decision; reopened, the department is told again', async () => {
    const number = '13900005678';
    const callId = await callAnswered(number);
    const { orderNo: no } = await fileOrder(callId, number, '夜间施工噪声, 上次处理后又复工');
    await signedPost(no, 'dispatched');

    await departmentHandles(no);
    const survey = await surveyPhone([{ wait: 3_000 }, { key: '2' }, { wait: 2_000 }, { key: '3' }]);
    expect((await act(no, department, { action: 'reply', note: '已再次责令停工' })).status).toBe(200);
    const review = await waitFor(`order ${no} up for 重办`, async () => {
      const o = (await order(no)).body;
      return o.status === 'reopen_review' ? o : undefined;
    }, 90_000);
    expect(review.surveyAnswers).toMatchObject({ resolved: 'no', satisfaction: 'dissatisfied' });
    expect((await survey.done).exitCode).toBe(0);

    // a department cannot decide a reopen; a supervisor can
    const refused = await act(no, department, { action: 'reopen', reason: '市民不满意' });
    expect(refused.status).toBe(403);
    const reopened = await act(no, supervisor, { action: 'reopen', reason: '市民反映问题未解决, 重办' });
    expect(reopened.status, JSON.stringify(reopened.body)).toBe(200);
    expect((await order(no)).body.status).toBe('dispatched');
    expect(await signedPost(no, 'reopened')).toMatchObject({ event: 'reopened', orderNo: no });
    // archiving is not an action for an order that is open again: 409 naming the state and the action
    const notYet = await act(no, supervisor, { action: 'archive' });
    expect(notYet.status).toBe(409);
    expect((notYet.body.error as { message: string }).message).toMatch(/已派单.*dispatched.*归档.*archive/);
    await callerDone(1);
  }, 180_000);
});
