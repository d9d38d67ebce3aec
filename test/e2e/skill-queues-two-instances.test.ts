// Two hotline app instances on the same Asterisk, Redis prefix and database share one agent pool:
// callers arrive at both at once, and no agent is ever given two calls; an agent's console on
// either instance holds, ends or leaves a call the other instance holds.
// ARI gives one websocket per application name, so the second instance runs as Stasis app
// "hotline-b"; for this test only, a number of the carrier context is pointed at it (added to the
// running dialplan here and removed afterwards).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type AgentDef,
  agentLeaves,
  agentReaches,
  agentStatus,
  atMs,
  callWithEvent,
  createAgents,
  eventsOf,
  finishedCall,
  offeredTo,
  queueLogLines,
  send,
  type CallView,
} from '../support/acd-e2e.js';
import { ariGet, stackAri } from '../support/ari-http.js';
import { asteriskCli, createTestDatabase, startHotlineApp, waitFor, type HotlineApp } from '../support/hotline-app.js';
import { openRtpSink, type RtpSink } from '../support/rtp-sink.js';
import { placeCall, type RunningSipp } from '../support/sipp.js';
import { startSoftphone, type Softphone } from '../support/softphone.js';

const APP_B = 'hotline-b';
const NUMBER_B = '99912345';
let appA: HotlineApp;
let appB: HotlineApp;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
const phones: Softphone[] = [];
const sinks: RtpSink[] = [];
/** SIPp callers: any still running after a failure are stopped. */
const sipps: RunningSipp[] = [];
const logDir = mkdtempSync(join(tmpdir(), 'queue-log-'));
const queueLogA = join(logDir, 'queue_log.a');
const queueLogB = join(logDir, 'queue_log.b');
const base = 3000 + 4 * Math.floor(Math.random() * 1500);
const AGENTS: AgentDef[] = [
  { agentId: 'zhang', name: '张伟', extension: String(base), skills: { general: 3 }, languages: ['zh'], group: 'day' },
  { agentId: 'li', name: '李娜', extension: String(base + 1), skills: { general: 3 }, languages: ['zh'], group: 'day' },
];

beforeAll(async () => {
  asteriskCli(`dialplan add extension ${NUMBER_B},1,Set(CHANNEL(language)=zh) into from-carrier replace`);
  asteriskCli(`dialplan add extension ${NUMBER_B},2,Stasis(${APP_B},inbound,general) into from-carrier replace`);
  db = await createTestDatabase();
  // one hotline: the same database and Redis prefix, two Stasis apps
  const shared = {
    AGENT_WRAP_UP_SECONDS: '1',
    // the agent's actions follow the answer at once: the caller is bridged at the agent's answer
    // (overlap 'cut'); the default, bridging at the greeting's end, is time-to-agent.test.ts's
    GREETING_AGENT_OVERLAP: 'cut',
    REDIS_PREFIX: `e2e-two-${Date.now().toString(36)}:`,
    // after the end of service: one short rating question, the agent's leg released soon
    RATING_MAX_ASKS: '1',
    RATING_KEY_TIMEOUT_MS: '2000',
    AGENT_LEG_RELEASE_SECONDS: '3',
  };
  [appA, appB] = await Promise.all([
    startHotlineApp({ databaseUrl: db.url, env: { ...shared, QUEUE_LOG_FILE: queueLogA } }),
    startHotlineApp({ databaseUrl: db.url, env: { ...shared, QUEUE_LOG_FILE: queueLogB, ARI_APP: APP_B } }),
  ]);
  await Promise.all([appA.waitReady(), appB.waitReady()]);
  const passwords = await createAgents(appA, AGENTS);
  for (const [i, a] of AGENTS.entries()) {
    phones.push(await startSoftphone({ user: a.extension, password: passwords[a.extension]!, answer: 'auto', port: 25401 + 5 * i }));
  }
});

afterEach(({ task }) => {
  if (task.result?.state !== 'fail') return;
  for (const [name, app] of [['a', appA], ['b', appB]] as const) {
    const file = join(logDir, `app-${name}.log`);
    writeFileSync(file, app.output());
    console.error(`app ${name} output: ${file}`);
  }
});

afterAll(async () => {
  for (const c of sipps.splice(0)) if (c.process.exitCode === null) c.kill();
  await Promise.all(phones.splice(0).map((p) => p.stop()));
  await Promise.all(sinks.splice(0).map((s) => s.close()));
  await Promise.all([appA?.stop(), appB?.stop()]);
  await db?.drop();
  asteriskCli(`dialplan remove extension ${NUMBER_B}@from-carrier`);
});

/** Asterisk's channels on each agent's endpoint, sampled until stopped. */
function sampleAgentChannels(extensions: string[]) {
  const ari = stackAri();
  if (!ari) throw new Error('no stack ARI settings');
  const samples: Array<{ at: number; channels: Record<string, string[]> }> = [];
  let running = true;
  const done = (async () => {
    while (running) {
      const channels: Record<string, string[]> = {};
      for (const ext of extensions) channels[ext] = (await ariGet<{ channel_ids: string[] }>(ari, `/endpoints/PJSIP/${ext}`)).body.channel_ids;
      samples.push({ at: Date.now(), channels });
      await new Promise((r) => setTimeout(r, 150));
    }
  })();
  return {
    samples,
    async stop() {
      running = false;
      await done;
    },
  };
}

const appLogs = () =>
  [appA, appB]
    .map((app, i) => `--- app ${i ? 'B' : 'A'}\n${app.output().split('\n').filter((l) => /acd|agents|error|warn|not handled/i.test(l)).slice(-30).join('\n')}`)
    .join('\n');

describe('two app instances sharing one agent pool', () => {
  it('both instances see agent state changes made through either API', async () => {
    expect((await send(appA, 'POST', '/api/agents/zhang/login', { ready: false })).status).toBe(200);
    expect((await send(appB, 'POST', '/api/agents/li/login', { ready: false })).status).toBe(200);
    expect(await agentStatus(appB, 'zhang')).toMatchObject({ status: 'not_ready' });
    expect(await agentStatus(appA, 'li')).toMatchObject({ status: 'not_ready' });
    // ready through the other instance
    expect((await send(appB, 'PUT', '/api/agents/zhang/state', { status: 'ready' })).status).toBe(200);
    expect((await send(appA, 'PUT', '/api/agents/li/state', { status: 'ready' })).status).toBe(200);
    for (const app of [appA, appB]) {
      expect(await agentStatus(app, 'zhang')).toMatchObject({ status: 'ready' });
      expect(await agentStatus(app, 'li')).toMatchObject({ status: 'ready' });
      const stats = await send(app, 'GET', '/api/stats/live');
      expect(stats.body.agents).toMatchObject({ ready: 2 });
    }
  });

  it('four callers at both instances, two agents: two calls at a time, never one agent on two calls', async () => {
    const sampler = sampleAgentChannels(AGENTS.map((a) => a.extension));
    // callers arrive at both instances close together; each stays until the hotline hangs up
    const callers: Array<{ number: string; app: HotlineApp; run: RunningSipp }> = [];
    for (const [number, dial, app] of [
      ['13800000031', '12345', appA],
      ['13800000032', NUMBER_B, appB],
      ['13800000033', '12345', appA],
      ['13800000034', NUMBER_B, appB],
    ] as const) {
      const sink = await openRtpSink();
      sinks.push(sink);
      const run = placeCall({ dial, caller: number, rtpPort: sink.port, steps: [], end: { awaitByeMs: 100_000 } }, 120_000);
      sipps.push(run);
      callers.push({ number, app, run });
      await new Promise((r) => setTimeout(r, 150));
    }
    const numbers = callers.map((c) => c.number);
    const appOf = (number: string) => callers.find((c) => c.number === number)!.app;

    // both agents take a call; the two other callers keep waiting
    const onCall = async () =>
      Promise.all(AGENTS.map((a) => agentReaches(appA, a.agentId, ['on_call'], 25_000))).catch((err: Error) => {
        throw new Error(`${err.message}\n${appLogs()}`);
      });
    const first = await onCall();
    const firstCallIds = first.map((s) => s.callId);
    expect(new Set(firstCallIds).size).toBe(2);
    const calls = async () => Promise.all(numbers.map((n) => callWithEvent(appOf(n), n, 'enqueued')));
    const waiting = (await calls()).filter((c) => !firstCallIds.includes(c.callId));
    expect(waiting).toHaveLength(2);
    for (const c of waiting) expect(offeredTo(c)).toEqual([]);

    // each agent's call is ended through the instance that has it; then the waiting two get them
    const numberOfCall = (callId: string, list: CallView[]) => list.find((c) => c.callId === callId)!.callerNumber;
    const hangUp = async (agentId: string, callId: string, list: CallView[]) => {
      const number = numberOfCall(callId, list);
      const res = await send(appOf(number), 'POST', `/api/agents/${agentId}/hangup`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      await agentLeaves(appOf(number), agentId, callId);
    };
    let list = await calls();
    await Promise.all(AGENTS.map((a, i) => hangUp(a.agentId, firstCallIds[i]!, list)));
    const second = await waitFor('both agents on the two other calls', async () => {
      const states = await Promise.all(AGENTS.map((a) => agentStatus(appB, a.agentId)));
      return states.every((s) => s.status === 'on_call' && !firstCallIds.includes(s.callId!)) ? states : undefined;
    }, 25_000).catch((err: Error) => {
      throw new Error(`${err.message}\n${appLogs()}`);
    });
    const secondCallIds = second.map((s) => s.callId!);
    expect(new Set(secondCallIds).size).toBe(2);
    list = await calls();
    await Promise.all(AGENTS.map((a, i) => hangUp(a.agentId, secondCallIds[i]!, list)));
    for (const c of callers) expect((await c.run.done).exitCode).toBe(0);
    await sampler.stop();

    // the records (one database, written by both instances): each call had exactly one agent
    const records = await Promise.all(numbers.map((n) => finishedCall(appOf(n), n, 40_000)));
    expect(records.map((r) => r.outcome)).toEqual(Array(4).fill('answered_by_agent'));
    expect(records.map((r) => offeredTo(r).length)).toEqual([1, 1, 1, 1]);
    expect(records.map((r) => r.dialedNumber)).toEqual(['12345', NUMBER_B, '12345', NUMBER_B]);
    // each agent took two calls, one after the other: talk times never overlap
    for (const a of AGENTS) {
      const mine = records.filter((r) => offeredTo(r)[0] === a.agentId);
      expect(mine.map((r) => r.callId).sort()).toEqual(
        [firstCallIds[AGENTS.indexOf(a)], secondCallIds[AGENTS.indexOf(a)]].sort(),
      );
      const spans = mine
        .map((r) => [atMs(eventsOf(r, 'agent_offered')[0]), atMs(r.events.find((e) => e.type === 'hangup' && e.leg === 'agent'))] as const)
        .sort((x, y) => x[0] - y[0]);
      expect(spans[0]![1]).toBeLessThan(spans[1]![0]);
    }
    // Asterisk's view throughout: at most one channel on each agent's phone, two in all
    expect(sampler.samples.length).toBeGreaterThan(20);
    const perAgent = sampler.samples.map((s) => Object.values(s.channels).map((c) => c.length));
    expect(Math.max(...perAgent.flat())).toBe(1);
    expect(Math.max(...perAgent.map((counts) => counts.reduce((x, y) => x + y, 0)))).toBe(2);

    // queue_log: each instance wrote CONNECT lines for its own callers only, one per call
    const connects = (file: string) => queueLogLines(file).filter((f) => f[4] === 'CONNECT').map((f) => f[1]);
    const ofApp = (app: HotlineApp) => records.filter((r) => appOf(r.callerNumber) === app).map((r) => r.callId).sort();
    expect(connects(queueLogA).sort()).toEqual(ofApp(appA));
    expect(connects(queueLogB).sort()).toEqual(ofApp(appB));
  });

  it("an agent's console on either instance holds, ends or leaves the call the other instance holds", async () => {
    for (const a of AGENTS) await agentReaches(appA, a.agentId, ['ready']);
    const token: Record<string, string> = {};
    for (const a of AGENTS) token[a.agentId] = await appA.createToken('agent', { agentId: a.agentId });
    const as = (app: HotlineApp, method: string, path: string, agentId: string) => app.request(method, `/api/agents/${agentId}${path}`, { token: token[agentId]! });
    const audio = async (agentId: string) =>
      Promise.all([appA, appB].map(async (app) => (await as(app, 'GET', '/state', agentId)).body as { callerCanHear: boolean; onHold: boolean }));
    // one caller at each instance; each is given to an agent, who answers
    const callers = [['13800000041', '12345', appA], ['13800000042', NUMBER_B, appB]] as const;
    const taken = await Promise.all(
      callers.map(async ([number, dial, holder]) => {
        const sink = await openRtpSink();
        sinks.push(sink);
        const run = placeCall({ dial, caller: number, rtpPort: sink.port, steps: [], end: { awaitByeMs: 60_000 } }, 90_000);
        sipps.push(run);
        const offered = await callWithEvent(holder, number, 'agent_offered', 25_000);
        const agentId = String(offeredTo(offered)[0]);
        await waitFor(`${agentId} talking to ${number}`, async () => ((await audio(agentId))[0]!.callerCanHear ? true : undefined), 20_000);
        return { number, callId: offered.callId, agentId, run };
      }),
    );
    const [x, y] = taken as [(typeof taken)[0], (typeof taken)[0]];
    // both instances say the same of both calls, whichever holds it
    for (const t of taken) expect((await audio(t.agentId)).map((s) => [s.callerCanHear, s.onHold])).toEqual([[true, false], [true, false]]);

    // x's call is held by instance A: hold, take back and end the service through instance B
    const held = await as(appB, 'POST', '/hold', x.agentId);
    expect(held.status, JSON.stringify(held.body)).toBe(200);
    expect(held.body).toEqual({ callId: x.callId, onHold: true });
    expect((await audio(x.agentId)).map((s) => [s.callerCanHear, s.onHold])).toEqual([[false, true], [false, true]]);
    expect((await as(appB, 'POST', '/unhold', x.agentId)).status).toBe(200);
    expect((await audio(x.agentId)).map((s) => [s.callerCanHear, s.onHold])).toEqual([[true, false], [true, false]]);
    const ended = await as(appB, 'POST', '/end-service', x.agentId);
    expect(ended.status, JSON.stringify(ended.body)).toBe(200);
    expect(ended.body).toMatchObject({ callId: x.callId, serviceEndedAt: expect.any(String) });
    expect(['wrap_up', 'ready']).toContain((await agentStatus(appB, x.agentId)).status);
    // y's call is held by instance B: its agent leaves it through instance A
    const left = await as(appA, 'POST', '/hangup', y.agentId);
    expect(left.status, JSON.stringify(left.body)).toBe(200);
    await agentLeaves(appA, y.agentId, y.callId);

    // the records, as written by the instance holding each call
    type Ended = CallView & { serviceEndedBy: string | null };
    const [recX, recY] = (await Promise.all([callWithEvent(appA, x.number, 'service_ended'), callWithEvent(appA, y.number, 'service_ended')])) as [Ended, Ended];
    expect(recX.serviceEndedBy).toBe('agent_api');
    expect(recX.events.filter((e) => ['hold_started', 'hold_ended', 'service_ended'].includes(e.type)).map((e) => e.type)).toEqual([
      'hold_started',
      'hold_ended',
      'service_ended',
    ]);
    expect(recY.serviceEndedBy).toBe('agent_hangup');
    expect(recY.firstHangupSide).toBe('agent');
    // each caller heard the rating question, then the hotline hung up
    for (const t of taken) expect((await t.run.done).exitCode).toBe(0);
  });
});
