// Real SIP calls to 12345 on the real Asterisk, answered by the hotline app.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, startHotlineApp, waitFor, type HotlineApp } from '../support/hotline-app.js';
import { openRtpSink } from '../support/rtp-sink.js';
import { placeCall, standInEmergencyService } from '../support/sipp.js';

interface CallView {
  callId: string;
  callerNumber: string;
  outcome: string;
  firstHangupSide: string | null;
  endedAt: string | null;
  hangupCause: number | null;
  durationMs: number | null;
  emergencyNumber: string | null;
  events: Array<{ type: string; leg: string; data: Record<string, unknown> }>;
}

let app: HotlineApp;
let db: Awaited<ReturnType<typeof createTestDatabase>>;

beforeAll(async () => {
  db = await createTestDatabase();
  // the long greeting: this file pins its order (the 13 s prompt naming the emergency keys, the
  // key wait, then the queue) and a hang-up within it; the short greeting (the default), which
  // queues the caller at the answer, is covered by time-to-agent.test.ts
  app = await startHotlineApp({ databaseUrl: db.url, env: { GREETING_LENGTH: 'long' } });
  await app.waitReady();
});

afterAll(async () => {
  await app?.stop();
  await db?.drop();
});

/** The finished record of the one call from this number. */
async function finishedCallFrom(number: string): Promise<CallView> {
  return waitFor(`the record of the call from ${number}`, async () => {
    const list = await app.get<{ calls: Array<{ callId: string; endedAt: string | null }> }>(`/api/calls?number=${number}`);
    const call = list.body.calls[0];
    if (!call?.endedAt) return undefined;
    return (await app.get<CallView>(`/api/calls/${call.callId}`)).body;
  }, 15_000);
}

const types = (call: CallView) => call.events.map((e) => e.type);

describe('a citizen calls 12345', () => {
  it('hears the Mandarin greeting, then waits in the skill queue, and leaves a timeline with the hang-up side', async () => {
    const sink = await openRtpSink();
    const caller = '13800000001';
    const sipp = placeCall({ dial: '12345', caller, rtpPort: sink.port, steps: [{ wait: 17_000 }], end: 'bye' });
    const result = await sipp.done;
    await sink.close();
    expect(result.exitCode, result.stderr + result.messages.slice(-2000)).toBe(0);

    // what the caller heard: several seconds of voice in the first 13 s (the greeting)
    expect(sink.packets).toBeGreaterThan(300);
    expect(sink.loudMs(0, 13_000)).toBeGreaterThan(5_000);

    const call = await finishedCallFrom(caller);
    expect(call.callerNumber).toBe(caller);
    expect(call.firstHangupSide).toBe('caller');
    // no agent is logged in: the caller waits in the "general" skill queue and gives up there
    expect(call.outcome).toBe('abandoned_in_queue');
    expect(call.hangupCause).toBe(16);
    expect(call.durationMs).toBeGreaterThan(15_000);
    const t = types(call);
    for (const step of ['stasis_start', 'answered', 'playback_started', 'playback_finished', 'enqueued', 'abandoned', 'hangup']) {
      expect(t, `timeline has ${step}`).toContain(step);
    }
    expect(t.indexOf('answered')).toBeLessThan(t.indexOf('playback_started'));
    expect(t.indexOf('playback_finished')).toBeLessThan(t.indexOf('enqueued'));
    expect(call.events.find((e) => e.type === 'enqueued')?.data).toMatchObject({ queueId: 'general' });
    // the greeting was played and the app knows it finished before the queue step
    expect(call.events.find((e) => e.type === 'hangup')?.data).toMatchObject({ firstHangupSide: 'caller' });
  });

  it('a caller hanging up during the greeting is recorded as hanging up first', async () => {
    const sink = await openRtpSink();
    const caller = '13800000002';
    const result = await placeCall({ dial: '12345', caller, rtpPort: sink.port, steps: [{ wait: 3_000 }], end: 'bye' }).done;
    await sink.close();
    expect(result.exitCode, result.stderr).toBe(0);
    expect(sink.loudMs()).toBeGreaterThan(1_000);

    const call = await finishedCallFrom(caller);
    expect(call.firstHangupSide).toBe('caller');
    expect(call.outcome).toBe('abandoned_in_greeting');
    expect(types(call)).not.toContain('sent_to_queue');
    expect(call.durationMs).toBeLessThan(8_000);
  });

  it('key 1 in the greeting connects the caller to 110 with the caller number, bridged', async () => {
    const police = standInEmergencyService(5110);
    await new Promise((r) => setTimeout(r, 500)); // let the stand-in bind
    const sink = await openRtpSink();
    const caller = '13800000003';
    const started = Date.now();
    const result = await placeCall({
      dial: '12345',
      caller,
      rtpPort: sink.port,
      steps: [{ wait: 2_000 }, { dtmf: '1' }, { wait: 8_000 }],
      end: 'bye',
    }).done;
    await sink.close();
    expect(result.exitCode, result.stderr).toBe(0);

    const emergency = await police.done;
    expect(emergency.exitCode, emergency.stderr + emergency.messages).toBe(0);
    const invite = /INVITE sip:110@[\s\S]*?\n\r?\n/.exec(emergency.messages)?.[0] ?? '';
    expect(invite, 'the 110 stand-in received an INVITE').not.toBe('');
    expect(invite).toMatch(new RegExp(`From:[^\\n]*sip:${caller}@`));

    const call = await finishedCallFrom(caller);
    expect(call.outcome).toBe('emergency_handover');
    expect(call.emergencyNumber).toBe('110');
    expect(call.firstHangupSide).toBe('caller');
    const t = types(call);
    expect(t).toEqual(expect.arrayContaining(['dtmf', 'emergency_requested', 'originate_requested', 'leg_answered', 'bridge_entered']));
    const entered = call.events.filter((e) => e.type === 'bridge_entered').map((e) => e.leg);
    expect(entered).toEqual(expect.arrayContaining(['caller', 'emergency']));
    // the emergency leg was hung up when the caller left
    expect(call.events.some((e) => e.type === 'bridge_left' && e.leg === 'emergency')).toBe(true);

    // the caller hears the 110 side (its continuous tone) after the connecting prompt would
    // have ended: 5.5 s to 8 s after the key, where ringback alone would be loud for at most 1 s
    const keyAt = 2_000;
    expect(sink.loudMs(keyAt + 5_500, keyAt + 8_000)).toBeGreaterThan(2_000);
    expect(started).toBeLessThan(Date.now());
  });
});
