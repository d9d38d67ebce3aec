// Emergency failover on the real Asterisk: 110's dedicated route is dead (a socket that takes
// every INVITE and never answers, the slow case: SIP alone would wait 32 s), so the dialplan
// moves on to the next route, the carrier trunk, where a SIPp stand-in rings and answers.
// Both ways in are checked: 110 dialled directly from the carrier side, and key 1 in the
// 12345 greeting (the app dials Local/110@hotline-emergency). The caller hears ringback
// (China's 450 Hz tone), not silence, and ends up talking to the second route.
import { createSocket, type Socket } from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, startHotlineApp, waitFor, type HotlineApp } from '../support/hotline-app.js';
import { openRtpSink, type RtpSink } from '../support/rtp-sink.js';
import { CARRIER_IP, EMERGENCY_IP, placeCall, standInEmergencyService, traceTime } from '../support/sipp.js';

/** A dead route: takes every SIP message on 127.0.0.3:5110 and answers none. */
interface DeadRoute {
  /** Epoch ms and start line of each INVITE, with its From header. */
  invites: Array<{ at: number; from: string }>;
  close(): Promise<void>;
}

async function deadRoute(port: number): Promise<DeadRoute> {
  const socket: Socket = createSocket('udp4');
  const invites: DeadRoute['invites'] = [];
  socket.on('message', (m) => {
    const text = m.toString('utf8');
    if (text.startsWith('INVITE ')) invites.push({ at: Date.now(), from: /^From:.*$/im.exec(text)?.[0] ?? '' });
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, EMERGENCY_IP, () => resolve());
  });
  return { invites, close: () => new Promise<void>((resolve) => socket.close(() => resolve())) };
}

/** The carrier trunk's address in the local stack (CARRIER_URI sip:127.0.0.2:5060). */
const TRUNK_PORT = 5060;
/** The bound: the second route rings within 6 s of the dial or the key. */
const FAILOVER_BOUND_MS = 6_000;

let app: HotlineApp;
let db: Awaited<ReturnType<typeof createTestDatabase>>;

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startHotlineApp({ databaseUrl: db.url });
  await app.waitReady();
});

afterAll(async () => {
  await app?.stop();
  await db?.drop();
});

/** Sink-relative ms of an epoch time. */
const at = (sink: RtpSink, epochMs: number) => epochMs - sink.openedAt;

describe('110 with its dedicated route dead', () => {
  it('dialled directly: the trunk stand-in rings within 6 s, the caller hears ringback, then the trunk', async () => {
    const dead = await deadRoute(5110);
    const trunk = standInEmergencyService(TRUNK_PORT, 60_000, { address: CARRIER_IP, ringMs: 1_500 });
    await new Promise((r) => setTimeout(r, 500)); // let the stand-in bind
    const sink = await openRtpSink();
    const caller = '13900000071';
    const result = await placeCall({ dial: '110', caller, rtpPort: sink.port, steps: [{ wait: 9_000 }], end: 'bye' }).done;
    await sink.close();
    await dead.close();
    expect(result.exitCode, result.stderr + result.messages).toBe(0);
    const emergency = await trunk.done;
    expect(emergency.exitCode, emergency.stderr + emergency.messages).toBe(0);

    const dialledAt = traceTime(result.messages, /^INVITE /)!;
    const ownInvites = dead.invites.filter((i) => i.from.includes(caller));
    // the dedicated route was tried first, at once, and never answered
    expect(ownInvites.length).toBeGreaterThan(0);
    expect(ownInvites[0]!.at - dialledAt).toBeLessThan(1_000);
    // then the trunk: INVITE for 110 with the caller's number, ringing within 6 s of the dial
    const trunkInvite = /INVITE sip:110@[\s\S]*?\n\r?\n/.exec(emergency.messages)?.[0] ?? '';
    expect(trunkInvite).toMatch(new RegExp(`From:[^\\n]*sip:${caller}@`));
    const trunkInvitedAt = traceTime(emergency.messages, /^INVITE sip:110@/)!;
    const trunkRangAt = traceTime(emergency.messages, /^SIP\/2\.0 180 /)!;
    const trunkAnsweredAt = traceTime(emergency.messages, /^SIP\/2\.0 200 /)!;
    expect(trunkInvitedAt).toBeGreaterThan(ownInvites[0]!.at);
    expect(trunkRangAt - dialledAt).toBeLessThan(FAILOVER_BOUND_MS);

    // ringback from the dial until the trunk answered: the 450 Hz tone, 1 s on / 4 s off
    const ringback = sink.ringbackMs(at(sink, dialledAt), at(sink, trunkAnsweredAt));
    expect(ringback).toBeGreaterThanOrEqual(800);
    // and then the trunk's own tone: the caller talks to the second route
    expect(sink.toneMs(at(sink, trunkAnsweredAt) + 500, at(sink, trunkAnsweredAt) + 3_500)).toBeGreaterThan(2_000);
  });

  it('key 1 in the greeting: the trunk stand-in rings within 6 s of the key, the caller hears ringback and is bridged to it', async () => {
    const dead = await deadRoute(5110);
    const trunk = standInEmergencyService(TRUNK_PORT, 60_000, { address: CARRIER_IP, ringMs: 5_000 });
    await new Promise((r) => setTimeout(r, 500));
    const sink = await openRtpSink();
    const caller = '13900000072';
    const result = await placeCall({
      dial: '12345',
      caller,
      rtpPort: sink.port,
      steps: [{ wait: 2_000 }, { dtmf: '1' }, { wait: 14_000 }],
      end: 'bye',
    }).done;
    await sink.close();
    await dead.close();
    expect(result.exitCode, result.stderr + result.messages).toBe(0);
    const emergency = await trunk.done;
    expect(emergency.exitCode, emergency.stderr + emergency.messages).toBe(0);

    const keyAt = traceTime(result.messages, /^INFO /)!;
    const ownInvites = dead.invites.filter((i) => i.from.includes(caller));
    expect(ownInvites.length).toBeGreaterThan(0);
    expect(ownInvites[0]!.at - keyAt).toBeLessThan(1_000);
    expect(emergency.messages).toMatch(new RegExp(`From:[^\\n]*sip:${caller}@`));
    const trunkRangAt = traceTime(emergency.messages, /^SIP\/2\.0 180 /)!;
    const trunkAnsweredAt = traceTime(emergency.messages, /^SIP\/2\.0 200 /)!;
    expect(trunkRangAt - keyAt).toBeLessThan(FAILOVER_BOUND_MS);

    // after the key: "connecting you to 110" (4.6 s), then ringback until the trunk answers
    expect(sink.loudMs(at(sink, keyAt) + 300, at(sink, keyAt) + 4_000)).toBeGreaterThan(2_500);
    expect(sink.ringbackMs(at(sink, keyAt) + 4_000, at(sink, trunkAnsweredAt))).toBeGreaterThanOrEqual(800);
    // bridged: the trunk's tone reaches the caller
    expect(sink.toneMs(at(sink, trunkAnsweredAt) + 500, at(sink, trunkAnsweredAt) + 3_500)).toBeGreaterThan(2_000);

    const call = await waitFor(`the record of the call from ${caller}`, async () => {
      const list = await app.get<{ calls: Array<{ callId: string; endedAt: string | null }> }>(`/api/calls?number=${caller}`);
      const c = list.body.calls[0];
      if (!c?.endedAt) return undefined;
      return (await app.get<{ outcome: string; emergencyNumber: string | null; events: Array<{ type: string; leg: string }> }>(`/api/calls/${c.callId}`)).body;
    }, 15_000);
    expect(call.outcome).toBe('emergency_handover');
    expect(call.emergencyNumber).toBe('110');
    expect(call.events.filter((e) => e.type === 'bridge_entered').map((e) => e.leg)).toEqual(expect.arrayContaining(['caller', 'emergency']));
  });
});
