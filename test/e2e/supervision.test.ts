// Listen, whisper and barge (监听 / 耳语 / 强插) on the real Asterisk, measured by ear: the
// citizen (SIPp) sends a 600 Hz tone, the agent's softphone 1 kHz, the supervisor's softphone
// 1450 Hz; each side keeps what it hears (the caller's RTP sink, the softphones' WAV files).
// Listen: the supervisor hears both sides, nobody hears the supervisor. Whisper: the agent hears
// the supervisor, the caller never does. Barge: both do. Each session is in the call's timeline
// and the audit log; no channel of it is left behind.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ariGet, stackAri } from '../support/ari-http.js';
import { readHeardWav } from '../support/heard-wav.js';
import { createTestDatabase, startHotlineApp, waitFor, type HotlineApp } from '../support/hotline-app.js';
import { openRtpSink, type RtpSink } from '../support/rtp-sink.js';
import { CARRIER_IP, callerScenario, runSipp, SIP_SERVER, type RunningSipp } from '../support/sipp.js';
import { startSoftphone, type Softphone } from '../support/softphone.js';

const CALLER_HZ = 600;
const AGENT_HZ = 1000;
const SUPERVISOR_HZ = 1450;
/** A frame "has" a tone when at least this share of its energy is at the tone's frequency (a three-way mix gives each about a third to a half). */
const HEARD = 0.15;
/** "Never" is stricter: not even a trace of the tone. */
const TRACE = 0.05;
/** The citizens' numbers of this file's calls. */
const CALLERS = ['13700000031', '13700000032'];
const TONE_FILE = new URL('./media/tone-600hz.ulaw', import.meta.url).pathname;

interface SessionView {
  sessionId: string;
  callId: string;
  supervisor: string;
  mode: string;
  phase: string;
  answeredAt: string | null;
  endReason: string | null;
}
interface CallView {
  callId: string;
  endedAt: string | null;
  events: Array<{ type: string; leg: string; at: string; data: Record<string, unknown> }>;
}

let app: HotlineApp;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let agentToken = '';
let supervisorToken = '';
let auditorToken = '';
const passwords: Record<string, string> = {};
const phones: Softphone[] = [];
const callers: RunningSipp[] = [];
const sinks: RtpSink[] = [];
const AGENT_EXT = String(6001 + 2 * Math.floor(Math.random() * 1500));
const SUPERVISOR_EXT = String(Number(AGENT_EXT) + 1);
const ari = stackAri()!;

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startHotlineApp({
    databaseUrl: db.url,
    // the test acts right after the agent's answer: the caller is bridged at the answer (overlap
    // 'cut'); the default, bridging at the greeting's end, is time-to-agent.test.ts's
    env: { AGENT_WRAP_UP_SECONDS: '1', AGENT_LEG_RELEASE_SECONDS: '3', RATING_KEY_TIMEOUT_MS: '2000', CALL_REVIEW_DELAY_MS: '1000', QUEUE_LOG_FILE: 'off', GREETING_AGENT_OVERLAP: 'cut' },
  });
  await app.waitReady();
  // the agent, and the supervisor's softphone account (never logged in to take calls)
  for (const [agentId, name, extension] of [['wang', '王芳', AGENT_EXT], ['li-banzhang', '李班长', SUPERVISOR_EXT]] as const) {
    const created = await app.request('POST', '/api/agents', { body: { agentId, name, extension, skills: { general: 3 }, languages: ['zh'], group: 'day' } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    passwords[extension] = (created.body.sip as { password: string }).password;
  }
  agentToken = await app.createToken('agent', { agentId: 'wang' });
  supervisorToken = await app.createToken('supervisor', { name: 'li-banzhang-console' });
  auditorToken = await app.createToken('auditor');
});

afterEach(async () => {
  for (const c of callers.splice(0)) if (c.process.exitCode === null) c.kill();
  // after a failure: a killed SIPp sends no BYE, so its channel (and any of the phones') is hung up here
  for (const id of await leftoverIds()) await ariDelete(`/channels/${encodeURIComponent(id)}`);
  await Promise.all(phones.splice(0).map((p) => p.stop()));
  await Promise.all(sinks.splice(0).map((s) => s.close()));
  await waitFor('the agent off the call', async () => {
    const s = await app.request<{ state: { status: string } }>('GET', '/api/agents/wang/state', { token: agentToken });
    return ['on_call', 'ringing'].includes(s.body.state?.status) ? undefined : true;
  }, 15_000);
  await app.request('POST', '/api/agents/wang/logout');
});

afterAll(async () => {
  await app?.stop();
  await db?.drop();
});

/** A citizen who sends a 600 Hz tone from the answer on, stays `stayMs`, then hangs up (or is hung up on). */
function citizen(number: string, sink: RtpSink, stayMs: number): RunningSipp {
  const dir = mkdtempSync(join(tmpdir(), 'sipp-supervised-'));
  const file = join(dir, 'caller.xml');
  const xml = callerScenario({ dial: '12345', caller: number, rtpPort: sink.port, steps: [{ wait: stayMs }], end: 'bye' });
  const ackEnd = xml.indexOf(']]></send>', xml.indexOf('CSeq: 1 ACK')) + ']]></send>'.length;
  writeFileSync(file, `${xml.slice(0, ackEnd)}\n  <nop><action><exec rtp_stream="${TONE_FILE},-1,0" /></action></nop>${xml.slice(ackEnd)}`);
  const run = runSipp(() => {
    const port = String(20000 + Math.floor(Math.random() * 20000));
    const mediaPort = String(42000 + 2 * Math.floor(Math.random() * 4000));
    return ['-sf', file, '-s', '12345', '-i', CARRIER_IP, '-p', port, '-mp', mediaPort, '-m', '1', '-l', '1', SIP_SERVER];
  }, dir, stayMs + 60_000);
  callers.push(run);
  return run;
}

async function agentOnCall(number: string, stayMs: number) {
  const agentPhone = await startSoftphone({ user: AGENT_EXT, password: passwords[AGENT_EXT]!, answer: 'auto', port: 25410, toneHz: AGENT_HZ, keepHeard: true });
  phones.push(agentPhone);
  expect((await app.request('POST', '/api/agents/wang/login', { body: { ready: true }, token: agentToken })).status).toBe(200);
  const sink = await openRtpSink();
  sinks.push(sink);
  const running = citizen(number, sink, stayMs);
  const state = await waitFor('the agent on the call', async () => {
    const s = await app.request<{ state: { status: string; callId?: string } }>('GET', '/api/agents/wang/state', { token: agentToken });
    return s.body.state?.status === 'on_call' ? s.body.state : undefined;
  }, 40_000);
  return { sink, running, callId: state.callId!, agentPhone };
}

const supervise = (callId: string, body: unknown) => app.request<SessionView & { error?: { code: string; message: string } }>('POST', `/api/calls/${callId}/supervision`, { body, token: supervisorToken });
const sessionsOf = async (callId: string) => (await app.request<{ sessions: SessionView[] }>('GET', `/api/calls/${callId}/supervision`, { token: supervisorToken })).body.sessions;
const sessionReaches = (callId: string, sessionId: string, phase: string) =>
  waitFor(`supervision ${sessionId} ${phase}`, async () => (await sessionsOf(callId)).find((s) => s.sessionId === sessionId && s.phase === phase), 15_000);
const onlyFile = (files: string[]) => {
  expect(files).toHaveLength(1);
  return files[0]!;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type AriChannel = { id: string; name: string; caller: { number: string } };
const mine = (c: AriChannel, callId = '') =>
  c.id.startsWith('supervise-') || (callId !== '' && c.id.startsWith(callId)) || CALLERS.includes(c.caller.number) ||
  c.name.startsWith(`PJSIP/${AGENT_EXT}-`) || c.name.startsWith(`PJSIP/${SUPERVISOR_EXT}-`);

/** Channels Asterisk still has for this call, its supervision, or the two phones. */
async function leftovers(callId: string): Promise<string[]> {
  return (await ariGet<AriChannel[]>(ari, '/channels')).body.filter((c) => mine(c, callId)).map((c) => `${c.id} ${c.name}`);
}

async function leftoverIds(): Promise<string[]> {
  return (await ariGet<AriChannel[]>(ari, '/channels')).body.filter((c) => mine(c)).map((c) => c.id);
}

async function ariDelete(path: string): Promise<void> {
  await fetch(`${ari.url}/ari${path}`, {
    method: 'DELETE',
    headers: { authorization: `Basic ${Buffer.from(`${ari.username}:${ari.password}`).toString('base64')}` },
    signal: AbortSignal.timeout(5000),
  });
}

describe('listen, whisper, barge (监听 / 耳语 / 强插)', () => {
  it('the supervisor hears both sides in listen, is heard by the agent only in whisper, by both in barge; timeline and audit say who', { timeout: 180_000 }, async () => {
    const number = CALLERS[0]!;
    const { sink, running, callId, agentPhone } = await agentOnCall(number, 90_000);
    const supervisor = await startSoftphone({ user: SUPERVISOR_EXT, password: passwords[SUPERVISOR_EXT]!, answer: 'auto', port: 25420, toneHz: SUPERVISOR_HZ, keepHeard: true });
    phones.push(supervisor);

    // bad requests first: unknown call, bad body, the agent's own phone
    expect((await supervise('1772355600.999', { mode: 'listen', extension: SUPERVISOR_EXT })).status).toBe(404);
    const bad = await supervise(callId, { mode: 'spy', extension: SUPERVISOR_EXT });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.message).toMatch(/mode.*listen, whisper, barge/);
    expect((await supervise(callId, { mode: 'listen' })).status).toBe(400);
    expect((await supervise(callId, { mode: 'listen', extension: AGENT_EXT })).status).toBe(400);
    // an agent may not supervise
    expect((await app.request('POST', `/api/calls/${callId}/supervision`, { body: { mode: 'listen', extension: SUPERVISOR_EXT }, token: agentToken })).status).toBe(403);

    const started = await supervise(callId, { mode: 'listen', extension: SUPERVISOR_EXT });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    expect(started.body).toMatchObject({ callId, mode: 'listen', supervisor: 'token:li-banzhang-console' });
    // the answer is the session as it is by then: ringing, or already active when the auto-answering phone was quicker
    expect(['ringing', 'active']).toContain(started.body.phase);
    const { sessionId } = started.body;
    // the same phone cannot be in two sessions
    expect((await supervise(callId, { mode: 'barge', extension: SUPERVISOR_EXT })).status).toBe(409);
    const active = await sessionReaches(callId, sessionId, 'active');
    const supStart = Date.parse(active.answeredAt!);
    const tListen = Date.now();
    await sleep(5_000);
    const whisperAsked = Date.now();
    const toWhisper = await app.request<SessionView>('POST', `/api/calls/${callId}/supervision/${sessionId}/mode`, { body: { mode: 'whisper' }, token: supervisorToken });
    expect(toWhisper.status, JSON.stringify(toWhisper.body)).toBe(200);
    expect(toWhisper.body.mode).toBe('whisper');
    const tWhisper = Date.now();
    await sleep(5_000);
    const bargeAsked = Date.now();
    const toBarge = await app.request<SessionView>('POST', `/api/calls/${callId}/supervision/${sessionId}/mode`, { body: { mode: 'barge' }, token: supervisorToken });
    expect(toBarge.status, JSON.stringify(toBarge.body)).toBe(200);
    const tBarge = Date.now();
    await sleep(5_000);
    const stopped = await app.request<SessionView>('DELETE', `/api/calls/${callId}/supervision/${sessionId}`, { token: supervisorToken });
    const tEnd = Date.now();
    expect(stopped.status, JSON.stringify(stopped.body)).toBe(200);
    expect(stopped.body).toMatchObject({ phase: 'ended', endReason: 'stopped' });
    expect((await app.request('POST', `/api/calls/${callId}/supervision/${sessionId}/mode`, { body: { mode: 'listen' }, token: supervisorToken })).status).toBe(409);
    await sleep(3_000);
    const tAfter = Date.now();
    // the supervisor's channels are gone while the call goes on
    await waitFor('no supervision channel left', async () => ((await leftovers(callId)).some((c) => c.startsWith('supervise-')) ? undefined : true), 5_000);

    // the agent ends the service: no longer with an agent, the call cannot be supervised
    expect((await app.request('POST', '/api/agents/wang/end-service', { token: agentToken })).status).toBe(200);
    const late = await supervise(callId, { mode: 'listen', extension: SUPERVISOR_EXT });
    expect(late.status).toBe(409);
    expect(late.body.error?.message).toMatch(/not with an agent|has ended/);
    expect((await running.done).exitCode).toBe(0);
    await Promise.all(phones.splice(0).map((p) => p.stop()));

    // what each one heard
    const call = await waitFor('the call ended', async () => {
      const v = (await app.get<CallView>(`/api/calls/${callId}`)).body;
      return v.endedAt ? v : undefined;
    }, 20_000);
    // the agent's phone gets audio (and its file samples) from the moment it is bridged with the
    // caller, whose tone it hears from then on: that moment in the file is the bridging's time
    const agentWav = readHeardWav(onlyFile(agentPhone.heardFiles()));
    const bridged = Math.max(...call.events
      .filter((e) => e.type === 'bridge_entered' && String(e.data.bridgeId).endsWith('-agentbridge') && Date.parse(e.at) < tListen)
      .map((e) => Date.parse(e.at)));
    const callerFirstHeard = agentWav.firstHeardMs(CALLER_HZ, HEARD);
    expect(callerFirstHeard).not.toBeNull();
    const agentStart = bridged - callerFirstHeard!;
    const supWav = readHeardWav(onlyFile(supervisor.heardFiles()));
    const atCaller = (from: number, to: number) => [from - sink.openedAt, to - sink.openedAt] as const;
    const atAgent = (from: number, to: number) => [from - agentStart, to - agentStart] as const;
    const atSup = (from: number, to: number) => [from - supStart, to - supStart] as const;
    const m = {
      supHearsAgentInListen: supWav.heardAtMs(AGENT_HZ, ...atSup(tListen + 1_000, tWhisper - 300), HEARD),
      supHearsCallerInListen: supWav.heardAtMs(CALLER_HZ, ...atSup(tListen + 1_000, tWhisper - 300), HEARD),
      // up to the request of the next mode (less the clocks' play: the file's time is set from an ARI event's)
      agentHearsSupInListen: agentWav.heardAtMs(SUPERVISOR_HZ, ...atAgent(tListen - 2_000, whisperAsked - 300), TRACE),
      callerHearsSupInListenOrWhisper: sink.heardAtMs(SUPERVISOR_HZ, ...atCaller(tListen - 2_000, bargeAsked - 300), TRACE),
      agentHearsSupInWhisper: agentWav.heardAtMs(SUPERVISOR_HZ, ...atAgent(tWhisper + 1_000, tBarge - 300), HEARD),
      agentHearsCallerInWhisper: agentWav.heardAtMs(CALLER_HZ, ...atAgent(tWhisper + 1_000, tBarge - 300), HEARD),
      supHearsBothInWhisper: Math.min(supWav.heardAtMs(AGENT_HZ, ...atSup(tWhisper + 1_000, tBarge - 300), HEARD), supWav.heardAtMs(CALLER_HZ, ...atSup(tWhisper + 1_000, tBarge - 300), HEARD)),
      callerHearsSupInBarge: sink.heardAtMs(SUPERVISOR_HZ, ...atCaller(tBarge + 1_000, tEnd - 300), HEARD),
      agentHearsSupInBarge: agentWav.heardAtMs(SUPERVISOR_HZ, ...atAgent(tBarge + 1_000, tEnd - 300), HEARD),
      supHearsBothInBarge: Math.min(supWav.heardAtMs(AGENT_HZ, ...atSup(tBarge + 1_000, tEnd - 300), HEARD), supWav.heardAtMs(CALLER_HZ, ...atSup(tBarge + 1_000, tEnd - 300), HEARD)),
      callerHearsAgentInBarge: sink.heardAtMs(AGENT_HZ, ...atCaller(tBarge + 1_000, tEnd - 300), HEARD),
      callerHearsSupAfterEnd: sink.heardAtMs(SUPERVISOR_HZ, ...atCaller(tEnd + 500, tAfter), TRACE),
      agentHearsSupAfterEnd: agentWav.heardAtMs(SUPERVISOR_HZ, ...atAgent(tEnd + 500, tAfter), TRACE),
      callerHearsAgentInListen: sink.heardAtMs(AGENT_HZ, ...atCaller(tListen + 1_000, tWhisper - 300), HEARD),
    };
    console.log('supervision audio (ms of ~3.5 s windows)', m, { agentWavRate: agentWav.sampleRate, supWavMs: supWav.lengthMs, callerFirstHeard, bridgedAfterAnswerMs: bridged - Date.parse(call.events.find((e) => e.type === 'leg_answered' && e.leg === 'agent')!.at) });
    // listen: the supervisor hears both sides; nobody hears the supervisor
    expect(m.supHearsAgentInListen).toBeGreaterThan(2_500);
    expect(m.supHearsCallerInListen).toBeGreaterThan(2_500);
    expect(m.agentHearsSupInListen).toBe(0);
    expect(m.callerHearsAgentInListen).toBeGreaterThan(2_500);
    // whisper: the agent hears the supervisor (and still the caller), the caller never does
    expect(m.agentHearsSupInWhisper).toBeGreaterThan(2_500);
    expect(m.agentHearsCallerInWhisper).toBeGreaterThan(2_500);
    expect(m.supHearsBothInWhisper).toBeGreaterThan(2_500);
    expect(m.callerHearsSupInListenOrWhisper).toBe(0);
    // barge: a three-way call
    expect(m.callerHearsSupInBarge).toBeGreaterThan(2_500);
    expect(m.agentHearsSupInBarge).toBeGreaterThan(2_500);
    expect(m.supHearsBothInBarge).toBeGreaterThan(2_500);
    expect(m.callerHearsAgentInBarge).toBeGreaterThan(2_500);
    // ended: gone from everybody's ears
    expect(m.callerHearsSupAfterEnd).toBe(0);
    expect(m.agentHearsSupAfterEnd).toBe(0);

    // the call's timeline: started, two mode switches, ended, each naming the supervisor
    const sup = call.events.filter((e) => e.type.startsWith('supervision_'));
    expect(sup.map((e) => [e.type, e.data.mode])).toEqual([
      ['supervision_started', 'listen'], ['supervision_mode', 'whisper'], ['supervision_mode', 'barge'], ['supervision_ended', 'barge'],
    ]);
    for (const e of sup) expect(e.data).toMatchObject({ sessionId, supervisor: 'token:li-banzhang-console', extension: SUPERVISOR_EXT, agentId: 'wang' });
    expect(sup.at(-1)!.data).toMatchObject({ reason: 'stopped', answered: true });
    expect(sup.at(-1)!.data.durationMs).toBeGreaterThan(14_000);
    // the audit log: who listened to which call, when, how
    const audit = await app.request<{ entries: Array<{ kind: string; actor: string; subject: string; data: Record<string, unknown> }> }>(
      'GET', `/api/audit?kind=supervision&subject=${encodeURIComponent(`call:${callId}`)}`, { token: auditorToken });
    expect(audit.status).toBe(200);
    expect(audit.body.entries.map((e) => e.data.event).reverse()).toEqual(['supervision_started', 'supervision_mode', 'supervision_mode', 'supervision_ended']);
    for (const e of audit.body.entries) expect(e).toMatchObject({ actor: 'token:li-banzhang-console', subject: `call:${callId}` });
    expect((await app.request<{ ok: boolean }>('GET', '/api/audit/verify', { token: auditorToken })).body.ok).toBe(true);

    await waitFor('no channel of the call left', async () => ((await leftovers(callId)).length ? undefined : true), 15_000);
  });
  it('the supervisor hanging up ends the session; the caller hanging up ends a barge; nothing is left behind', { timeout: 120_000 }, async () => {
    const { running, callId } = await agentOnCall(CALLERS[1]!, 25_000);
    let supervisor = await startSoftphone({ user: SUPERVISOR_EXT, password: passwords[SUPERVISOR_EXT]!, answer: 'auto', port: 25420, toneHz: SUPERVISOR_HZ });
    phones.push(supervisor);
    const first = await supervise(callId, { mode: 'listen', extension: SUPERVISOR_EXT });
    expect(first.status, JSON.stringify(first.body)).toBe(202);
    await sessionReaches(callId, first.body.sessionId, 'active');
    await sleep(1_000);
    await supervisor.stop(); // the supervisor hangs up
    expect(await sessionReaches(callId, first.body.sessionId, 'ended')).toMatchObject({ endReason: 'supervisor_hung_up' });

    supervisor = await startSoftphone({ user: SUPERVISOR_EXT, password: passwords[SUPERVISOR_EXT]!, answer: 'auto', port: 25430, toneHz: SUPERVISOR_HZ });
    phones.push(supervisor);
    const second = await supervise(callId, { mode: 'barge', extension: SUPERVISOR_EXT });
    expect(second.status, JSON.stringify(second.body)).toBe(202);
    await sessionReaches(callId, second.body.sessionId, 'active');
    expect((await running.done).exitCode).toBe(0); // the caller hangs up
    expect(await sessionReaches(callId, second.body.sessionId, 'ended')).toMatchObject({ endReason: 'call_ended' });
    await waitFor('no channel of the call left', async () => ((await leftovers(callId)).length ? undefined : true), 15_000);

    const call = await waitFor('the call ended', async () => {
      const v = (await app.get<CallView>(`/api/calls/${callId}`)).body;
      return v.endedAt && v.events.filter((e) => e.type === 'supervision_ended').length === 2 ? v : undefined;
    }, 20_000);
    expect(call.events.filter((e) => e.type === 'supervision_ended').map((e) => e.data.reason)).toEqual(['supervisor_hung_up', 'call_ended']);
  });
});
