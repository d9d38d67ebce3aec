// RELIABILITY scenario 6 on the real Asterisk: an agent's softphone vanishes mid-call (killed, no
// BYE). Asterisk's RTP timeout cuts the agent's leg; the caller is told, goes back to the queue
// ahead of a caller who came later, and the next ready agent takes the call. The agent is not
// ready ("connection lost") and the timeline says why.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type AgentDef,
  agentReaches,
  agentStatus,
  callWithEvent,
  createAgents,
  eventsOf,
  finishedCall,
  offeredTo,
  queueLogLines,
  send,
} from '../support/acd-e2e.js';
import { createCallScene, keepAppOutput } from '../support/call-scene.js';
import { createTestDatabase, startHotlineApp, waitFor, type HotlineApp } from '../support/hotline-app.js';

let app: HotlineApp;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let passwords: Record<string, string> = {};
const scene = createCallScene();
const queueLogFile = join(mkdtempSync(join(tmpdir(), 'queue-log-')), 'queue_log');
// its own range: the vanished softphone's registration stays in Asterisk until it expires
const base = 9800 + 2 * Math.floor(Math.random() * 100);
const AGENTS: AgentDef[] = [
  { agentId: 'zhao', name: '赵磊', extension: String(base), skills: { general: 3 }, languages: ['zh'], group: 'day' },
  { agentId: 'sun', name: '孙丽', extension: String(base + 1), skills: { general: 3 }, languages: ['zh'], group: 'day' },
];
const RTP_TIMEOUT_SECONDS = 5;

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startHotlineApp({
    databaseUrl: db.url,
    env: {
      AGENT_WRAP_UP_SECONDS: '1',
      AGENT_RTP_TIMEOUT_SECONDS: String(RTP_TIMEOUT_SECONDS),
      QUEUE_LOG_FILE: queueLogFile,
      // the SIPp caller never speaks and the agent's phone "talks" (a tone) all the time: past
      // 20 s that is a monologue by the detector's rule, which is not what this test is about
      INCIDENT_MONOLOGUE_SECONDS: '120',
    },
  });
  await app.waitReady();
  passwords = await createAgents(app, AGENTS);
});

afterEach(async ({ task }) => {
  keepAppOutput(task.result?.state === 'fail', 'agent-softphone-lost', [app]);
  for (const a of AGENTS) await send(app, 'POST', `/api/agents/${a.agentId}/logout`);
  await scene.clear();
});

afterAll(async () => {
  await app?.stop();
  await db?.drop();
});

describe("an agent's softphone vanishes mid-call (no BYE)", () => {
  it('the RTP timeout ends the leg; the caller is told and re-queued ahead of a later caller; the next agent takes it', async () => {
    const zhao = await scene.softphone({ user: AGENTS[0]!.extension, password: passwords[AGENTS[0]!.extension]!, answer: 'auto', port: 25301 });
    expect((await send(app, 'POST', '/api/agents/zhao/login', { ready: true })).status).toBe(200);

    // caller A reaches zhao
    const a = '13900000061';
    const callA = (await scene.caller(a, 75)).run;
    const answered = await callWithEvent(app, a, 'leg_answered', 30_000);
    const callId = answered.callId;
    expect(offeredTo(answered)).toEqual(['zhao']);
    expect((await agentStatus(app, 'zhao')).status).toBe('on_call');

    // caller B arrives later and waits: nobody else is ready
    const b = '13900000062';
    const callB = (await scene.caller(b, 60)).run;
    await callWithEvent(app, b, 'enqueued', 30_000);

    // zhao's phone is gone: no BYE, no more media
    const vanishedAt = Date.now();
    await zhao.vanish();
    const lost = await callWithEvent(app, a, 'agent_leg_lost', (RTP_TIMEOUT_SECONDS + 15) * 1000);
    const cutAfterMs = Date.parse(eventsOf(lost, 'agent_leg_lost')[0]!.at) - vanishedAt;
    // Asterisk checks the timeout about once a second after the last packet
    expect(cutAfterMs).toBeGreaterThan((RTP_TIMEOUT_SECONDS - 1) * 1000);
    expect(cutAfterMs).toBeLessThan((RTP_TIMEOUT_SECONDS + 6) * 1000);
    expect(eventsOf(lost, 'agent_leg_lost')[0]!.data).toMatchObject({ agentId: 'zhao', cause: 44 });
    expect(eventsOf(lost, 'requeued').at(-1)!.data).toMatchObject({ queueId: 'general', reason: 'agent_leg_lost' });
    expect(lost.events.some((e) => e.type === 'service_ended' || e.type === 'rating_asked')).toBe(false);
    const zhaoState = await agentReaches(app, 'zhao', ['not_ready']);
    expect(zhaoState.reason).toBe('connection_lost');
    // the caller hears why (a prompt is played after the cut), then waits with music
    await waitFor('the prompt after the cut', async () => {
      const now = (await callWithEvent(app, a, 'agent_leg_lost')).events;
      const cutAt = now.findIndex((e) => e.type === 'agent_leg_lost');
      return now.slice(cutAt).some((e) => e.type === 'playback_finished') ? true : undefined;
    }, 15_000);

    // the next ready agent gets A (queued earlier), not B
    await scene.softphone({ user: AGENTS[1]!.extension, password: passwords[AGENTS[1]!.extension]!, answer: 'auto', port: 25306 });
    expect((await send(app, 'POST', '/api/agents/sun/login', { ready: true })).status).toBe(200);
    const again = await waitFor('A answered by sun', async () => {
      const c = await callWithEvent(app, a, 'agent_leg_lost');
      return eventsOf(c, 'leg_answered').length === 2 ? c : undefined;
    }, 30_000);
    expect(offeredTo(again)).toEqual(['zhao', 'sun']);
    expect(eventsOf(again, 'leg_answered').at(-1)!.data).toMatchObject({ agentId: 'sun' });
    const bNow = await callWithEvent(app, b, 'enqueued');
    expect(offeredTo(bNow)).toEqual([]);

    // both callers hang up; A's record: answered by sun, the cut and the re-queue in order
    const [resultA, resultB] = await Promise.all([callA.done, callB.done]);
    expect(resultA.exitCode, resultA.stderr).toBe(0);
    expect(resultB.exitCode, resultB.stderr).toBe(0);
    const recordA = await finishedCall(app, a);
    expect(recordA.outcome).toBe('answered_by_agent');
    const order = recordA.events.map((e) => e.type).filter((t) => ['leg_answered', 'agent_leg_lost', 'requeued', 'agent_offered'].includes(t));
    expect(order).toEqual(['agent_offered', 'leg_answered', 'agent_leg_lost', 'requeued', 'agent_offered', 'leg_answered']);
    const recordB = await finishedCall(app, b);
    expect(recordB.outcome).toBe('abandoned_in_queue');

    // the end-of-call audit entry: answered, no incident read into the cut (the agent did not end the service)
    const auditorToken = await app.createToken('auditor');
    const ended = await waitFor('the end-of-call audit entry', async () => {
      const r = await app.request<{ entries: Array<{ kind: string; data: Record<string, unknown> }> }>(
        'GET', `/api/audit?subject=${encodeURIComponent(`call:${callId}`)}`, { token: auditorToken });
      return r.body.entries?.find((e) => e.kind === 'call_ended');
    }, 15_000);
    expect(ended.data).toMatchObject({ outcome: 'answered_by_agent', agentId: 'sun', serviceEndedBy: 'caller_hangup', incidents: [] });

    // queue_log: A entered once, connected to zhao, ended on the agent's side, connected to sun
    const lines = queueLogLines(queueLogFile).filter((f) => f[1] === callId).map((f) => `${f[4]}:${f[3]}`);
    expect(lines.slice(0, 4)).toEqual(['ENTERQUEUE:NONE', 'CONNECT:Agent/zhao', 'COMPLETEAGENT:Agent/zhao', 'CONNECT:Agent/sun']);
  });
});
