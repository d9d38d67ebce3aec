// Callers and agents on real SIP phones through the app's skill queues on the real Asterisk:
// agents are created over the API (their SIP accounts pushed into Asterisk), register baresip
// softphones, log in, and take the calls the ACD gives them.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, startHotlineApp, waitFor, type HotlineApp } from '../support/hotline-app.js';
import { openRtpSink } from '../support/rtp-sink.js';
import { placeCall, standInEmergencyService } from '../support/sipp.js';
import { startSoftphone, type Softphone } from '../support/softphone.js';

interface CallView {
  callId: string;
  outcome: string;
  firstHangupSide: string | null;
  endedAt: string | null;
  events: Array<{ type: string; leg: string; at: string; data: Record<string, unknown> }>;
}

let app: HotlineApp;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
const passwords: Record<string, string> = {};
const phones: Softphone[] = [];
const queueLogFile = join(mkdtempSync(join(tmpdir(), 'queue-log-')), 'queue_log');
/** queue_log lines of one call (or of NONE for agent events), split into fields. */
const queueLogOf = (callId: string) =>
  readFileSync(queueLogFile, 'utf8').split('\n').filter(Boolean).map((l) => l.split('|')).filter((f) => f[1] === callId);
// fresh extensions per run: no SIP account left in Asterisk by an earlier run can interfere
const base = 3000 + 2 * Math.floor(Math.random() * 3000);
const EXT_ZHANG = String(base);
const EXT_LI = String(base + 1);

/** A JSON request with the stack's admin token. */
const send = (method: string, path: string, body?: unknown) => app.request(method, path, body === undefined ? {} : { body });

beforeAll(async () => {
  db = await createTestDatabase();
  // the agent's actions follow the answer at once: the caller is bridged at the agent's answer
  // (overlap 'cut'); the default, bridging at the greeting's end, is time-to-agent.test.ts's
  app = await startHotlineApp({ databaseUrl: db.url, env: { AGENT_WRAP_UP_SECONDS: '1', QUEUE_LOG_FILE: queueLogFile, GREETING_AGENT_OVERLAP: 'cut' } });
  await app.waitReady();
  for (const agent of [
    { agentId: 'zhang', name: '张伟', extension: EXT_ZHANG, skills: { general: 3 }, languages: ['zh'], group: 'day' },
    { agentId: 'li', name: '李娜', extension: EXT_LI, skills: { general: 1, enterprise: 3 }, languages: ['zh'], group: 'day' },
  ]) {
    const created = await send('POST', '/api/agents', agent);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    passwords[agent.extension] = (created.body.sip as { password: string }).password;
  }
});

afterEach(async () => {
  for (const id of ['zhang', 'li']) await send('POST', `/api/agents/${id}/logout`);
  await Promise.all(phones.splice(0).map((p) => p.stop()));
});

afterAll(async () => {
  await app?.stop();
  await db?.drop();
});

async function finishedCall(number: string): Promise<CallView> {
  return waitFor(`the call from ${number}`, async () => {
    const list = await app.get<{ calls: Array<{ callId: string; endedAt: string | null }> }>(`/api/calls?number=${number}`);
    const call = list.body.calls[0];
    if (!call?.endedAt) return undefined;
    return (await app.get<CallView>(`/api/calls/${call.callId}`)).body;
  }, 15_000);
}

const offeredTo = (call: CallView) => call.events.filter((e) => e.type === 'agent_offered').map((e) => e.data.agentId);

describe('skill queues with agents on softphones', () => {
  it('a caller to 12345 reaches the ready agent with the skill and hears the agent', async () => {
    phones.push(await startSoftphone({ user: EXT_ZHANG, password: passwords[EXT_ZHANG]!, answer: 'auto', port: 25201 }));
    expect((await send('POST', '/api/agents/zhang/login', { ready: true })).status).toBe(200);

    const sink = await openRtpSink();
    const started = Date.now();
    const caller = '13600000001';
    const result = await placeCall({ dial: '12345', caller, rtpPort: sink.port, steps: [{ wait: 22_000 }], end: 'bye' }).done;
    await sink.close();
    expect(result.exitCode, result.stderr).toBe(0);

    const call = await finishedCall(caller);
    expect(call.outcome, `${app.output().split('\n').filter((l) => /acd|agents|error|warn|effect|not handled|agent1|phase|not routed/i.test(l)).slice(-40).join('\n')}\n${phones[0]?.output().slice(-3000)}`).toBe('answered_by_agent');
    expect(offeredTo(call)).toEqual(['zhang']);
    const types = call.events.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['enqueued', 'agent_offered', 'leg_answered', 'recording_started']));
    expect(call.events.filter((e) => e.type === 'bridge_entered').map((e) => e.leg)).toEqual(expect.arrayContaining(['caller', 'agent']));
    // the agent's voice (its phone's 1 kHz tone) reaches the caller at the end of the call
    const elapsed = Date.now() - started;
    expect(sink.loudMs(elapsed - 6_000, elapsed - 1_000)).toBeGreaterThan(3_000);
    // the agent is in wrap-up or back to ready after the caller hung up
    const state = await send('GET', '/api/agents/zhang/state');
    expect(['wrap_up', 'ready']).toContain((state.body.state as { status: string }).status);
    // queue_log lines a QueueMetrics-style tool reads: epoch|callid|queue|agent|event|data...
    const lines = queueLogOf(call.callId);
    expect(lines.map((f) => f[4])).toEqual(['ENTERQUEUE', 'CONNECT', 'COMPLETECALLER']);
    expect(lines[1]?.slice(2, 4)).toEqual(['general', 'Agent/zhang']);
    expect(queueLogOf('NONE').some((f) => f[3] === 'Agent/zhang' && f[4] === 'AGENTLOGIN')).toBe(true);
  });

  it('ring-no-answer: the call goes to the next agent, the first one becomes not ready (missed call)', async () => {
    phones.push(await startSoftphone({ user: EXT_ZHANG, password: passwords[EXT_ZHANG]!, answer: 'never', port: 25211 }));
    phones.push(await startSoftphone({ user: EXT_LI, password: passwords[EXT_LI]!, answer: 'auto', port: 25216 }));
    // zhang becomes ready first: the longest idle agent is offered first
    expect((await send('POST', '/api/agents/zhang/login', { ready: true })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect((await send('POST', '/api/agents/li/login', { ready: true })).status).toBe(200);

    const sink = await openRtpSink();
    const caller = '13600000002';
    const result = await placeCall({ dial: '12345', caller, rtpPort: sink.port, steps: [{ wait: 36_000 }], end: 'bye' }).done;
    await sink.close();
    expect(result.exitCode, result.stderr).toBe(0);

    const call = await finishedCall(caller);
    expect(offeredTo(call)).toEqual(['zhang', 'li']);
    expect(call.outcome).toBe('answered_by_agent');
    const types = call.events.map((e) => e.type);
    expect(types.indexOf('agent_no_answer')).toBeLessThan(types.lastIndexOf('agent_offered'));
    expect(call.events.find((e) => e.type === 'requeued')?.data).toMatchObject({ queueId: 'general' });
    const zhang = await send('GET', '/api/agents/zhang/state');
    expect(zhang.body.state).toMatchObject({ status: 'not_ready', reason: 'missed_call' });
    const lines = queueLogOf(call.callId).map((f) => `${f[3]} ${f[4]}`);
    expect(lines).toEqual(['NONE ENTERQUEUE', 'Agent/zhang RINGNOANSWER', 'Agent/li CONNECT', 'Agent/li COMPLETECALLER']);
  });

  it('the enterprise line goes to the agent with the enterprise skill, not the longest idle one', async () => {
    phones.push(await startSoftphone({ user: EXT_ZHANG, password: passwords[EXT_ZHANG]!, answer: 'auto', port: 25221 }));
    phones.push(await startSoftphone({ user: EXT_LI, password: passwords[EXT_LI]!, answer: 'auto', port: 25226 }));
    expect((await send('POST', '/api/agents/zhang/login', { ready: true })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect((await send('POST', '/api/agents/li/login', { ready: true })).status).toBe(200);

    const sink = await openRtpSink();
    const caller = '13600000003';
    const result = await placeCall({ dial: '123451', caller, rtpPort: sink.port, steps: [{ wait: 18_000 }], end: 'bye' }).done;
    await sink.close();
    expect(result.exitCode, result.stderr).toBe(0);
    const call = await finishedCall(caller);
    expect(call.events.find((e) => e.type === 'enqueued')?.data).toMatchObject({ queueId: 'enterprise' });
    expect(offeredTo(call)).toEqual(['li']);
    expect(call.outcome).toBe('answered_by_agent');

    const stats = await send('GET', '/api/stats/live');
    expect(stats.status).toBe(200);
    expect((stats.body.window as { answeredByAgent: number }).answeredByAgent).toBeGreaterThanOrEqual(1);
  });

  it('an agent whose softphone is not registered is never offered a call', async () => {
    // zhang is ready first (longest idle) but has no phone registered; li's phone is up
    expect((await send('POST', '/api/agents/zhang/login', { ready: true })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    phones.push(await startSoftphone({ user: EXT_LI, password: passwords[EXT_LI]!, answer: 'auto', port: 25231 }));
    expect((await send('POST', '/api/agents/li/login', { ready: true })).status).toBe(200);

    const sink = await openRtpSink();
    const caller = '13600000004';
    const result = await placeCall({ dial: '12345', caller, rtpPort: sink.port, steps: [{ wait: 18_000 }], end: 'bye' }).done;
    await sink.close();
    expect(result.exitCode, result.stderr).toBe(0);
    const call = await finishedCall(caller);
    expect(offeredTo(call)).toEqual(['li']);
    expect(call.outcome).toBe('answered_by_agent');
  });

  it('feature code *21 from the softphone makes the agent ready, *22 not ready', async () => {
    expect((await send('GET', '/api/agents/li/state')).body.state).toMatchObject({ status: 'offline' });
    phones.push(await startSoftphone({ user: EXT_LI, password: passwords[EXT_LI]!, answer: 'auto', port: 25241, dial: '*21' }));
    const ready = await waitFor('li ready by *21', async () => {
      const s = (await send('GET', '/api/agents/li/state')).body.state as { status: string };
      return s.status === 'ready' ? s : undefined;
    }, 10_000);
    expect(ready.status).toBe('ready');
    await Promise.all(phones.splice(0).map((p) => p.stop()));

    phones.push(await startSoftphone({ user: EXT_LI, password: passwords[EXT_LI]!, answer: 'auto', port: 25251, dial: '*22' }));
    const notReady = await waitFor('li not ready by *22', async () => {
      const s = (await send('GET', '/api/agents/li/state')).body.state as { status: string };
      return s.status === 'not_ready' ? s : undefined;
    }, 10_000);
    expect(notReady).toMatchObject({ status: 'not_ready', reason: 'break' });
  });

  it('the agent adds 110 as a three-way call and leaves; the caller stays connected to 110', async () => {
    phones.push(await startSoftphone({ user: EXT_LI, password: passwords[EXT_LI]!, answer: 'auto', port: 25261 }));
    expect((await send('POST', '/api/agents/li/login', { ready: true })).status).toBe(200);
    const police = standInEmergencyService(5110);
    const sink = await openRtpSink();
    const started = Date.now();
    const caller = '13600000005';
    const call = placeCall({ dial: '12345', caller, rtpPort: sink.port, steps: [{ wait: 36_000 }], end: 'bye' });

    await waitFor('li on the call', async () => {
      const s = (await send('GET', '/api/agents/li/state')).body.state as { status: string };
      return s.status === 'on_call' ? s : undefined;
    }, 25_000);
    expect((await send('POST', '/api/agents/li/emergency', { number: '112' })).status).toBe(400);
    const asked = await send('POST', '/api/agents/li/emergency', { number: '110' });
    expect(asked.status, JSON.stringify(asked.body)).toBe(202);
    const callId = (asked.body as { callId: string }).callId;
    await waitFor('110 joined the call', async () => {
      const c = (await app.get<CallView>(`/api/calls/${callId}`)).body;
      return c.events.some((e) => e.type === 'leg_answered' && e.leg === 'emergency') ? c : undefined;
    }, 10_000).catch(async (err: Error) => {
      const c = (await app.get<CallView>(`/api/calls/${callId}`)).body;
      throw new Error(`${err.message}\n${c.events.map((e) => `${e.type}/${e.leg} ${JSON.stringify(e.data)}`).join('\n')}`);
    });
    const leftAt = Date.now() - started;
    expect((await send('POST', '/api/agents/li/hangup')).status).toBe(200);
    // once li is off the call a further emergency request is refused
    await waitFor('li off the call', async () => {
      const s = (await send('GET', '/api/agents/li/state')).body.state as { status: string };
      return s.status !== 'on_call' ? s : undefined;
    }, 5_000);
    expect((await send('POST', '/api/agents/li/emergency', { number: '110' })).status).toBe(409);

    const result = await call.done;
    await sink.close();
    expect(result.exitCode, result.stderr).toBe(0);
    const emergency = await police.done;
    expect(emergency.messages).toMatch(new RegExp(`From:[^\\n]*sip:${caller}@`));

    const record = await finishedCall(caller);
    expect(record.outcome).toBe('emergency_handover');
    expect(record.events.some((e) => e.type === 'hangup' && e.leg === 'agent' && e.data.leftThreeWay === true)).toBe(true);
    expect(record.events.filter((e) => e.type === 'bridge_entered').map((e) => e.leg)).toEqual(expect.arrayContaining(['caller', 'agent', 'emergency']));
    // after the agent left, the caller still hears the 110 side (its tone) until the end
    expect(sink.loudMs(leftAt + 2_000, leftAt + 10_000)).toBeGreaterThan(5_000);
    expect(record.firstHangupSide).toBe('caller');
  });

  it('overflow: an enterprise caller with no enterprise agent goes to a general agent after the threshold', async () => {
    // the admin shortens the overflow threshold of the enterprise queue through the API
    const queue = (await send('GET', '/api/queues/enterprise')).body as Record<string, unknown>;
    const updated = await send('PUT', '/api/queues/enterprise', {
      ...queue,
      relaxations: [{ afterSeconds: 4, overflowToQueue: 'general' }],
    });
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    phones.push(await startSoftphone({ user: EXT_ZHANG, password: passwords[EXT_ZHANG]!, answer: 'auto', port: 25271 }));
    expect((await send('POST', '/api/agents/zhang/login', { ready: true })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 2_500)); // the app re-reads queues every 2 s

    const sink = await openRtpSink();
    const caller = '13600000006';
    const result = await placeCall({ dial: '123451', caller, rtpPort: sink.port, steps: [{ wait: 24_000 }], end: 'bye' }).done;
    await sink.close();
    expect(result.exitCode, result.stderr).toBe(0);
    const call = await finishedCall(caller);
    expect(call.outcome).toBe('answered_by_agent');
    const enqueued = call.events.find((e) => e.type === 'enqueued');
    const offered = call.events.find((e) => e.type === 'agent_offered');
    expect(enqueued?.data).toMatchObject({ queueId: 'enterprise' });
    expect(offered?.data).toMatchObject({ agentId: 'zhang', viaQueueId: 'general' });
    // not before the threshold: zhang (general only) could not take it at once
    const waited = Date.parse(offered!.at) - Date.parse(enqueued!.at);
    expect(waited).toBeGreaterThanOrEqual(3_500);
  });
});
