// Missed calls called back (漏接回拨) on the real Asterisk: with no agent ready, callers A and B
// wait in the queue past the threshold (MISSED_CALL_CALLBACK_AFTER_SECONDS, small here) and hang
// up; each gets a callback entry at the place they had. B calls again and waits. When an agent
// becomes ready, A's citizen phone (a SIPp UAS on the carrier address) is called back and
// bridged; B's entry is cancelled because B called again (B's new call gets the agent instead);
// the figures show two entries, one reached, one cancelled because the citizen called again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallView } from '../support/acd-e2e.js';
import { appLogLines, startOneAgentHotline, type CallbackView, type OneAgentHotline } from '../support/callback-e2e.js';
import { callbackCitizen } from '../support/callback-citizen.js';
import { waitFor, type HotlineApp } from '../support/hotline-app.js';
import { openRtpSink } from '../support/rtp-sink.js';
import { placeCall } from '../support/sipp.js';

interface Figures {
  entries: number;
  reached: number;
  notReached: number;
  cancelledCalledAgain: number;
  pending: number;
  afterSeconds: number;
}

let hotline: OneAgentHotline;
let app: HotlineApp;
const EXT = String(6000 + Math.floor(Math.random() * 3000));
const CALLER_A = '13600000031';
const CALLER_B = '13600000032';
const THRESHOLD_SECONDS = 4;

async function calls(number: string): Promise<CallView[]> {
  const list = await app.get<{ calls: Array<{ callId: string }> }>(`/api/calls?number=${number}`);
  return Promise.all(list.body.calls.map(async (c) => (await app.get<CallView>(`/api/calls/${c.callId}`)).body));
}

async function missedCallbacks(): Promise<CallbackView[]> {
  return (await app.get<{ callbacks: CallbackView[] }>('/api/callbacks?limit=50')).body.callbacks.filter((c) => c.origin === 'missed_call');
}

const debug = () => appLogLines(app, /callback|missed|acd|error|warn|not handled/i);

beforeAll(async () => {
  hotline = await startOneAgentHotline({
    agentId: 'qian',
    name: '钱多多',
    extension: EXT,
    sipPort: 25301,
    env: {
      MISSED_CALL_CALLBACK_AFTER_SECONDS: String(THRESHOLD_SECONDS),
      // the test may run at any hour: no quiet hours for the hotline's own calls
      SURVEY_QUIET_HOURS: 'off',
      CALLBACK_RING_SECONDS: '20',
      CALLBACK_RETRY_SECONDS: '600',
    },
  });
  app = hotline.app;
});

afterAll(async () => {
  await hotline?.stop();
});

describe('missed calls called back', () => {
  it('a caller who gave up after the threshold is called back at the place they had; one who called again gets none', async () => {
    // 1. nobody is ready: A, then B, wait past the threshold and hang up
    const sinkA = await openRtpSink();
    const sinkB = await openRtpSink();
    const callerA = placeCall({ dial: '12345', caller: CALLER_A, rtpPort: sinkA.port, steps: [{ wait: 11_000 }], end: 'bye' });
    await new Promise((r) => setTimeout(r, 2_000));
    const callerB = placeCall({ dial: '12345', caller: CALLER_B, rtpPort: sinkB.port, steps: [{ wait: 11_000 }], end: 'bye' });
    for (const [who, run] of [['A', callerA], ['B', callerB]] as const) {
      const r = await run.done;
      expect(r.exitCode, `${who}: ${r.stderr}\n${debug()}`).toBe(0);
    }

    // 2. each gets a callback entry at the place they had (the time they joined the queue)
    const entries = await waitFor('two missed-call callbacks', async () => {
      const list = await missedCallbacks();
      return list.length === 2 ? list : undefined;
    }, 15_000).catch((err: Error) => {
      throw new Error(`${err.message}\n${debug()}`);
    });
    const [callA] = await calls(CALLER_A);
    const [firstB] = await calls(CALLER_B);
    expect(callA?.outcome).toBe('abandoned_in_queue');
    const waited = callA!.events.find((e) => e.type === 'abandoned')!.data.waitedMs as number;
    expect(waited).toBeGreaterThanOrEqual(THRESHOLD_SECONDS * 1000);
    const entryA = entries.find((e) => e.number === CALLER_A)!;
    const entryB = entries.find((e) => e.number === CALLER_B)!;
    expect(entryA).toMatchObject({ callId: callA!.callId, status: 'waiting', attempts: 0 });
    expect(entryB).toMatchObject({ callId: firstB!.callId, status: 'waiting' });
    const enqueuedA = callA!.events.find((e) => e.type === 'enqueued' && e.leg === 'caller')!;
    expect(Math.abs(Date.parse(entryA.queuedAt) - Date.parse(enqueuedA.at))).toBeLessThan(1_000);
    expect(Date.parse(entryA.queuedAt)).toBeLessThan(Date.parse(entryB.queuedAt));
    const requested = callA!.events.find((e) => e.type === 'callback_requested');
    expect(requested?.data).toMatchObject({ origin: 'missed_call', callbackId: entryA.id, number: '136****0031' });
    const before = await app.get<Figures>('/api/stats/missed-call-callbacks');
    expect(before.body).toMatchObject({ entries: 2, pending: 2, reached: 0, afterSeconds: THRESHOLD_SECONDS });

    // 3. B calls again and waits on the line
    const sinkB2 = await openRtpSink();
    const callerB2 = placeCall({ dial: '12345', caller: CALLER_B, rtpPort: sinkB2.port, steps: [{ wait: 35_000 }], end: 'bye' }, 90_000);
    const b2 = await waitFor('B waiting again', async () => {
      const again = (await calls(CALLER_B)).find((c) => c.callId !== firstB!.callId);
      return again?.events.some((e) => e.type === 'enqueued') ? again : undefined;
    }, 20_000);

    // 4. A's phone is ready for the callback; the agent becomes ready
    const citizen = callbackCitizen({ ringMs: 1_000, talkMs: 4_000 });
    const login = await app.request('POST', '/api/agents/qian/login', { body: { ready: true } });
    expect(login.status, JSON.stringify(login.body)).toBe(200);

    const c = await citizen.done;
    expect(c.exitCode, `${c.stderr}\n${debug()}`).toBe(0);
    expect(citizen.invites()).toEqual([expect.stringMatching(new RegExp(`^INVITE sip:${CALLER_A}@127\\.0\\.0\\.2`))]);
    const doneA = await waitFor('A called back', async () => {
      const cb = (await app.get<CallbackView>(`/api/callbacks/${entryA.id}`)).body;
      return cb.status === 'completed' ? cb : undefined;
    }, 20_000).catch((err: Error) => {
      throw new Error(`${err.message}\n${debug()}`);
    });
    expect(doneA).toMatchObject({ attempts: 1, agentId: 'qian' });

    // 5. B's new call gets the agent; B's missed-call entry is cancelled, never dialled
    const r2 = await callerB2.done;
    await Promise.all([sinkA.close(), sinkB.close(), sinkB2.close()]);
    expect(r2.exitCode, r2.stderr).toBe(0);
    const servedB2 = await waitFor('B\'s new call ended', async () => {
      const v = (await app.get<CallView>(`/api/calls/${b2.callId}`)).body;
      return v.endedAt ? v : undefined;
    }, 10_000);
    expect(servedB2.outcome).toBe('answered_by_agent');
    const cancelledB = await waitFor('B\'s entry cancelled', async () => {
      const cb = (await app.get<CallbackView>(`/api/callbacks/${entryB.id}`)).body;
      return cb.status === 'cancelled' ? cb : undefined;
    }, 10_000);
    expect(cancelledB).toMatchObject({ lastResult: 'called again', attempts: 0 });
    const timelineB = (await app.get<CallView>(`/api/calls/${firstB!.callId}`)).body.events;
    expect(timelineB.find((e) => e.type === 'callback_cancelled')?.data).toMatchObject({ callbackId: entryB.id, byCallId: b2.callId });
    expect(timelineB.some((e) => e.type === 'callback_dialled')).toBe(false);

    // 6. the figures: two entries, one reached, one cancelled because the citizen called again
    const figures = await app.get<Figures>('/api/stats/missed-call-callbacks');
    expect(figures.status).toBe(200);
    expect(figures.body).toMatchObject({ entries: 2, reached: 1, notReached: 0, cancelledCalledAgain: 1, pending: 0 });
  });
});
