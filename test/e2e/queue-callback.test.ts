// A callback that keeps the caller's place, on the real Asterisk: a caller waiting with no agent
// ready presses 9, confirms the number with 1 and is hung up; a second caller arrives later and
// waits; when an agent becomes ready the callback is served first: the agent's softphone rings,
// the app calls the citizen over the carrier trunk (a SIPp phone on 127.0.0.2:5060), bridges
// both, and the records show the callback completed; then the second caller gets the agent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallView } from '../support/acd-e2e.js';
import { appLogLines, startOneAgentHotline, type CallbackView, type OneAgentHotline } from '../support/callback-e2e.js';
import { callbackCitizen } from '../support/callback-citizen.js';
import { waitFor, type HotlineApp } from '../support/hotline-app.js';
import { openRtpSink } from '../support/rtp-sink.js';
import { openSse } from '../support/sse-client.js';
import { placeCall } from '../support/sipp.js';

let hotline: OneAgentHotline;
let app: HotlineApp;
// a fresh extension per run: no SIP account left by an earlier run interferes
const EXT = String(6000 + Math.floor(Math.random() * 3000));
const CALLER_A = '13600000011';
const CALLER_B = '13600000012';

async function latestCall(number: string): Promise<CallView | undefined> {
  const list = await app.get<{ calls: Array<{ callId: string }> }>(`/api/calls?number=${number}`);
  const first = list.body.calls[0];
  return first ? (await app.get<CallView>(`/api/calls/${first.callId}`)).body : undefined;
}

const debug = () => appLogLines(app, /callback|acd|error|warn|phase|not handled|agents/i);

beforeAll(async () => {
  hotline = await startOneAgentHotline({
    agentId: 'zhao',
    name: '赵敏',
    extension: EXT,
    sipPort: 25301,
    env: { CALLBACK_RING_SECONDS: '20', CALLBACK_RETRY_SECONDS: '60' },
  });
  app = hotline.app;
});

afterAll(async () => {
  await hotline?.stop();
});

describe('a callback keeps the caller\'s place', () => {
  it('is served first when an agent becomes ready: agent rung, citizen called back and bridged, completed', async () => {
    // 1. caller A waits (nobody ready), presses 9 after the greeting, confirms the number with 1
    const sinkA = await openRtpSink();
    const callerA = placeCall({
      dial: '12345',
      caller: CALLER_A,
      rtpPort: sinkA.port,
      steps: [{ wait: 17_000 }, { dtmf: '9' }, { wait: 1_500 }, { dtmf: '1' }],
      end: { awaitByeMs: 20_000 },
    });
    // 2. caller B arrives later and waits
    await new Promise((r) => setTimeout(r, 8_000));
    const sinkB = await openRtpSink();
    const callerB = placeCall({ dial: '12345', caller: CALLER_B, rtpPort: sinkB.port, steps: [{ wait: 75_000 }], end: 'bye' }, 120_000);

    // the app hangs up on A once the callback is stored
    const a = await callerA.done;
    await sinkA.close();
    expect(a.exitCode, `${a.stderr}\n${debug()}`).toBe(0);
    expect(a.messages).toMatch(/^BYE sip:/m); // the hotline hung up, not the caller
    const callA = await waitFor('caller A\'s record', async () => {
      const c = await latestCall(CALLER_A);
      return c?.endedAt ? c : undefined;
    }, 10_000);
    expect(callA.outcome).toBe('callback_requested');
    const requested = callA.events.find((e) => e.type === 'callback_requested');
    expect(requested?.data, debug()).toMatchObject({ queueId: 'general', number: '136****0011' });
    expect(callA.events.some((e) => e.type === 'abandoned')).toBe(false);
    const callbackId = String(requested?.data.callbackId);
    const queuedAt = String(callA.events.find((e) => e.type === 'enqueued' && e.leg === 'caller')?.at);

    const stored = await app.get<CallbackView>(`/api/callbacks/${callbackId}`);
    expect(stored.body).toMatchObject({ callId: callA.callId, number: CALLER_A, status: 'waiting', attempts: 0 });
    // the place is the original one: the time A joined the queue
    expect(Math.abs(Date.parse(stored.body.queuedAt) - Date.parse(queuedAt))).toBeLessThan(1_000);

    // B is waiting behind the callback: the live figures count both
    await waitFor('B waiting', async () => (await latestCall(CALLER_B))?.events.some((e) => e.type === 'enqueued') || undefined, 20_000);
    const stats = await app.get<{ queues: Array<{ queueId: string; waiting: number }> }>('/api/stats/live');
    expect(stats.body.queues.find((q) => q.queueId === 'general')?.waiting).toBe(2);

    // 3. the citizen's phone is ready for the callback; the agent becomes ready
    const citizen = callbackCitizen({ ringMs: 1_000, talkMs: 6_000 });
    // the floor's live events (what the agent desktop pops): the callback is offered as a callback
    const floor = await openSse(app.baseUrl, '/api/events', { token: app.adminToken });
    const login = await app.request('POST', '/api/agents/zhao/login', { body: { ready: true } });
    expect(login.status, JSON.stringify(login.body)).toBe(200);

    const c = await citizen.done;
    expect(c.exitCode, `${c.stderr}\n${debug()}`).toBe(0);
    expect(citizen.invites()).toEqual([expect.stringMatching(new RegExp(`^INVITE sip:${CALLER_A}@127\\.0\\.0\\.2`))]);
    expect(c.messages).toMatch(/From:[^\n]*sip:12345@/); // the citizen sees the hotline number
    const offers = await floor
      .until((events) => events.some((e) => e.event === 'call_offered'), 5_000)
      .finally(() => floor.close());
    expect(offers.find((e) => e.event === 'call_offered')?.data).toMatchObject({ agentId: 'zhao', callerNumber: CALLER_A, queueId: 'general', callback: true });

    const done = await waitFor('the callback completed', async () => {
      const cb = (await app.get<CallbackView>(`/api/callbacks/${callbackId}`)).body;
      return cb.status === 'completed' ? cb : undefined;
    }, 15_000).catch((err: Error) => {
      throw new Error(`${err.message}\n${debug()}`);
    });
    expect(done).toMatchObject({ attempts: 1, agentId: 'zhao' });
    const completed = await app.get<{ callbacks: CallbackView[] }>('/api/callbacks?status=completed');
    expect(completed.body.callbacks.map((x) => x.id)).toEqual([callbackId]);

    // A's timeline tells the delivery: agent offered, citizen dialled and answered, recorded, both speaking
    const timeline = (await latestCall(CALLER_A))!;
    const types = timeline.events.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['callback_agent_offered', 'callback_dialled', 'callback_answered', 'recording_started', 'callback_completed']));
    expect(types.indexOf('callback_agent_offered')).toBeLessThan(types.indexOf('callback_dialled'));
    const talkLegs = timeline.events.filter((e) => e.type === 'talk_started' && e.data.callbackId === callbackId).map((e) => e.leg);
    expect(talkLegs).toEqual(expect.arrayContaining(['caller', 'agent']));

    // 4. then B, who came later, gets the agent: the callback was served first
    const b = await callerB.done;
    await sinkB.close();
    expect(b.exitCode, b.stderr).toBe(0);
    const callB = (await latestCall(CALLER_B))!;
    const offeredB = callB.events.find((e) => e.type === 'agent_offered');
    expect(offeredB?.data, debug()).toMatchObject({ agentId: 'zhao' });
    const offeredA = timeline.events.find((e) => e.type === 'callback_agent_offered')!;
    expect(Date.parse(offeredB!.at)).toBeGreaterThan(Date.parse(offeredA.at));
    expect(callB.outcome).toBe('answered_by_agent');
  });
});
