// Two hotline app instances on the same Asterisk, Redis prefix and database serve their callers in
// one order: a caller who arrived earlier through instance B gets the next ready agent before a
// later caller through instance A, even when the agent becomes ready through A's API.
// ARI gives one websocket per application name, so the second instance runs as Stasis app
// "hotline-b"; for this test only, a number of the carrier context is pointed at it (added to the
// running dialplan here and removed afterwards).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type AgentDef, agentLeaves, agentReaches, agentStatus, atMs, callWithEvent, createAgents, eventsOf, finishedCall, offeredTo, send } from '../support/acd-e2e.js';
import { asteriskCli, createTestDatabase, startHotlineApp, waitFor, type HotlineApp } from '../support/hotline-app.js';
import { openRtpSink, type RtpSink } from '../support/rtp-sink.js';
import { placeCall, type RunningSipp } from '../support/sipp.js';
import { startSoftphone, type Softphone } from '../support/softphone.js';

const APP_B = 'hotline-b';
const NUMBER_B = '99912346';
let appA: HotlineApp;
let appB: HotlineApp;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let phone: Softphone | undefined;
let shared: Record<string, string> = {};
const sinks: RtpSink[] = [];
/** SIPp callers: any still running after a failure are stopped. */
const sipps: RunningSipp[] = [];
const logDir = mkdtempSync(join(tmpdir(), 'global-order-'));
const AGENT: AgentDef = {
  agentId: 'wang',
  name: '王芳',
  extension: String(6000 + 2 * Math.floor(Math.random() * 1500)),
  skills: { general: 3 },
  languages: ['zh'],
  group: 'day',
};

const startAppB = () => startHotlineApp({ databaseUrl: db.url, env: { ...shared, QUEUE_LOG_FILE: join(logDir, 'queue_log.b'), ARI_APP: APP_B } });

beforeAll(async () => {
  asteriskCli(`dialplan add extension ${NUMBER_B},1,Set(CHANNEL(language)=zh) into from-carrier replace`);
  asteriskCli(`dialplan add extension ${NUMBER_B},2,Stasis(${APP_B},inbound,general) into from-carrier replace`);
  db = await createTestDatabase();
  // one hotline: the same database and Redis prefix, two Stasis apps
  shared = {
    AGENT_WRAP_UP_SECONDS: '1',
    // the agent's actions follow the answer at once: the caller is bridged at the agent's answer
    // (overlap 'cut'); the default, bridging at the greeting's end, is time-to-agent.test.ts's
    GREETING_AGENT_OVERLAP: 'cut',
    REDIS_PREFIX: `e2e-order-${Date.now().toString(36)}:`,
    RATING_MAX_ASKS: '1',
    RATING_KEY_TIMEOUT_MS: '2000',
    AGENT_LEG_RELEASE_SECONDS: '3',
  };
  [appA, appB] = await Promise.all([
    startHotlineApp({ databaseUrl: db.url, env: { ...shared, QUEUE_LOG_FILE: join(logDir, 'queue_log.a') } }),
    startAppB(),
  ]);
  await Promise.all([appA.waitReady(), appB.waitReady()]);
  const passwords = await createAgents(appA, [AGENT]);
  phone = await startSoftphone({ user: AGENT.extension, password: passwords[AGENT.extension]!, answer: 'auto', port: 25481 });
});

afterEach(({ task }) => {
  if (task.result?.state !== 'fail') return;
  for (const [name, app] of [['a', appA], ['b', appB]] as const) {
    const file = join(logDir, `app-${name}.log`);
    writeFileSync(file, app.output());
    console.error(`app ${name} output: ${file}`);
  }
  if (phone) writeFileSync(join(logDir, 'phone.log'), phone.output());
});

afterAll(async () => {
  // after a failure: the callers' channels are hung up in Asterisk before their SIPp goes
  for (const line of asteriskCli('core show channels concise').split('\n')) {
    if (/!1380000005\d!/.test(line)) asteriskCli(`channel request hangup ${line.split('!')[0]}`);
  }
  for (const c of sipps.splice(0)) if (c.process.exitCode === null) c.kill();
  await phone?.stop();
  await Promise.all(sinks.splice(0).map((s) => s.close()));
  await Promise.all([appA?.stop(), appB?.stop()]);
  await db?.drop();
  asteriskCli(`dialplan remove extension ${NUMBER_B}@from-carrier`);
});

const waitingIn = async (app: HotlineApp, queueId: string) => {
  const stats = await send(app, 'GET', '/api/stats/live');
  return (stats.body.queues as Array<{ queueId: string; waiting: number }>).find((q) => q.queueId === queueId)?.waiting;
};

describe('two app instances, one waiting order', () => {
  it('the caller who came first through instance B gets the agent first, though the agent becomes ready through instance A', async () => {
    expect((await send(appA, 'POST', `/api/agents/${AGENT.agentId}/login`, { ready: false })).status).toBe(200);
    const call = async (number: string, dial: string) => {
      const sink = await openRtpSink();
      sinks.push(sink);
      const run = placeCall({ dial, caller: number, rtpPort: sink.port, steps: [], end: { awaitByeMs: 90_000 } }, 120_000);
      sipps.push(run);
      return run;
    };
    // caller 1 through instance B, and only once it waits, caller 2 through instance A
    const first = { number: '13800000051', run: await call('13800000051', NUMBER_B) };
    const queued1 = await callWithEvent(appB, first.number, 'enqueued', 25_000);
    await new Promise((r) => setTimeout(r, 1_000));
    const second = { number: '13800000052', run: await call('13800000052', '12345') };
    const queued2 = await callWithEvent(appA, second.number, 'enqueued', 25_000);
    expect(atMs(eventsOf(queued1, 'enqueued')[0])).toBeLessThan(atMs(eventsOf(queued2, 'enqueued')[0]));
    // both instances count the one queue: two callers waiting
    for (const app of [appA, appB]) await waitFor('two callers waiting in general', async () => ((await waitingIn(app, 'general')) === 2 ? true : undefined), 5_000);

    // the agent becomes ready through A, whose own caller is the later one
    expect((await send(appA, 'PUT', `/api/agents/${AGENT.agentId}/state`, { status: 'ready' })).status).toBe(200);
    const talking = await agentReaches(appA, AGENT.agentId, ['on_call'], 25_000);
    expect(talking.callId).toBe(queued1.callId);
    const waitingSecond = await callWithEvent(appA, second.number, 'enqueued');
    expect(offeredTo(waitingSecond)).toEqual([]);
    expect(await waitingIn(appA, 'general')).toBe(1);

    // the agent leaves caller 1; after the wrap-up the agent gets caller 2
    expect((await send(appA, 'POST', `/api/agents/${AGENT.agentId}/hangup`)).status).toBe(200);
    await agentLeaves(appA, AGENT.agentId, queued1.callId);
    const next = await agentReaches(appB, AGENT.agentId, ['on_call'], 25_000);
    expect(next.callId).toBe(queued2.callId);
    expect((await send(appB, 'POST', `/api/agents/${AGENT.agentId}/hangup`)).status).toBe(200);
    await agentLeaves(appB, AGENT.agentId, queued2.callId);
    for (const c of [first, second]) expect((await c.run.done).exitCode).toBe(0);

    // the records (one database): each call offered once, to the agent, caller 1 first
    const [rec1, rec2] = await Promise.all([finishedCall(appA, first.number, 40_000), finishedCall(appA, second.number, 40_000)]);
    expect([rec1.dialedNumber, rec2.dialedNumber]).toEqual([NUMBER_B, '12345']);
    expect([rec1.outcome, rec2.outcome]).toEqual(['answered_by_agent', 'answered_by_agent']);
    expect([offeredTo(rec1), offeredTo(rec2)]).toEqual([[AGENT.agentId], [AGENT.agentId]]);
    const answered = (r: typeof rec1) => atMs(r.events.find((e) => e.type === 'leg_answered' && e.leg === 'agent'));
    expect(answered(rec1)).toBeLessThan(atMs(eventsOf(rec2, 'agent_offered')[0]));
    // the agent's phone: rung by caller 1's number first, then caller 2's
    const rung = [...phone!.output().matchAll(/138000000(51|52)/g)].map((m) => m[0]);
    expect(rung.length).toBeGreaterThan(0);
    expect([...new Set(rung)]).toEqual([first.number, second.number]);
    expect(await agentStatus(appA, AGENT.agentId)).toMatchObject({ status: expect.stringMatching(/wrap_up|ready/) });
  });

  it('an instance that dies: its waiting caller blocks no one, and is served in its place once the instance is back', async () => {
    await agentReaches(appA, AGENT.agentId, ['ready'], 15_000);
    expect((await send(appA, 'PUT', `/api/agents/${AGENT.agentId}/state`, { status: 'not_ready', reason: 'break' })).status).toBe(200);
    const call = async (number: string, dial: string) => {
      const sink = await openRtpSink();
      sinks.push(sink);
      const run = placeCall({ dial, caller: number, rtpPort: sink.port, steps: [], end: { awaitByeMs: 120_000 } }, 150_000);
      sipps.push(run);
      return { number, run };
    };
    // caller 3 waits at B; B dies (no shutdown); caller 4 comes later through A
    const third = await call('13800000053', NUMBER_B);
    const queued3 = await callWithEvent(appB, third.number, 'enqueued', 25_000);
    await appB.kill();
    const fourth = await call('13800000054', '12345');
    const queued4 = await callWithEvent(appA, fourth.number, 'enqueued', 25_000);
    // the agent ready through A: B's earlier caller cannot be rung by anyone but B, so A's caller gets the agent
    expect((await send(appA, 'PUT', `/api/agents/${AGENT.agentId}/state`, { status: 'ready' })).status).toBe(200);
    const served = await agentReaches(appA, AGENT.agentId, ['on_call'], 30_000);
    expect(served.callId).toBe(queued4.callId);
    expect(offeredTo(await callWithEvent(appA, third.number, 'enqueued'))).toEqual([]);

    // B is back: it adopts its caller, who keeps the place and gets the agent next
    appB = await startAppB();
    await appB.waitReady();
    await callWithEvent(appA, third.number, 'adopted_after_reconnect', 25_000);
    // it waits with the time it first joined the queue (the live figures count from there)
    const sinceFirstJoined = (Date.now() - atMs(eventsOf(queued3, 'enqueued')[0])) / 1000;
    const figures = await waitFor('caller 3 waiting again', async () => {
      const stats = await send(appA, 'GET', '/api/stats/live');
      const general = (stats.body.queues as Array<{ queueId: string; waiting: number; longestWaitSeconds: number }>).find((q) => q.queueId === 'general');
      return general?.waiting === 1 ? general : undefined;
    }, 10_000);
    expect(figures.longestWaitSeconds).toBeGreaterThanOrEqual(Math.floor(sinceFirstJoined) - 2);
    expect((await send(appA, 'POST', `/api/agents/${AGENT.agentId}/hangup`)).status).toBe(200);
    await agentLeaves(appA, AGENT.agentId, queued4.callId);
    const next = await agentReaches(appA, AGENT.agentId, ['on_call'], 30_000);
    expect(next.callId).toBe(queued3.callId);
    expect((await send(appA, 'POST', `/api/agents/${AGENT.agentId}/hangup`)).status).toBe(200);
    await agentLeaves(appA, AGENT.agentId, queued3.callId);
    for (const c of [third, fourth]) expect((await c.run.done).exitCode).toBe(0);
    const [rec3, rec4] = await Promise.all([finishedCall(appA, third.number, 40_000), finishedCall(appA, fourth.number, 40_000)]);
    expect([rec3.outcome, rec4.outcome]).toEqual(['answered_by_agent', 'answered_by_agent']);
    expect([offeredTo(rec3), offeredTo(rec4)]).toEqual([[AGENT.agentId], [AGENT.agentId]]);
  });
});
