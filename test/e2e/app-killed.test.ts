// RELIABILITY scenario 1 on the real Asterisk: the app is killed (SIGKILL) with one caller in
// the greeting, one waiting in the skill queue and one talking with an agent. The bridged caller
// keeps talking through the gap; a new app process on the same database and Redis takes every
// call back: the conversation goes on and is closed normally, the waiting callers keep their
// order, nothing is left behind in Asterisk, and the gap is in the timelines and the audit log.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ARI_EVENT_TYPES } from '../../src/adapters/ari/ari-events.js';
import { type AgentDef, agentReaches, callWithEvent, createAgents, eventsOf, finishedCall, offeredTo, send } from '../support/acd-e2e.js';
import { createCallScene, keepAppOutput } from '../support/call-scene.js';
import { createTestDatabase, startHotlineApp, waitFor, type HotlineApp } from '../support/hotline-app.js';
import { readStackEnv } from '../support/stack-env.js';

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let app: HotlineApp;
const apps: HotlineApp[] = [];
let passwords: Record<string, string> = {};
const scene = createCallScene();
const base = 9600 + 2 * Math.floor(Math.random() * 100);
const AGENTS: AgentDef[] = [
  { agentId: 'zhou', name: '周杰', extension: String(base), skills: { general: 3 }, languages: ['zh'], group: 'day' },
  { agentId: 'wu', name: '吴敏', extension: String(base + 1), skills: { general: 3 }, languages: ['zh'], group: 'day' },
];
// both processes are one hotline: the same database, the same Redis prefix and ARI application
const env = {
  AGENT_WRAP_UP_SECONDS: '1',
  QUEUE_LOG_FILE: 'off',
  CALL_REVIEW_DELAY_MS: '1000',
  REDIS_PREFIX: `e2e-killed-${Date.now().toString(36)}:`,
  // the SIPp callers never speak and the agents' phones "talk" (a tone) all the time
  INCIDENT_MONOLOGUE_SECONDS: '300',
};

async function startApp(): Promise<HotlineApp> {
  const started = await startHotlineApp({ databaseUrl: db.url, env });
  apps.push(started);
  await started.waitReady();
  return started;
}

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startApp();
  passwords = await createAgents(app, AGENTS);
});

afterEach(async ({ task }) => {
  keepAppOutput(task.result?.state === 'fail', 'app-killed', apps);
  try {
    // the app may be the killed one when the test failed: its phones are cleared all the same
    for (const a of AGENTS) await send(app, 'POST', `/api/agents/${a.agentId}/logout`);
  } finally {
    await scene.clear();
  }
});

afterAll(async () => {
  for (const a of apps) await a.stop();
  await db?.drop();
});

/** The hotline's ARI application as Asterisk holds it. */
async function appDetails(): Promise<{ channel_ids: string[]; events_allowed: Array<{ type: string }> }> {
  const s = readStackEnv();
  const res = await fetch(`${s.ARI_URL}/ari/applications/${s.ARI_APP}`, {
    headers: { authorization: `Basic ${Buffer.from(`${s.ARI_USERNAME}:${s.ARI_PASSWORD}`).toString('base64')}` },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { channel_ids: string[]; events_allowed: Array<{ type: string }> };
}

/** Channels Asterisk holds in the hotline's ARI application. */
async function appChannels(): Promise<string[]> {
  return (await appDetails()).channel_ids;
}

describe('the app is killed with calls in the greeting, the queue and a conversation', () => {
  it('the conversation goes on through the gap; the restarted app takes every call back, in order, and closes each', async () => {
    const zhou = AGENTS[0]!;
    await scene.softphone({ user: zhou.extension, password: passwords[zhou.extension]!, answer: 'auto', port: 25401 });
    expect((await send(app, 'POST', '/api/agents/zhou/login', { ready: true })).status).toBe(200);

    // A talks with zhou, B waits in the queue, C is in the greeting
    const a = '13900000071';
    const b = '13900000072';
    const c = '13900000073';
    // A outstays B, and C gives up before either agent is free again
    const callA = await scene.caller(a, 85);
    // the agent picks up during the short greeting; the caller joins the agent's bridge at its end
    const withAgent = await waitFor('A in the bridge with zhou', async () => {
      const call = await callWithEvent(app, a, 'leg_answered', 30_000);
      return call.events.some((e) => e.type === 'bridge_entered' && e.leg === 'caller') ? call : undefined;
    }, 30_000);
    const callB = await scene.caller(b, 65);
    // B is queued at the answer and waits past the greeting (the first playback's end)
    await callWithEvent(app, b, 'enqueued', 30_000);
    await callWithEvent(app, b, 'playback_finished', 30_000);
    const callC = await scene.caller(c, 40);
    await callWithEvent(app, c, 'playback_started', 15_000);

    const killedAt = Date.now();
    await app.kill();
    await new Promise((r) => setTimeout(r, 6_000));
    // the bridge lives in Asterisk: A still hears zhou's voice (the phone's 1 kHz tone) in the gap
    const gapFrom = killedAt - callA.openedAt + 500;
    const gapTo = Date.now() - callA.openedAt;
    expect(callA.sink.toneMs(gapFrom, gapTo)).toBeGreaterThan((gapTo - gapFrom) * 0.8);

    // a new process of the same hotline takes the calls back
    app = await startApp();
    const adopted = await waitFor('A adopted', async () => {
      const now = await callWithEvent(app, a, 'leg_answered');
      return now.events.some((e) => e.type === 'adopted_after_reconnect') ? now : undefined;
    }, 15_000);
    expect(eventsOf(adopted, 'app_gap')).toHaveLength(1);
    // the new process asked Asterisk again for only the events it uses (the filter lives with the app)
    expect((await appDetails()).events_allowed.map((e) => e.type).sort()).toEqual([...ARI_EVENT_TYPES].sort());
    expect(eventsOf(adopted, 'adopted_after_reconnect')[0]!.data).toMatchObject({ phase: 'with_agent' });
    // and the conversation is still on after the restart
    const after = Date.now() - callA.openedAt;
    await new Promise((r) => setTimeout(r, 2_000));
    expect(callA.sink.toneMs(after, after + 2_000)).toBeGreaterThan(1_500);
    for (const n of [b, c]) {
      await waitFor(`${n} adopted`, async () => ((await callWithEvent(app, n, 'stasis_start')).events.some((e) => e.type === 'adopted_after_reconnect') ? true : undefined), 15_000);
    }
    // C's greeting was cut by the gap: C moves on to the queue, behind B
    await callWithEvent(app, c, 'enqueued', 20_000);

    // the next agent takes B (queued first), then C once B is served
    const wu = AGENTS[1]!;
    await scene.softphone({ user: wu.extension, password: passwords[wu.extension]!, answer: 'auto', port: 25406 });
    expect((await send(app, 'POST', '/api/agents/wu/login', { ready: true })).status).toBe(200);
    const bServed = await callWithEvent(app, b, 'leg_answered', 20_000);
    expect(offeredTo(bServed)).toEqual(['wu']);
    expect(offeredTo(await callWithEvent(app, c, 'enqueued'))).toEqual([]);

    // everybody hangs up: each record is closed, A's as an ordinary answered call of zhou
    const results = await Promise.all([callA.run.done, callB.run.done, callC.run.done]);
    for (const r of results) expect(r.exitCode, r.stderr).toBe(0);
    const recordA = await finishedCall(app, a);
    expect(recordA).toMatchObject({ outcome: 'answered_by_agent', agentId: 'zhou', firstHangupSide: 'caller' });
    expect(recordA.callId).toBe(withAgent.callId);
    expect((await finishedCall(app, b)).outcome).toBe('answered_by_agent');
    expect((await finishedCall(app, c)).outcome).toBe('abandoned_in_queue');
    await agentReaches(app, 'zhou', ['wrap_up', 'ready']);

    // nothing of ours is left in Asterisk
    await waitFor('no channel left in the app', async () => ((await appChannels()).length === 0 ? true : undefined), 15_000);
    // nor in the new process: no call timer outlives its call; it listens on its ARI client
    const figures = await app.request<{ callTimers: number; busyCalls: number; ariListeners: number }>('GET', '/api/system/process');
    expect(figures.status).toBe(200);
    expect(figures.body).toMatchObject({ callTimers: 0, busyCalls: 0 });
    expect(figures.body.ariListeners).toBeGreaterThan(0);

    // the gap is in the audit log: which calls were taken back, and when each was last seen
    const auditorToken = await app.createToken('auditor');
    const audit = await app.request<{ entries: Array<{ kind: string; subject: string; data: Record<string, unknown> }> }>(
      'GET', '/api/audit?kind=app_reconnected', { token: auditorToken });
    expect(audit.status, JSON.stringify(audit.body)).toBe(200);
    const gap = audit.body.entries.find((e) => (e.data.calls as Array<{ callId: string }>).some((x) => x.callId === recordA.callId));
    expect(gap, JSON.stringify(audit.body.entries)).toBeDefined();
    expect(gap!.data).toMatchObject({ adopted: 3 });
    for (const x of gap!.data.calls as Array<{ result: string; lastSeenAt: string }>) {
      expect(x.result).toBe('adopted');
      expect(Date.parse(x.lastSeenAt)).toBeLessThanOrEqual(killedAt + 1_000);
    }
    const verify = await app.request<{ ok: boolean }>('GET', '/api/audit/verify', { token: auditorToken });
    expect(verify.body.ok).toBe(true);
  });
});
