// End of service on the real Asterisk, replaying seed 002 (an agent who did not hang up and
// mocked the caller on the open line): the agent's softphone sends a continuous 1 kHz tone as
// its voice, the caller's phone keeps what it hears. After the agent ends the service the caller
// hears the rating question and no trace of the tone; the timeline shows the agent kept talking;
// the incident is flagged and the audit chain verifies. Also: the caller hanging up first, and
// the rating's keys (valid, invalid, none).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, startHotlineApp, waitFor, type HotlineApp } from '../support/hotline-app.js';
import { openRtpSink } from '../support/rtp-sink.js';
import { placeCall, type CallerStep } from '../support/sipp.js';
import { startSoftphone, type Softphone } from '../support/softphone.js';

interface CallView {
  callId: string;
  outcome: string;
  firstHangupSide: string | null;
  endedAt: string | null;
  serviceEndedAt: string | null;
  serviceEndedBy: string | null;
  rating: string | null;
  agentId: string | null;
  events: Array<{ type: string; leg: string; at: string; data: Record<string, unknown> }>;
}

let app: HotlineApp;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let agentToken = '';
let auditorToken = '';
let password = '';
const phones: Softphone[] = [];
const EXT = String(6000 + 2 * Math.floor(Math.random() * 1500));

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startHotlineApp({
    databaseUrl: db.url,
    // the test acts right after the agent's answer: the caller is bridged at the answer (overlap
    // 'cut'); the default, bridging at the greeting's end, is time-to-agent.test.ts's
    env: { AGENT_WRAP_UP_SECONDS: '1', AGENT_LEG_RELEASE_SECONDS: '8', RATING_KEY_TIMEOUT_MS: '2500', CALL_REVIEW_DELAY_MS: '1000', QUEUE_LOG_FILE: 'off', GREETING_AGENT_OVERLAP: 'cut' },
  });
  await app.waitReady();
  const created = await app.request('POST', '/api/agents', {
    body: { agentId: 'wang', name: '王芳', extension: EXT, skills: { general: 3 }, languages: ['zh'], group: 'day' },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  password = (created.body.sip as { password: string }).password;
  agentToken = await app.createToken('agent', { agentId: 'wang' });
  auditorToken = await app.createToken('auditor');
});

afterEach(async () => {
  // the agent's side of a call that just ended may still be on its way to wrap-up
  await waitFor('the agent off the call', async () => {
    const s = await app.request<{ state: { status: string } }>('GET', '/api/agents/wang/state', { token: agentToken });
    return ['on_call', 'ringing'].includes(s.body.state?.status) ? undefined : true;
  }, 15_000);
  expect((await app.request('POST', '/api/agents/wang/logout')).status).toBe(200);
  await Promise.all(phones.splice(0).map((p) => p.stop()));
});

afterAll(async () => {
  await app?.stop();
  await db?.drop();
});

async function agentOnCall(): Promise<void> {
  phones.push(await startSoftphone({ user: EXT, password, answer: 'auto', port: 25301 + phones.length }));
  expect((await app.request('POST', '/api/agents/wang/login', { body: { ready: true }, token: agentToken })).status).toBe(200);
}

async function finishedCall(number: string, timeoutMs = 30_000): Promise<CallView> {
  return waitFor(`the call from ${number}`, async () => {
    const list = await app.get<{ calls: Array<{ callId: string; endedAt: string | null }> }>(`/api/calls?number=${number}`);
    const call = list.body.calls[0];
    if (!call?.endedAt) return undefined;
    return (await app.get<CallView>(`/api/calls/${call.callId}`)).body;
  }, timeoutMs);
}

const waitOnCall = () =>
  waitFor('the agent on the call', async () => {
    const s = await app.request<{ state: { status: string } }>('GET', '/api/agents/wang/state', { token: agentToken });
    return s.body.state?.status === 'on_call' ? true : undefined;
  }, 40_000);

const timeOf = (call: CallView, type: string, leg?: string) =>
  Date.parse(call.events.find((e) => e.type === type && (!leg || e.leg === leg))?.at ?? 'x');

function call(caller: string, steps: CallerStep[], rtpPort: number, awaitByeMs = 30_000) {
  return placeCall({ dial: '12345', caller, rtpPort, steps, end: { awaitByeMs } });
}

describe('end of service (seed 002 replayed)', () => {
  it('the agent ends the service and keeps "talking": the caller hears the rating question and none of it; the incident is flagged', async () => {
    await agentOnCall();
    const sink = await openRtpSink();
    const opened = Date.now();
    const caller = '13700000021';
    // the caller stays on the line; presses 1 (satisfied) once the rating question plays
    const running = call(caller, [{ wait: 25_500 }, { dtmf: '1' }], sink.port);
    await waitOnCall();
    await new Promise((r) => setTimeout(r, 5_000)); // a conversation: the caller hears the agent
    const audio = await app.request<{ callerCanHear: boolean }>('GET', '/api/agents/wang/audio', { token: agentToken });
    expect(audio.body.callerCanHear).toBe(true);

    const endSentMs = Date.now() - opened;
    const ended = await app.request<{ callId: string }>('POST', '/api/agents/wang/end-service', { token: agentToken });
    expect(ended.status, JSON.stringify(ended.body)).toBe(200);
    const after = await app.request<{ callerCanHear: boolean }>('GET', '/api/agents/wang/audio', { token: agentToken });
    expect(after.body.callerCanHear).toBe(false);
    const state = await app.request<{ state: { status: string } }>('GET', '/api/agents/wang/state', { token: agentToken });
    expect(['wrap_up', 'ready']).toContain(state.body.state.status);

    const result = await running.done;
    const callEndMs = Date.now() - opened;
    await sink.close();
    expect(result.exitCode, result.stderr).toBe(0);

    // what the caller heard: the agent's tone before the end, then the rating prompts and no tone
    expect(sink.toneMs(endSentMs - 4_000, endSentMs)).toBeGreaterThan(3_000);
    expect(sink.toneMs(endSentMs + 300, callEndMs)).toBe(0);
    expect(sink.loudMs(endSentMs + 300, callEndMs)).toBeGreaterThan(2_000);

    const { callId } = await finishedCall(caller);
    const incidents = await waitFor('the incident', async () => {
      const r = await app.request<{ incidents: Array<{ kind: string; severity: string; evidence: Record<string, unknown> }> }>(
        'GET', `/api/incidents?callId=${callId}`, { token: auditorToken });
      return r.body.incidents?.some((i) => i.kind === 'agent_speech_after_end_of_service') ? r.body.incidents : undefined;
    }, 20_000);
    const view = (await app.get<CallView>(`/api/calls/${callId}`)).body;
    expect(view.serviceEndedBy).toBe('agent_api');
    expect(view.rating).toBe('satisfied');
    expect(view.agentId).toBe('wang');
    // the caller left the agent's bridge within 300 ms of the end of service
    const leftBridge = view.events.find((e) => e.type === 'bridge_left' && e.leg === 'caller' && String(e.data.bridgeId).endsWith('-agentbridge'));
    expect(leftBridge).toBeDefined();
    expect(Date.parse(leftBridge!.at) - Date.parse(view.serviceEndedAt!)).toBeLessThan(300);
    // the timeline: the agent was talking across the end of service and the caller rated
    const types = view.events.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['service_ended', 'rating_asked', 'rated', 'talk_started']));
    const agentTalkFrom = timeOf(view, 'talk_started', 'agent');
    const agentTalkStop = view.events.find((e) => e.type === 'talk_stopped' && e.leg === 'agent');
    expect(agentTalkFrom).toBeLessThan(Date.parse(view.serviceEndedAt!));
    if (agentTalkStop) expect(Date.parse(agentTalkStop.at)).toBeGreaterThan(Date.parse(view.serviceEndedAt!));
    // the agent's leg stayed up after the end (the agent did not hang up) and was released
    expect(types).toContain('agent_leg_released');

    const speech = incidents.find((i) => i.kind === 'agent_speech_after_end_of_service')!;
    // the caller was out of the agent's bridge: flagged, but the caller could not hear it
    expect(speech.severity).toBe('high');
    expect(speech.evidence.callerCouldHearMs).toBe(0);

    // the review stores the incident, then appends call_ended and the incident to the chain: wait for the last
    const audit = await waitFor('the incident in the audit log', async () => {
      const r = await app.request<{ entries: Array<{ kind: string; data: Record<string, unknown> }> }>(
        'GET', `/api/audit?subject=${encodeURIComponent(`call:${view.callId}`)}`, { token: auditorToken });
      return r.status !== 200 || r.body.entries.some((e) => e.kind === 'incident') ? r : undefined;
    }, 10_000);
    expect(audit.status, JSON.stringify(audit.body)).toBe(200);
    const ended2 = audit.body.entries.find((e) => e.kind === 'call_ended');
    expect(ended2?.data).toMatchObject({ serviceEndedBy: 'agent_api', rating: 'satisfied' });
    expect(ended2?.data.callerInAgentBridgeAfterEndMs).toBeLessThan(300);
    expect(audit.body.entries.some((e) => e.kind === 'incident')).toBe(true);
    const verify = await app.request<{ ok: boolean }>('GET', '/api/audit/verify', { token: auditorToken });
    expect(verify.body.ok).toBe(true);
  });

  it('the caller hangs up first: the agent leg is released at once and the timeline says so', async () => {
    await agentOnCall();
    const sink = await openRtpSink();
    const caller = '13700000022';
    const running = placeCall({ dial: '12345', caller, rtpPort: sink.port, steps: [{ wait: 26_000 }], end: 'bye' });
    await waitOnCall();
    expect((await running.done).exitCode).toBe(0);
    await sink.close();
    const view = await finishedCall(caller);
    expect(view.firstHangupSide).toBe('caller');
    expect(view.serviceEndedBy).toBe('caller_hangup');
    const callerGone = timeOf(view, 'hangup', 'caller');
    const agentGone = await waitFor('the agent leg hang-up', async () => {
      const v = (await app.get<CallView>(`/api/calls/${view.callId}`)).body;
      const t = v.events.find((e) => e.type === 'hangup' && e.leg === 'agent');
      return t ? Date.parse(t.at) : undefined;
    });
    expect(agentGone - callerGone).toBeLessThan(1_000);
    expect(view.events.some((e) => e.type === 'rating_asked')).toBe(false);
    const incidents = await app.request<{ incidents: unknown[] }>('GET', `/api/incidents?callId=${view.callId}`, { token: auditorToken });
    expect(incidents.body.incidents).toEqual([]);
  });
});

describe('hold', () => {
  it('on hold the caller hears music and never the agent; taken back, the caller hears the agent again', async () => {
    await agentOnCall();
    const sink = await openRtpSink();
    const opened = Date.now();
    const caller = '13700000025';
    const running = placeCall({ dial: '12345', caller, rtpPort: sink.port, steps: [{ wait: 34_000 }], end: 'bye' });
    await waitOnCall();
    await new Promise((r) => setTimeout(r, 3_000));
    const holdFrom = Date.now() - opened;
    expect((await app.request('POST', '/api/agents/wang/hold', { token: agentToken })).status).toBe(200);
    const held = await app.request<{ callerCanHear: boolean; onHold: boolean }>('GET', '/api/agents/wang/state', { token: agentToken });
    expect(held.body).toMatchObject({ callerCanHear: false, onHold: true });
    await new Promise((r) => setTimeout(r, 5_000));
    const holdTo = Date.now() - opened;
    expect((await app.request('POST', '/api/agents/wang/unhold', { token: agentToken })).status).toBe(200);
    const back = await app.request<{ callerCanHear: boolean }>('GET', '/api/agents/wang/state', { token: agentToken });
    expect(back.body.callerCanHear).toBe(true);
    await new Promise((r) => setTimeout(r, 4_000));
    const backTo = Date.now() - opened;
    expect((await running.done).exitCode).toBe(0);
    await sink.close();

    expect(sink.toneMs(holdFrom - 2_500, holdFrom)).toBeGreaterThan(2_000);
    expect(sink.toneMs(holdFrom + 300, holdTo)).toBe(0);
    expect(sink.loudMs(holdFrom + 300, holdTo)).toBeGreaterThan(2_000); // the music on hold
    expect(sink.toneMs(holdTo + 500, backTo)).toBeGreaterThan(2_500);
    const view = await finishedCall(caller);
    expect(view.events.map((e) => e.type)).toEqual(expect.arrayContaining(['hold_started', 'hold_ended']));
  });
});

describe('per-call rating keys', () => {
  it('an invalid key is asked again, then a valid key is stored (the agent hung up to end the service)', async () => {
    await agentOnCall();
    const sink = await openRtpSink();
    const caller = '13700000023';
    // the agent takes the call at the end of the short greeting (~3.5 s) and hangs up ~2 s later:
    // 7 comes during the first question (~6-16 s), 2 during the second one (~11-24 s)
    const running = call(caller, [{ wait: 11_000 }, { dtmf: '7' }, { wait: 5_000 }, { dtmf: '2' }], sink.port);
    await waitOnCall();
    await new Promise((r) => setTimeout(r, 2_000));
    // the agent hangs up the softphone: that ends the service too
    await phones.splice(0).map((p) => p.stop())[0];
    expect((await running.done).exitCode).toBe(0);
    await sink.close();
    const view = await finishedCall(caller);
    expect(view.serviceEndedBy).toBe('agent_hangup');
    expect(view.firstHangupSide).toBe('agent');
    expect(view.rating).toBe('basically_satisfied');
    expect(view.events.map((e) => e.type)).toEqual(expect.arrayContaining(['rating_key_invalid', 'rated']));
    expect(view.events.filter((e) => e.type === 'rating_asked')).toHaveLength(2);
  });

  it('no key: asked twice, then "not rated", and the app hangs up', async () => {
    await agentOnCall();
    const sink = await openRtpSink();
    const caller = '13700000024';
    const running = call(caller, [{ wait: 60_000 }], sink.port);
    await waitOnCall();
    await new Promise((r) => setTimeout(r, 2_000));
    expect((await app.request('POST', '/api/agents/wang/end-service', { token: agentToken })).status).toBe(200);
    expect((await running.done).exitCode).toBe(0);
    await sink.close();
    const view = await finishedCall(caller);
    expect(view.rating).toBe('not_rated');
    expect(view.firstHangupSide).toBe('system');
    expect(view.events.filter((e) => e.type === 'rating_asked')).toHaveLength(2);
  });
});
