// The agent desktop's rules (web/src/pages/agent/agent-desk-rules.ts): the caller-can-hear
// indicator follows GET /api/agents/:id/audio only (on hold, after the end of service, with no
// answer yet: 市民已听不到您), a refused action's words, the caller's wait, and the pop shown only
// for the call in hand.
import { describe, expect, it } from 'vitest';
import { errorWords, hearingOf, offerInHand, waitedMs } from '../../../web/src/pages/agent/agent-desk-rules.js';
import type { AgentState, CallOffer } from '../../../web/src/pages/agent/agent-desk-types.js';

const T0 = Date.parse('2026-12-05T02:00:00.000Z');
const offer: CallOffer = {
  callId: 'c1',
  queueId: 'general',
  callerNumber: '13700000061',
  queuedAt: new Date(T0).toISOString(),
  callback: false,
  at: new Date(T0 + 12_000).toISOString(),
};
const onCall: AgentState = { status: 'on_call', since: T0 + 15_000, callId: 'c1', pendingNotReady: null };

describe('hearingOf', () => {
  it('heard only when the bridge says so', () => {
    expect(hearingOf({ callId: 'c1', callerCanHear: true, onHold: false }, 'on_call')).toEqual({ hears: true, tone: 'hears', detail: null });
  });

  it('on call but not bridged yet (the greeting still playing): not heard, nothing more to say', () => {
    expect(hearingOf({ callId: 'c1', callerCanHear: false, onHold: false }, 'on_call')).toEqual({ hears: false, tone: 'silent', detail: null });
  });

  it('on hold: not heard, and says the caller is on hold', () => {
    expect(hearingOf({ callId: 'c1', callerCanHear: false, onHold: true }, 'on_call')).toEqual({ hears: false, tone: 'held', detail: 'hear.onHold' });
  });

  it('after the end of service (wrap-up): not heard, the service ended', () => {
    expect(hearingOf({ callId: null, callerCanHear: false, onHold: false }, 'wrap_up').detail).toBe('hear.serviceEnded');
  });

  it('no answer from the server yet, or no call: not heard', () => {
    expect(hearingOf(null, 'on_call').hears).toBe(false);
    expect(hearingOf({ callId: null, callerCanHear: false, onHold: false }, 'ready')).toEqual({ hears: false, tone: 'silent', detail: 'hear.idle' });
  });

  it('the agent state alone never makes the caller heard', () => {
    expect(hearingOf({ callId: 'c1', callerCanHear: false, onHold: false }, 'on_call').hears).toBe(false);
  });
});

describe('errorWords', () => {
  it('names a conflict with the server message, an unreachable holder, a refusal, no answer, anything else', () => {
    expect(errorWords({ status: 409, message: 'no call in hand' })).toEqual({ word: 'error.409', values: { message: 'no call in hand' } });
    expect(errorWords({ status: 503, message: 'x' }).word).toBe('error.503');
    expect(errorWords({ status: 403, message: 'x' }).word).toBe('error.403');
    expect(errorWords({ status: 0, message: '' }).word).toBe('error.network');
    expect(errorWords({ status: 500, message: 'boom' })).toEqual({ word: 'error.other', values: { status: 500, message: 'boom' } });
  });
});

describe('waitedMs', () => {
  it('ticks while the phone rings, then is the wait until it rang', () => {
    expect(waitedMs(offer, 'ringing', T0 + 14_000)).toBe(14_000);
    expect(waitedMs(offer, 'on_call', T0 + 60_000)).toBe(12_000);
    expect(waitedMs(offer, 'wrap_up', T0 + 90_000)).toBe(12_000);
  });

  it('unknown without the time the caller joined the queue', () => {
    expect(waitedMs({ ...offer, queuedAt: null }, 'ringing', T0)).toBeNull();
  });
});

describe('offerInHand', () => {
  it('the pop of the call in hand, ringing, on the call or in its wrap-up', () => {
    expect(offerInHand(offer, onCall)).toBe(offer);
    expect(offerInHand(offer, { status: 'ringing', since: T0, callId: 'c1' })).toBe(offer);
    expect(offerInHand(offer, { status: 'wrap_up', since: T0, callId: 'c1', until: T0 + 10_000, pendingNotReady: null })).toBe(offer);
  });

  it('never an older call\'s pop for another call, nor one without a call in hand', () => {
    expect(offerInHand(offer, { ...onCall, callId: 'c2' })).toBeNull();
    expect(offerInHand(offer, { status: 'ready', since: T0 })).toBeNull();
    expect(offerInHand(null, onCall)).toBeNull();
    expect(offerInHand(offer, null)).toBeNull();
  });
});
