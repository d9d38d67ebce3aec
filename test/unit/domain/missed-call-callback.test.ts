// Missed calls called back (漏接回拨), the pure rules: which finished call is a missed call and at
// what place; which gets a callback (wait, number, emergency, a callback pending, called back,
// called again); quiet hours; and the check right before one is dialled.
import { describe, expect, it } from 'vitest';
import type { CallEvent, CallRecord } from '../../../src/domain/call/call-timeline-types.js';
import {
  callbackNumber,
  calledAgain,
  decideMissedCallCallback,
  readMissedCall,
  screenMissedCallDelivery,
  type MissedCall,
  type MissedCallSettings,
  type OtherCall,
} from '../../../src/domain/callback/missed-call-callback.js';
import { parseQuietHours } from '../../../src/domain/survey/quiet-hours.js';

// 2026-11-22 10:00 in Shanghai (UTC+8): outside the quiet hours 21:00-08:00
const T0 = Date.parse('2026-11-22T02:00:00Z');
const at = (s: number) => new Date(T0 + s * 1000);
const NUMBER = '13800138000';
const settings: MissedCallSettings = { afterMs: 20_000, calling: { quietHours: parseQuietHours('21:00-08:00'), timeZone: 'Asia/Shanghai' } };

function record(overrides: Partial<CallRecord> = {}): CallRecord {
  return {
    callId: 'c1', channelId: 'c1', callerNumber: NUMBER, dialedNumber: '12345', startedAt: at(0), answeredAt: at(0.2), endedAt: at(40),
    durationMs: 40_000, hangupCause: 16, hangupCauseText: 'Normal Clearing', firstHangupSide: 'caller', outcome: 'abandoned_in_queue',
    emergencyNumber: null, agentId: null, serviceEndedAt: null, serviceEndedBy: null, rating: null, ratedAt: null,
    ...overrides,
  };
}
let nextId = 1;
const event = (type: CallEvent['type'], s: number, data: Record<string, unknown> = {}, leg: CallEvent['leg'] = 'caller'): CallEvent => ({
  id: nextId++, callId: 'c1', at: at(s), type, leg, data,
});
const queueEvents = (waitedMs = 30_000) => [
  event('stasis_start', 0),
  event('enqueued', 4, { queueId: 'general' }),
  event('enqueued', 4.01, { priority: 3, reasons: [{ code: 'repeat_caller' }] }, 'system'),
  event('hangup', 34, { cause: 16 }),
  event('abandoned', 34.005, { queueId: 'general', waitedMs }),
];

const missed = (overrides: Partial<MissedCall> = {}): MissedCall => ({
  callId: 'c1', callerNumber: NUMBER, startedAt: at(0), queueId: 'general', queuedAt: at(4), waitedMs: 30_000, priority: 0, emergency: false, ...overrides,
});
const other = (overrides: Partial<OtherCall>): OtherCall => ({ callId: 'c2', callerNumber: NUMBER, startedAt: at(120), endedAt: at(200), reachedAgent: false, ...overrides });
const none = { otherCalls: [], callbacks: [] };

describe('reading a missed call from a finished call', () => {
  it('takes the place from the abandon (the moment minus the wait), the queue and the priority the entry had', () => {
    const m = readMissedCall(record(), queueEvents());
    expect(m).toMatchObject({ callId: 'c1', queueId: 'general', waitedMs: 30_000, priority: 3, emergency: false });
    expect(m?.queuedAt.toISOString()).toBe(at(4.005).toISOString());
  });

  it('is no missed call unless the caller hung up in the queue', () => {
    for (const outcome of ['answered_by_agent', 'abandoned_in_greeting', 'callback_requested', 'emergency_handover'] as const) {
      expect(readMissedCall(record({ outcome }), queueEvents())).toBeNull();
    }
    expect(readMissedCall(record(), queueEvents().filter((e) => e.type !== 'abandoned'))).toBeNull();
  });

  it('without a recorded wait, the place is when the caller joined the queue', () => {
    const m = readMissedCall(record(), queueEvents().map((e) => (e.type === 'abandoned' ? { ...e, data: { queueId: 'general', waitedMs: null } } : e)));
    expect(m?.queuedAt.toISOString()).toBe(at(4).toISOString());
    expect(m?.waitedMs).toBe(30_005);
  });

  it('knows a call that asked for an emergency service', () => {
    expect(readMissedCall(record({ emergencyNumber: '110' }), queueEvents())?.emergency).toBe(true);
    expect(readMissedCall(record(), [...queueEvents(), event('emergency_requested', 2, { number: '120' })])?.emergency).toBe(true);
  });
});

describe('the number called back', () => {
  it('withheld, emergency and non-mainland numbers get none; +86 is dropped', () => {
    for (const n of ['', 'anonymous', 'Anonymous', 'restricted', 'unknown', 'private']) expect(callbackNumber(n)).toEqual({ ok: false, reason: 'withheld_number' });
    for (const n of ['110', '119', '120', '122']) expect(callbackNumber(n)).toEqual({ ok: false, reason: 'emergency' });
    for (const n of ['sipp', '0085212345678', '12315', '95588', '+4930123456']) expect(callbackNumber(n)).toEqual({ ok: false, reason: 'invalid_number' });
    expect(callbackNumber('+8613800138000')).toEqual({ ok: true, number: NUMBER });
    expect(callbackNumber('07998660123')).toEqual({ ok: true, number: '07998660123' });
  });
});

describe('which missed call gets a callback', () => {
  it('a wait at least the threshold gets one, due now outside quiet hours', () => {
    expect(decideMissedCallCallback(missed(), none, settings, at(40))).toEqual({ kind: 'create', number: NUMBER, dueAt: at(40), held: false });
    expect(decideMissedCallCallback(missed({ waitedMs: 20_000 }), none, settings, at(40)).kind).toBe('create');
  });

  it('a shorter wait, the setting at 0, an emergency call or a bad number get none', () => {
    expect(decideMissedCallCallback(missed({ waitedMs: 19_999 }), none, settings, at(40))).toEqual({ kind: 'skip', reason: 'short_wait' });
    expect(decideMissedCallCallback(missed(), none, { ...settings, afterMs: 0 }, at(40))).toEqual({ kind: 'skip', reason: 'off' });
    expect(decideMissedCallCallback(missed({ emergency: true }), none, settings, at(40))).toEqual({ kind: 'skip', reason: 'emergency' });
    expect(decideMissedCallCallback(missed({ callerNumber: 'anonymous' }), none, settings, at(40))).toEqual({ kind: 'skip', reason: 'withheld_number' });
    expect(decideMissedCallCallback(missed({ callerNumber: '120' }), none, settings, at(40))).toEqual({ kind: 'skip', reason: 'emergency' });
    expect(decideMissedCallCallback(missed({ callerNumber: 'sipp' }), none, settings, at(40))).toEqual({ kind: 'skip', reason: 'invalid_number' });
  });

  it('a number with a callback pending (either kind) gets no second one', () => {
    for (const status of ['waiting', 'delivering', 'retry_wait'] as const) {
      expect(decideMissedCallCallback(missed(), { otherCalls: [], callbacks: [{ status, completedAt: null }] }, settings, at(40)))
        .toEqual({ kind: 'skip', reason: 'callback_pending' });
    }
    // one that ended before (not reached, cancelled) does not count
    const ended = [{ status: 'failed_follow_up', completedAt: null }, { status: 'cancelled', completedAt: null }] as const;
    expect(decideMissedCallCallback(missed(), { otherCalls: [], callbacks: ended }, settings, at(40)).kind).toBe('create');
  });

  it('a number called back since the caller joined the queue gets none; one called back before does', () => {
    expect(decideMissedCallCallback(missed(), { otherCalls: [], callbacks: [{ status: 'completed', completedAt: at(30) }] }, settings, at(40)))
      .toEqual({ kind: 'skip', reason: 'called_back' });
    expect(decideMissedCallCallback(missed(), { otherCalls: [], callbacks: [{ status: 'completed', completedAt: at(-600) }] }, settings, at(40)).kind)
      .toBe('create');
  });

  it('a citizen who called again and reached an agent, or is on the line now, gets none', () => {
    const reached = other({ callId: 'c2', reachedAgent: true });
    expect(decideMissedCallCallback(missed(), { otherCalls: [reached], callbacks: [] }, settings, at(300))).toEqual({ kind: 'skip', reason: 'called_again', byCallId: 'c2' });
    const live = other({ callId: 'c3', endedAt: null });
    expect(decideMissedCallCallback(missed(), { otherCalls: [live], callbacks: [] }, settings, at(300))).toEqual({ kind: 'skip', reason: 'called_again', byCallId: 'c3' });
  });

  it('a later call that also ended without an agent, an earlier call, another number or the call itself changes nothing', () => {
    const others = [
      other({ callId: 'c2', reachedAgent: false }),
      other({ callId: 'c0', startedAt: at(-3600), endedAt: at(-3500), reachedAgent: true }),
      other({ callId: 'c4', callerNumber: '13900139000', reachedAgent: true }),
      other({ callId: 'c1', startedAt: at(0), endedAt: null }),
    ];
    expect(decideMissedCallCallback(missed(), { otherCalls: others, callbacks: [] }, settings, at(300)).kind).toBe('create');
  });

  it('in quiet hours it is held until they end (08:00 Shanghai)', () => {
    const night = new Date('2026-11-22T15:30:00Z'); // 23:30 in Shanghai
    const d = decideMissedCallCallback(missed({ startedAt: new Date(night.getTime() - 60_000), queuedAt: new Date(night.getTime() - 50_000) }), none, settings, night);
    expect(d).toEqual({ kind: 'create', number: NUMBER, dueAt: new Date('2026-11-23T00:00:00Z'), held: true });
    // no quiet hours: now
    expect(decideMissedCallCallback(missed(), none, { ...settings, calling: { quietHours: null, timeZone: 'Asia/Shanghai' } }, night))
      .toMatchObject({ dueAt: night, held: false });
  });
});

describe('right before a missed-call callback is dialled', () => {
  const cb = { callId: 'c1', number: NUMBER, queuedAt: at(4) };

  it('is dialled when nothing changed', () => {
    expect(screenMissedCallDelivery(cb, [other({ reachedAgent: false })], settings.calling, at(600))).toEqual({ kind: 'deliver' });
  });

  it('is cancelled when the citizen is on the line again, or reached an agent since', () => {
    expect(screenMissedCallDelivery(cb, [other({ callId: 'c5', endedAt: null })], settings.calling, at(600))).toEqual({ kind: 'cancel', byCallId: 'c5' });
    expect(screenMissedCallDelivery(cb, [other({ callId: 'c6', reachedAgent: true })], settings.calling, at(600))).toEqual({ kind: 'cancel', byCallId: 'c6' });
  });

  it('is held in quiet hours until they end', () => {
    const early = new Date('2026-11-22T23:10:00Z'); // 07:10 in Shanghai
    expect(screenMissedCallDelivery(cb, [], settings.calling, early)).toEqual({ kind: 'hold', until: new Date('2026-11-23T00:00:00Z') });
  });

  it('the earliest later call that counts is named', () => {
    const calls = [other({ callId: 'late', startedAt: at(900), reachedAgent: true }), other({ callId: 'early', startedAt: at(500), endedAt: null })];
    expect(calledAgain(NUMBER, at(4), 'c1', calls)?.callId).toBe('early');
    expect(calledAgain(NUMBER, at(1000), 'c1', calls)).toBeNull();
  });
});
