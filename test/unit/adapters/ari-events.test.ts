import { describe, expect, it } from 'vitest';
import { parseAriTimestamp, toTelephonyEvent } from '../../../src/adapters/ari/ari-events.js';

const now = new Date('2026-11-22T00:00:00Z');

describe('ARI events at the boundary', () => {
  it('parses ARI timestamps with a +0800 offset (not ISO)', () => {
    expect(parseAriTimestamp('2026-11-22T09:30:01.123+0800', now).toISOString()).toBe('2026-11-22T01:30:01.123Z');
    expect(parseAriTimestamp('garbage', now)).toBe(now);
    expect(parseAriTimestamp(undefined, now)).toBe(now);
  });

  it('turns StasisStart into a typed event with caller and dialled number', () => {
    const e = toTelephonyEvent(
      {
        type: 'StasisStart',
        timestamp: '2026-11-22T09:30:01.000+0800',
        args: ['inbound'],
        channel: { id: '1.1', state: 'Ring', caller: { number: '13800138000', name: '' }, dialplan: { exten: '12345', context: 'from-carrier' } },
      },
      now,
    );
    expect(e).toEqual({
      type: 'stasis_start',
      at: new Date('2026-11-22T01:30:01.000Z'),
      channelId: '1.1',
      args: ['inbound'],
      callerNumber: '13800138000',
      dialedNumber: '12345',
    });
  });

  it("a soft hang-up request's cause is Asterisk's flag, not a Q.850 cause: left unknown", () => {
    const channel = { id: 'c' };
    // PJSIP's RTP timeout: ast_softhangup(AST_SOFTHANGUP_DEV = 1); the Q.850 cause 44 comes with ChannelDestroyed
    expect(toTelephonyEvent({ type: 'ChannelHangupRequest', channel, cause: 1, soft: true }, now)).toMatchObject({ type: 'hangup_request', cause: 0 });
    // a hang-up request queued by the channel driver (the far end hung up) carries the real cause…
    expect(toTelephonyEvent({ type: 'ChannelHangupRequest', channel, cause: 17, soft: false }, now)).toMatchObject({ type: 'hangup_request', cause: 17 });
    // …or none for a BYE without a Reason header: a normal clearing
    expect(toTelephonyEvent({ type: 'ChannelHangupRequest', channel }, now)).toMatchObject({ type: 'hangup_request', cause: 16 });
  });

  it('keeps the playback target channel and the destroy cause', () => {
    expect(toTelephonyEvent({ type: 'PlaybackFinished', playback: { id: 'c-pb1', target_uri: 'channel:c' } }, now)).toMatchObject({
      type: 'playback_finished',
      playbackId: 'c-pb1',
      channelId: 'c',
    });
    expect(toTelephonyEvent({ type: 'ChannelDestroyed', channel: { id: 'c' }, cause: 16, cause_txt: 'Normal Clearing' }, now)).toMatchObject({
      type: 'channel_destroyed',
      cause: 16,
      causeText: 'Normal Clearing',
    });
  });

  it('returns null for unused or malformed events instead of throwing', () => {
    expect(toTelephonyEvent({ type: 'ChannelVarset', channel: { id: 'c' } }, now)).toBeNull();
    expect(toTelephonyEvent({ type: 'StasisStart' }, now)).toBeNull();
    expect(toTelephonyEvent('not json', now)).toBeNull();
    expect(toTelephonyEvent({ type: 'ChannelDtmfReceived', channel: { id: 'c' }, digit: 5 }, now)).toBeNull();
  });
});
