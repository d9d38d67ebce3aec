// The callback offer (回拨) while waiting in a skill queue: the timed offer, the key, confirming
// or keying in the number, silence and wrong keys, and the place kept (queuedAt unchanged, no
// abandon) when the app hangs up after the callback is stored.
import { describe, expect, it } from 'vitest';
import { createCallState } from '../../../src/domain/call/call-flow.js';
import type { CallEffect, CallFlowEvent, CallFlowSettings, CallState } from '../../../src/domain/call/call-flow-types.js';
import { CALLBACK_PROMPTS } from '../../../src/domain/call/callback-offer-flow.js';
import { at, flowSettings, recordTypes, runFlow } from '../../support/call-flow-harness.js';

const settings: CallFlowSettings = flowSettings({
  queueTimings: (id) => (id === 'general' ? { announcePeriodMs: 30_000, maxWaitMs: 600_000, callbackOfferMs: 60_000 } : null),
  callback: { key: '9', keyTimeoutMs: 6_000, maxAsks: 2 },
});
const run = (events: CallFlowEvent[], start: CallState, s: CallFlowSettings = settings) => runFlow(events, start, s);
const QUEUED_AT = at(14.5).toISOString();

function waiting(callerNumber = '13800138000', s: CallFlowSettings = settings): CallState {
  const start = createCallState({ callId: 'c1', callerChannelId: 'c1', callerNumber, dialedNumber: '12345', queueId: 'general' });
  const { state } = run(
    [
      { type: 'stasis_started', at: at(0) },
      { type: 'answered', at: at(0.1) },
      { type: 'playback_finished', at: at(13), playbackId: 'c1-pb1' },
      { type: 'timer_fired', at: at(14.5), timer: 'key_wait' },
    ],
    start,
    s,
  );
  expect(state.phase).toBe('waiting');
  return state;
}

const key = (digit: string, s: number): CallFlowEvent => ({ type: 'dtmf', at: at(s), digit });
const plays = (effects: CallEffect[]) => effects.flatMap((e) => (e.kind === 'play' ? [e.media] : []));
const lastPlayback = (state: CallState) => state.currentPlaybackId ?? '';
const digits = (d: string) => d.split('').map((x) => `sound:hotline/digits-${x}`);

/** Waiting caller presses 9: the dialog starts (and the prompt finishes playing). */
function asked(callerNumber = '13800138000') {
  const w = waiting(callerNumber);
  const pressed = run([key('9', 40)], w);
  const done = run([{ type: 'playback_finished', at: at(46), playbackId: lastPlayback(pressed.state) }], pressed.state);
  return { pressed, state: done.state, finished: done };
}

describe('callback offer while waiting', () => {
  it('after the queue\'s offer time the caller hears the offer once; the place and the music stay', () => {
    const entered = waiting();
    const { state, effects } = run([{ type: 'timer_fired', at: at(74.5), timer: 'callback_offer' }], entered);
    expect(state.phase).toBe('waiting');
    expect(state.queuedAt).toBe(QUEUED_AT);
    expect(plays(effects)).toEqual([[CALLBACK_PROMPTS.offerPress, 'sound:hotline/digits-9', CALLBACK_PROMPTS.offerKept]]);
    expect(recordTypes(effects)).toContain('callback_offered');
    expect(effects.some((e) => e.kind === 'dequeue' || e.kind === 'enqueue')).toBe(false);
    const after = run([{ type: 'playback_finished', at: at(80), playbackId: lastPlayback(state) }], state);
    expect(after.effects).toContainEqual({ kind: 'start_moh' });
  });

  it.each([
    ['7', 'sound:hotline/digits-7'],
    ['*', 'sound:hotline/key-star'],
    ['#', 'sound:hotline/key-hash'],
  ])('the offer names the configured key (%s), and that key starts the dialog', (k, spoken) => {
    const s = flowSettings({ ...settings, callback: { key: k, keyTimeoutMs: 6_000, maxAsks: 2 } });
    const entered = waiting('13800138000', s);
    const offered = run([{ type: 'timer_fired', at: at(74.5), timer: 'callback_offer' }], entered, s);
    expect(plays(offered.effects)).toEqual([[CALLBACK_PROMPTS.offerPress, spoken, CALLBACK_PROMPTS.offerKept]]);
    expect(run([key(k, 80)], offered.state, s).state.phase).toBe('callback');
    expect(run([key('9', 80)], offered.state, s).state.phase).toBe('waiting');
  });

  it('the offer timer stops with the wait: when an agent answers, when the caller hangs up, at the longest wait', () => {
    const cancel = { kind: 'cancel_timer', timer: 'callback_offer' };
    const answered = run(
      [
        { type: 'agent_assigned', at: at(30), agentId: 'wang', extension: '1001' },
        { type: 'leg_answered', at: at(33), channelId: 'c1-agent1' },
      ],
      waiting(),
    );
    expect(answered.state.phase).toBe('with_agent');
    expect(answered.effects).toContainEqual(cancel);
    expect(run([{ type: 'caller_hungup', at: at(40), cause: 16, causeText: 'Normal Clearing' }], waiting()).effects).toContainEqual(cancel);
    expect(run([{ type: 'timer_fired', at: at(614.5), timer: 'max_wait' }], waiting()).effects).toContainEqual(cancel);
  });

  it('joining the queue starts the offer timer for the time still to wait', () => {
    const start = createCallState({ callId: 'c1', callerChannelId: 'c1', callerNumber: '13800138000', dialedNumber: '12345', queueId: 'general' });
    const { effects } = run(
      [
        { type: 'stasis_started', at: at(0) },
        { type: 'answered', at: at(0.1) },
        { type: 'playback_finished', at: at(13), playbackId: 'c1-pb1' },
        { type: 'timer_fired', at: at(14.5), timer: 'key_wait' },
      ],
      start,
    );
    expect(effects).toContainEqual({ kind: 'start_timer', timer: 'callback_offer', ms: 60_000 });
  });

  it('the key reads back the number ending in its last four digits and asks 1 or 2', () => {
    const { pressed } = asked();
    expect(pressed.state.phase).toBe('callback');
    expect(pressed.state.callback).toMatchObject({ step: 'confirm', number: '13800138000' });
    expect(plays(pressed.effects)).toEqual([[CALLBACK_PROMPTS.numberEnding, ...digits('8000'), CALLBACK_PROMPTS.confirmKeys]]);
    expect(pressed.effects).toContainEqual({ kind: 'stop_moh' });
    expect(recordTypes(pressed.effects)).toEqual(expect.arrayContaining(['dtmf', 'callback_asked']));
    expect(pressed.effects.some((e) => e.kind === 'dequeue')).toBe(false);
  });

  it('1 confirms: stored with the original queue time, then "you keep your place", then the app hangs up', () => {
    const { state, finished } = asked();
    expect(finished.effects).toContainEqual({ kind: 'start_timer', timer: 'callback_key', ms: 6_000 });
    const confirmed = run([key('1', 47)], state);
    expect(confirmed.effects).toContainEqual({ kind: 'save_callback', number: '13800138000', queueId: 'general', queuedAt: new Date(QUEUED_AT) });
    expect(confirmed.state.callback?.step).toBe('saving');

    const saved = run([{ type: 'callback_saved', at: at(47.1), callbackId: 'abcdef012345' }], confirmed.state);
    expect(plays(saved.effects)).toEqual([[CALLBACK_PROMPTS.registered]]);
    expect(saved.effects).toContainEqual({ kind: 'update_call', patch: { outcome: 'callback_requested' } });
    const requested = saved.effects.find((e) => e.kind === 'record' && e.type === 'callback_requested');
    expect(requested).toMatchObject({ data: { callbackId: 'abcdef012345', queueId: 'general', queuedAt: QUEUED_AT, number: '138****8000' } });

    const bye = run([{ type: 'playback_finished', at: at(52), playbackId: lastPlayback(saved.state) }], saved.state);
    expect(bye.effects).toContainEqual({ kind: 'hangup', channelId: 'c1', reason: 'normal' });
    expect(bye.effects).toContainEqual({ kind: 'update_call', patch: { firstHangupSide: 'system' } });

    // the line drops: no abandon, no dequeue: the waiting-list entry keeps the place
    const gone = run([{ type: 'caller_hungup', at: at(52.2), cause: 16, causeText: 'Normal Clearing' }], bye.state);
    expect(gone.state.phase).toBe('ended');
    expect(gone.state.queuedAt).toBe(QUEUED_AT);
    expect(gone.effects.some((e) => e.kind === 'dequeue')).toBe(false);
    expect(recordTypes(gone.effects)).not.toContain('abandoned');
    expect(gone.effects).not.toContainEqual(expect.objectContaining({ kind: 'update_call', patch: { outcome: 'abandoned_in_queue' } }));
  });

  it('2 asks for another number: digits then # read back the new number, 1 stores it', () => {
    const { state } = asked();
    const other = run([key('2', 47)], state);
    expect(other.state.callback?.step).toBe('enter');
    expect(plays(other.effects)).toEqual([[CALLBACK_PROMPTS.enterNumber]]);
    const typed = run([...'01088886666'.split('').map((d, i) => key(d, 48 + i * 0.3)), key('#', 52)], other.state);
    expect(typed.state.callback).toMatchObject({ step: 'confirm', number: '01088886666' });
    expect(plays(typed.effects).at(-1)).toEqual([CALLBACK_PROMPTS.numberEnding, ...digits('6666'), CALLBACK_PROMPTS.confirmKeys]);
    // the digits of the number never reach the timeline
    const keyed = typed.effects.filter((e) => e.kind === 'record' && e.type === 'dtmf').map((e) => (e.kind === 'record' ? e.data?.digit : null));
    expect(keyed).toEqual([...Array(11).fill('x'), '#']);
    const confirmed = run([key('1', 58)], typed.state);
    expect(confirmed.effects).toContainEqual(expect.objectContaining({ kind: 'save_callback', number: '01088886666' }));
  });

  it.each([
    ['an international number', '0085212345678'],
    ['a premium number', '4008123123'],
    ['a number too short', '1380013'],
  ])('%s is refused and asked again, then the caller goes on waiting', (_what, entered) => {
    const { state } = asked();
    const other = run([key('2', 47)], state);
    const first = run([...entered.split('').map((d) => key(d, 48)), key('#', 50)], other.state);
    expect(first.state.callback?.step).toBe('enter');
    expect(plays(first.effects).at(-1)).toEqual([CALLBACK_PROMPTS.invalidNumber, CALLBACK_PROMPTS.enterNumber]);
    const second = run([...entered.split('').map((d) => key(d, 55)), key('#', 57)], first.state);
    expect(second.state.phase).toBe('waiting');
    expect(second.state.callback).toBeUndefined();
    expect(second.state.queuedAt).toBe(QUEUED_AT);
    expect(recordTypes(second.effects)).toContain('callback_dialog_ended');
    expect(second.effects).toContainEqual({ kind: 'start_timer', timer: 'announce', ms: 30_000 });
    expect(second.effects).toContainEqual({ kind: 'start_timer', timer: 'max_wait', ms: 600_000 - (57 - 14.5) * 1000 });
    expect(second.effects.some((e) => e.kind === 'save_callback' || e.kind === 'dequeue')).toBe(false);
  });

  it('a wrong key in the confirmation asks again; a second wrong key goes back to waiting', () => {
    const { state } = asked();
    const wrong = run([key('5', 47)], state);
    expect(wrong.state.callback?.step).toBe('confirm');
    expect(plays(wrong.effects)[0]?.[0]).toBe(CALLBACK_PROMPTS.invalidKey);
    const again = run([key('#', 55)], wrong.state);
    expect(again.state.phase).toBe('waiting');
    expect(plays(again.effects)).toEqual([[CALLBACK_PROMPTS.backToWaiting]]);
  });

  it('silence asks once more, then the caller goes on waiting', () => {
    const { state } = asked();
    const once = run([{ type: 'timer_fired', at: at(52), timer: 'callback_key' }], state);
    expect(once.state.callback?.asks).toBe(2);
    expect(plays(once.effects)).toHaveLength(1);
    const twice = run([{ type: 'timer_fired', at: at(70), timer: 'callback_key' }], once.state);
    expect(twice.state.phase).toBe('waiting');
  });

  it('silence after some digits takes them as the whole number', () => {
    const { state } = asked();
    const other = run([key('2', 47)], state);
    const typed = run([...'13912345678'.split('').map((d) => key(d, 48)), { type: 'timer_fired', at: at(56), timer: 'callback_key' }], other.state);
    expect(typed.state.callback).toMatchObject({ step: 'confirm', number: '13912345678' });
  });

  it('a caller without a usable number (anonymous) is asked to key one in at once', () => {
    const w = waiting('anonymous');
    const { state, effects } = run([key('9', 40)], w);
    expect(state.callback).toMatchObject({ step: 'enter', number: '' });
    expect(plays(effects)).toEqual([[CALLBACK_PROMPTS.enterNumber]]);
  });

  it('the caller hanging up before confirming is an abandon (the entry leaves the queue)', () => {
    const { state } = asked();
    const { effects } = run([{ type: 'caller_hungup', at: at(50), cause: 16, causeText: 'Normal Clearing' }], state);
    expect(effects).toContainEqual({ kind: 'dequeue' });
    expect(recordTypes(effects)).toContain('abandoned');
  });

  it('an agent free during the dialog takes the caller now; a callback stored meanwhile is cancelled', () => {
    const { state } = asked();
    const confirmed = run([key('1', 47)], state);
    const assigned = run([{ type: 'agent_assigned', at: at(47.05), agentId: 'wang', extension: '1001' }], confirmed.state);
    expect(assigned.state.phase).toBe('agent_ringing');
    expect(assigned.effects).toContainEqual(expect.objectContaining({ kind: 'originate_agent', extension: '1001' }));
    const late = run([{ type: 'callback_saved', at: at(47.1), callbackId: 'abcdef012345' }], assigned.state);
    expect(late.effects).toContainEqual({ kind: 'cancel_callback', callbackId: 'abcdef012345' });
  });

  it('a callback that could not be stored sends the caller back to waiting at the same place', () => {
    const { state } = asked();
    const confirmed = run([key('1', 47)], state);
    const failed = run([{ type: 'callback_saved', at: at(47.2), callbackId: null }], confirmed.state);
    expect(failed.state.phase).toBe('waiting');
    expect(failed.state.queuedAt).toBe(QUEUED_AT);
    expect(recordTypes(failed.effects)).toEqual(expect.arrayContaining(['callback_failed', 'callback_dialog_ended']));
  });

  it('the key does nothing in the greeting or while an agent rings, and nothing when callbacks are off', () => {
    const start = createCallState({ callId: 'c1', callerChannelId: 'c1', callerNumber: '13800138000', dialedNumber: '12345', queueId: 'general' });
    const greeting = run([{ type: 'stasis_started', at: at(0) }, { type: 'answered', at: at(0.1) }, key('9', 2)], start);
    expect(greeting.state.phase).toBe('greeting');
    const ringing = run([{ type: 'agent_assigned', at: at(20), agentId: 'wang', extension: '1001' }, key('9', 21)], waiting());
    expect(ringing.state.phase).toBe('agent_ringing');
    const off = flowSettings();
    const plain = run([key('9', 30)], waiting('13800138000', off), off);
    expect(plain.state.phase).toBe('waiting');
    expect(recordTypes(plain.effects)).toEqual(['dtmf']);
  });
});
