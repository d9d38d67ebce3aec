// Skill queues under load on the real Asterisk: a caller who gives up while waiting is recorded
// as an abandon with the wait, and several callers waiting for agents with different skills are
// served by eligible agents in priority order, then in order of arrival.
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
import { createTestDatabase, startHotlineApp, waitFor, type HotlineApp } from '../support/hotline-app.js';
import { openRtpSink, type RtpSink } from '../support/rtp-sink.js';
import { placeCall, type RunningSipp } from '../support/sipp.js';
import { startSoftphone, type Softphone } from '../support/softphone.js';

let app: HotlineApp;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let passwords: Record<string, string> = {};
const phones: Softphone[] = [];
const sinks: RtpSink[] = [];
/** SIPp callers of the current test: any still running after it (a failure) are stopped. */
const sipps: RunningSipp[] = [];
const queueLogFile = join(mkdtempSync(join(tmpdir(), 'queue-log-')), 'queue_log');
// fresh extensions per run: no SIP account left in Asterisk by an earlier run can interfere
const base = 3000 + 4 * Math.floor(Math.random() * 1500);
const AGENTS: AgentDef[] = [
  // general only
  { agentId: 'zhang', name: '张伟', extension: String(base), skills: { general: 3 }, languages: ['zh'], group: 'day' },
  // the only one with the enterprise skill (and a little general)
  { agentId: 'li', name: '李娜', extension: String(base + 1), skills: { general: 1, enterprise: 3 }, languages: ['zh'], group: 'day' },
  // general only
  { agentId: 'wang', name: '王芳', extension: String(base + 2), skills: { general: 4 }, languages: ['zh'], group: 'day' },
];
const extensionOf = (agentId: string) => AGENTS.find((a) => a.agentId === agentId)!.extension;

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startHotlineApp({ databaseUrl: db.url, env: { AGENT_WRAP_UP_SECONDS: '1', QUEUE_LOG_FILE: queueLogFile } });
  await app.waitReady();
  passwords = await createAgents(app, AGENTS);
});

afterEach(async ({ task }) => {
  if (task.result?.state === 'fail') {
    const file = join(tmpdir(), `skill-queues-load-app-${Date.now()}.log`);
    writeFileSync(file, app.output());
    console.error(`app output: ${file}`);
  }
  for (const a of AGENTS) await send(app, 'POST', `/api/agents/${a.agentId}/logout`);
  for (const c of sipps.splice(0)) if (c.process.exitCode === null) c.kill();
  await Promise.all(phones.splice(0).map((p) => p.stop()));
  await Promise.all(sinks.splice(0).map((s) => s.close()));
});

afterAll(async () => {
  await app?.stop();
  await db?.drop();
});

/** A caller who stays until the hotline hangs up (here: when the agent hangs up). */
async function callerStaying(dial: string, caller: string): Promise<RunningSipp> {
  const sink = await openRtpSink();
  sinks.push(sink);
  const run = placeCall({ dial, caller, rtpPort: sink.port, steps: [], end: { awaitByeMs: 100_000 } }, 120_000);
  sipps.push(run);
  return run;
}

const appLog = () =>
  app
    .output()
    .split('\n')
    .filter((l) => /acd|agents|error|warn|not handled/i.test(l))
    .slice(-40)
    .join('\n');

describe('skill queues with several callers', () => {
  it('a caller who hangs up while waiting is recorded as an abandon with the wait time', async () => {
    // nobody is ready: the caller waits, then gives up
    const caller = '13700000011';
    const sink = await openRtpSink();
    sinks.push(sink);
    const call = placeCall({ dial: '12345', caller, rtpPort: sink.port, steps: [{ wait: 16_000 }], end: 'bye' });
    const queued = await callWithEvent(app, caller, 'enqueued');
    const seenQueuedAt = Date.now();
    const live = await send(app, 'GET', '/api/stats/live');
    expect((live.body.queues as Array<{ queueId: string; waiting: number }>).find((q) => q.queueId === 'general')?.waiting).toBe(1);
    const result = await call.done;
    const hungUpAt = Date.now();
    expect(result.exitCode, result.stderr).toBe(0);
    expect(queued.events.some((e) => e.type === 'agent_offered')).toBe(false);

    const record = await finishedCall(app, caller);
    expect(record.outcome).toBe('abandoned_in_queue');
    const abandoned = eventsOf(record, 'abandoned')[0];
    expect(abandoned?.data).toMatchObject({ queueId: 'general' });
    const waitedMs = abandoned!.data.waitedMs as number;
    // the wait as the test saw it: from the caller showing up in the queue to the caller's BYE
    const seenWaitMs = hungUpAt - seenQueuedAt;
    expect(Math.abs(waitedMs - seenWaitMs), `waitedMs ${waitedMs}, seen ${seenWaitMs}`).toBeLessThan(1_500);
    // and exactly the time between joining the queue and hanging up in the timeline
    const enqueuedAt = atMs(eventsOf(record, 'enqueued')[0]);
    const hangupAt = atMs(record.events.find((e) => e.type === 'hangup' && e.leg === 'caller'));
    expect(Math.abs(waitedMs - (hangupAt - enqueuedAt))).toBeLessThan(500);

    // queue_log: ENTERQUEUE, then ABANDON|position|original position|wait seconds
    const lines = queueLogLines(queueLogFile).filter((f) => f[1] === record.callId);
    expect(lines.map((f) => f[4])).toEqual(['ENTERQUEUE', 'ABANDON']);
    const abandon = lines[1]!;
    expect(abandon.slice(2, 4)).toEqual(['general', 'NONE']);
    expect(abandon.slice(5, 7)).toEqual(['1', '1']);
    expect(Math.abs(Number(abandon[7]) - waitedMs / 1000)).toBeLessThanOrEqual(1);

    // live stats: the only queued call of this hotline so far, abandoned
    const stats = await send(app, 'GET', '/api/stats/live');
    expect(stats.body.window).toMatchObject({ calls: 1, abandoned: 1, answeredByAgent: 0, abandonRate: 1 });
    expect((stats.body.queues as Array<{ queueId: string; waiting: number }>).find((q) => q.queueId === 'general')?.waiting).toBe(0);
  });

  it('five callers and three agents with different skills: eligible agents, priority order, then arrival order', async () => {
    const A = '13700000021'; // ordinary caller, first to arrive
    const B = '13700000022'; // on the general queue's list of priority numbers
    const C = '13700000023'; // on the enterprise line: needs the enterprise skill
    const D = '13700000024'; // called already today: a repeat caller
    const E = '13700000025'; // ordinary caller, last to arrive

    // the admin lists B as a priority number of the general queue
    const general = (await send(app, 'GET', '/api/queues/general')).body as { priority: Record<string, unknown> } & Record<string, unknown>;
    const updated = await send(app, 'PUT', '/api/queues/general', {
      ...general,
      priority: { ...general.priority, listedNumbers: { numbers: [B], boost: 50 } },
    });
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    // D's earlier call: hangs up during the greeting
    const sink = await openRtpSink();
    sinks.push(sink);
    expect((await placeCall({ dial: '12345', caller: D, rtpPort: sink.port, steps: [{ wait: 1_000 }], end: 'bye' }).done).exitCode).toBe(0);
    await finishedCall(app, D);
    await new Promise((r) => setTimeout(r, 2_500)); // the app re-reads queues every 2 s

    for (const a of AGENTS) {
      phones.push(await startSoftphone({ user: a.extension, password: passwords[a.extension]!, answer: 'auto', port: 25301 + 5 * AGENTS.indexOf(a) }));
    }
    // all five wait while nobody is ready, arriving in the order A B C D E (the same greeting
    // first for all, so they join the queues in the order they called)
    const callers: RunningSipp[] = [];
    for (const [number, dial] of [[A, '12345'], [B, '12345'], [C, '123451'], [D, '12345'], [E, '12345']] as const) {
      callers.push(await callerStaying(dial, number));
      await new Promise((r) => setTimeout(r, 1_000));
    }
    const enqueued: Record<string, CallView> = {};
    for (const n of [A, B, C, D, E]) enqueued[n] = await callWithEvent(app, n, 'enqueued', 30_000);
    const joinedAt = [A, B, C, D, E].map((n) => atMs(eventsOf(enqueued[n]!, 'enqueued')[0]));
    expect(joinedAt).toEqual([...joinedAt].sort((x, y) => x - y));

    // agents become ready one after another; each takes the best waiting caller it can serve
    const serve = async (agentId: string) => {
      expect((await send(app, 'POST', `/api/agents/${agentId}/login`, { ready: true })).status).toBe(200);
      return agentReaches(app, agentId, ['on_call'], 20_000).catch((err: Error) => {
        throw new Error(`${err.message}\n${appLog()}`);
      });
    };
    const serveNext = (agentId: string, previousCallId: string) =>
      waitFor(`${agentId} on a next call`, async () => {
        const s = await agentStatus(app, agentId);
        return s.status === 'on_call' && s.callId !== previousCallId ? s : undefined;
      }, 20_000).catch((err: Error) => {
        throw new Error(`${err.message}\n${appLog()}`);
      });
    const zhangFirst = await serve('zhang'); // B: listed number (50) before C (40, but not zhang's skill), D (20), A, E
    const liFirst = await serve('li'); // C: enterprise line (40), li has the skill
    const wangFirst = await serve('wang'); // D: repeat caller (20) before A and E (0)
    // an agent leaves the call from the desktop (the caller may still be asked to rate the service)
    const hangUp = async (agentId: string, callId: string) => {
      expect((await send(app, 'POST', `/api/agents/${agentId}/hangup`)).status).toBe(200);
      await agentLeaves(app, agentId, callId);
    };
    // zhang leaves B; after wrap-up zhang takes A, who arrived before E
    await hangUp('zhang', zhangFirst.callId!);
    const zhangSecond = await serveNext('zhang', zhangFirst.callId!);
    // li leaves C and takes E, the last one waiting
    await hangUp('li', liFirst.callId!);
    const liSecond = await serveNext('li', liFirst.callId!);
    await Promise.all([hangUp('wang', wangFirst.callId!), hangUp('zhang', zhangSecond.callId!), hangUp('li', liSecond.callId!)]);
    for (const c of callers) expect((await c.done).exitCode).toBe(0);

    const records: Record<string, CallView> = {};
    for (const n of [A, B, C, D, E]) records[n] = await finishedCall(app, n, 40_000);
    expect([A, B, C, D, E].map((n) => records[n]!.outcome)).toEqual(Array(5).fill('answered_by_agent'));
    // why each caller went ahead, as their timelines say
    const reasonsOf = (n: string) =>
      eventsOf(records[n]!, 'enqueued').flatMap((e) => ((e.data.reasons as Array<{ code: string }> | undefined) ?? []).map((r) => r.code));
    expect([A, B, C, D, E].map(reasonsOf)).toEqual([[], ['listed_number'], ['enterprise_line'], ['repeat_caller'], []]);
    expect([B, C, D, A, E].map((n) => offeredTo(records[n]!))).toEqual([['zhang'], ['li'], ['wang'], ['zhang'], ['li']]);
    expect([zhangFirst, liFirst, wangFirst, zhangSecond, liSecond].map((s) => s.callId)).toEqual([B, C, D, A, E].map((n) => records[n]!.callId));
    // C was met by li's enterprise skill in its own queue, the others in the general queue
    expect(eventsOf(records[C]!, 'agent_offered')[0]?.data).toMatchObject({ viaQueueId: 'enterprise', extension: extensionOf('li') });
    for (const n of [A, B, D, E]) expect(eventsOf(records[n]!, 'agent_offered')[0]?.data).toMatchObject({ viaQueueId: 'general' });
    // the agents answered in the order B C D A E
    const answeredAt = [B, C, D, A, E].map((n) => atMs(records[n]!.events.find((e) => e.type === 'leg_answered' && e.leg === 'agent')));
    expect(answeredAt).toEqual([...answeredAt].sort((x, y) => x - y));
    expect(new Set(answeredAt).size).toBe(5);

    // queue_log: the CONNECT lines in the same order, with the agent that took each call
    const byCall = new Map([A, B, C, D, E].map((n) => [records[n]!.callId, n]));
    const connects = queueLogLines(queueLogFile).filter((f) => f[4] === 'CONNECT' && byCall.has(f[1]!));
    expect(connects.map((f) => [byCall.get(f[1]!), f[2], f[3]])).toEqual([
      [B, 'general', 'Agent/zhang'],
      [C, 'enterprise', 'Agent/li'],
      [D, 'general', 'Agent/wang'],
      [A, 'general', 'Agent/zhang'],
      [E, 'general', 'Agent/li'],
    ]);
  });
});
