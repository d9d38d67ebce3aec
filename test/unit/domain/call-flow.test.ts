import { describe, expect, it } from 'vitest';
import { createCallState, emergencyBridgeId, emergencyLegId, transition } from '../../../src/domain/call/call-flow.js';
import type { CallEffect, CallFlowEvent, CallState } from '../../../src/domain/call/call-flow-types.js';
import { at, flowSettings, recordTypes, runFlow } from '../../support/call-flow-harness.js';

// no skill queue: after the greeting the caller goes to the dialplan's static queue
const settings = flowSettings({ queueTimings: () => null });

function fresh(): CallState {
  return createCallState({ callId: 'c1', callerChannelId: 'c1', callerNumber: '13800138000', dialedNumber: '12345' });
}

const run = (events: CallFlowEvent[], start = fresh()) => runFlow(events, start, settings);
const records = recordTypes;
const kinds = (effects: CallEffect[]) => effects.map((e) => e.kind);

const greeted: CallFlowEvent[] = [
  { type: 'stasis_started', at: at(0) },
  { type: 'answered', at: at(0.2) },
];

describe('call flow: greeting', () => {
  it('answers a new call, then plays the Mandarin greeting once answered', () => {
    const first = run([greeted[0]!]);
    expect(kinds(first.effects)).toEqual(['record', 'watch_channel', 'answer']);
    const { state, effects } = run(greeted);
    expect(state.phase).toBe('greeting');
    expect(effects).toContainEqual({ kind: 'play', playbackId: 'c1-pb1', media: 'sound:hotline/greeting' });
    expect(effects).toContainEqual({ kind: 'update_call', patch: { answeredAt: at(0.2) } });
  });

  it('sends a caller who presses nothing to the queue after the greeting and a short wait', () => {
    const { state, effects } = run([
      ...greeted,
      { type: 'playback_finished', at: at(12), playbackId: 'c1-pb1' },
      { type: 'timer_fired', at: at(13.5), timer: 'key_wait' },
    ]);
    expect(state.phase).toBe('queued');
    expect(effects).toContainEqual({ kind: 'start_timer', timer: 'key_wait', ms: 1500 });
    expect(effects).toContainEqual({ kind: 'continue_in_dialplan', target: settings.queueTarget });
    expect(effects).toContainEqual({ kind: 'update_call', patch: { outcome: 'queued' } });
    // the app subscribed to the caller's channel at the start, so its hang-up is recorded after it leaves
    expect(effects).toContainEqual({ kind: 'watch_channel', channelId: 'c1' });
  });

  it('ignores a non-emergency key but records it', () => {
    const { state, effects } = run([...greeted, { type: 'dtmf', at: at(3), digit: '7' }]);
    expect(state.phase).toBe('greeting');
    expect(records(effects)).toContain('dtmf');
    expect(kinds(effects)).not.toContain('originate_emergency');
  });

  it('ignores the finish of a playback that is no longer current', () => {
    const { state } = run([...greeted, { type: 'playback_finished', at: at(2), playbackId: 'other' }]);
    expect(state.phase).toBe('greeting');
  });
});

describe('call flow: emergency handover from the greeting', () => {
  it.each([
    ['1', '110'],
    ['2', '119'],
    ['3', '120'],
    ['4', '122'],
  ])('key %s during the greeting stops it and dials %s with the caller number', (digit, number) => {
    const { state, effects } = run([...greeted, { type: 'dtmf', at: at(4), digit }]);
    expect(state.phase).toBe('emergency_connecting');
    expect(effects).toContainEqual({ kind: 'stop_playback', playbackId: 'c1-pb1' });
    expect(effects).toContainEqual({
      kind: 'originate_emergency',
      legChannelId: emergencyLegId('c1'),
      number,
      callerNumber: '13800138000',
    });
    expect(effects).toContainEqual({ kind: 'play', playbackId: 'c1-pb2', media: `sound:hotline/emergency-connecting-${number}` });
    // the bridge exists before the leg can answer
    expect(kinds(effects).indexOf('create_bridge')).toBeLessThan(kinds(effects).indexOf('originate_emergency'));
  });

  it('a late key after the greeting still reaches the emergency service', () => {
    const { state, effects } = run([
      ...greeted,
      { type: 'playback_finished', at: at(12), playbackId: 'c1-pb1' },
      { type: 'dtmf', at: at(12.8), digit: '1' },
    ]);
    expect(state.phase).toBe('emergency_connecting');
    expect(effects).toContainEqual({ kind: 'cancel_timer', timer: 'key_wait' });
  });

  it('bridges caller and emergency leg when the leg answers', () => {
    const { state, effects } = run([
      ...greeted,
      { type: 'dtmf', at: at(4), digit: '1' },
      { type: 'leg_answered', at: at(6), channelId: emergencyLegId('c1') },
    ]);
    expect(state.phase).toBe('emergency_bridged');
    expect(effects).toContainEqual({ kind: 'add_to_bridge', bridgeId: emergencyBridgeId('c1'), channelIds: ['c1', emergencyLegId('c1')] });
    expect(effects).toContainEqual({ kind: 'update_call', patch: { outcome: 'emergency_handover' } });
  });

  it('when the emergency leg fails the caller hears why and goes on to the queue', () => {
    const failed = run([
      ...greeted,
      { type: 'dtmf', at: at(4), digit: '2' },
      { type: 'leg_failed', at: at(5), channelId: emergencyLegId('c1'), reason: 'originate rejected' },
    ]);
    expect(failed.state.phase).toBe('emergency_failed');
    expect(failed.effects).toContainEqual({ kind: 'play', playbackId: 'c1-pb3', media: 'sound:hotline/emergency-failed' });
    const queued = run([{ type: 'playback_finished', at: at(9), playbackId: 'c1-pb3' }], failed.state);
    expect(queued.state.phase).toBe('queued');
  });

  it('an emergency leg that does not answer in time is hung up', () => {
    const { state, effects } = run([
      ...greeted,
      { type: 'dtmf', at: at(4), digit: '3' },
      { type: 'timer_fired', at: at(34), timer: 'emergency_answer' },
    ]);
    expect(state.phase).toBe('emergency_failed');
    expect(effects).toContainEqual({ kind: 'hangup', channelId: emergencyLegId('c1'), reason: 'normal' });
  });

  it('when 110 hangs up first the caller is released and the side is the emergency service', () => {
    const bridged = run([
      ...greeted,
      { type: 'dtmf', at: at(4), digit: '1' },
      { type: 'leg_answered', at: at(6), channelId: emergencyLegId('c1') },
      { type: 'leg_hungup', at: at(60), channelId: emergencyLegId('c1'), cause: 16, causeText: 'Normal Clearing' },
    ]);
    expect(bridged.effects).toContainEqual({ kind: 'hangup', channelId: 'c1', reason: 'normal' });
    const end = run([{ type: 'caller_hungup', at: at(60.1), cause: 16, causeText: 'Normal Clearing' }], bridged.state);
    expect(end.state.firstHangupSide).toBe('emergency');
    expect(end.effects).toContainEqual(
      expect.objectContaining({ kind: 'update_call', patch: expect.objectContaining({ firstHangupSide: 'emergency', endedAt: at(60.1) }) }),
    );
  });

  it('when the caller hangs up during the emergency call the leg is hung up too', () => {
    const { state, effects } = run([
      ...greeted,
      { type: 'dtmf', at: at(4), digit: '1' },
      { type: 'leg_answered', at: at(6), channelId: emergencyLegId('c1') },
      { type: 'caller_hungup', at: at(30), cause: 16, causeText: 'Normal Clearing' },
    ]);
    expect(state.firstHangupSide).toBe('caller');
    expect(effects).toContainEqual({ kind: 'hangup', channelId: emergencyLegId('c1'), reason: 'normal' });
    expect(effects).toContainEqual({ kind: 'destroy_bridge', bridgeId: emergencyBridgeId('c1') });
  });
});

describe('call flow: hang-ups', () => {
  it('a caller hanging up in the greeting is recorded as hanging up first, abandoned in greeting', () => {
    const { state, effects } = run([...greeted, { type: 'caller_hungup', at: at(5), cause: 16, causeText: 'Normal Clearing' }]);
    expect(state.phase).toBe('ended');
    expect(effects).toContainEqual({
      kind: 'update_call',
      patch: { endedAt: at(5), hangupCause: 16, hangupCauseText: 'Normal Clearing', firstHangupSide: 'caller', outcome: 'abandoned_in_greeting' },
    });
  });

  it('events after the end change nothing', () => {
    const ended = run([...greeted, { type: 'caller_hungup', at: at(5), cause: 16, causeText: 'Normal Clearing' }]).state;
    const t = transition(ended, { type: 'dtmf', at: at(6), digit: '1' }, settings);
    expect(t).toEqual({ state: ended, effects: [], handled: false });
  });

  it('after the end, the emergency leg leaving the bridge and hanging up still reach the timeline', () => {
    const ended = run([
      ...greeted,
      { type: 'dtmf', at: at(4), digit: '1' },
      { type: 'leg_answered', at: at(6), channelId: emergencyLegId('c1') },
      { type: 'caller_hungup', at: at(30), cause: 16, causeText: 'Normal Clearing' },
    ]).state;
    const { state, effects } = run(
      [
        { type: 'bridge_left', at: at(30.1), channelId: emergencyLegId('c1'), bridgeId: emergencyBridgeId('c1') },
        { type: 'leg_hungup', at: at(30.2), channelId: emergencyLegId('c1'), cause: 16, causeText: 'Normal Clearing' },
      ],
      ended,
    );
    expect(state).toEqual(ended);
    expect(effects).toEqual([
      { kind: 'record', type: 'bridge_left', leg: 'emergency', data: { bridgeId: emergencyBridgeId('c1'), channelId: emergencyLegId('c1') } },
      { kind: 'record', type: 'hangup', leg: 'emergency', data: { cause: 16, causeText: 'Normal Clearing' } },
    ]);
  });

  it('a queued caller who hangs up later keeps the queued outcome', () => {
    const { effects } = run([
      ...greeted,
      { type: 'playback_finished', at: at(12), playbackId: 'c1-pb1' },
      { type: 'timer_fired', at: at(13.5), timer: 'key_wait' },
      { type: 'caller_left_app', at: at(13.6) },
      { type: 'caller_hungup', at: at(40), cause: 16, causeText: 'Normal Clearing' },
    ]);
    const last = effects.filter((e) => e.kind === 'update_call').at(-1);
    expect(last).toEqual({
      kind: 'update_call',
      patch: { endedAt: at(40), hangupCause: 16, hangupCauseText: 'Normal Clearing', firstHangupSide: 'caller' },
    });
  });
});

describe('call flow: adopted after a reconnect', () => {
  it('a caller still in the greeting goes on to the queue', () => {
    const inGreeting = run(greeted).state;
    const { state, effects } = run([{ type: 'adopted', at: at(20), legAlive: false }], inGreeting);
    expect(state.phase).toBe('queued');
    expect(records(effects)).toEqual(['adopted_after_reconnect', 'sent_to_queue']);
    expect(effects).toContainEqual({ kind: 'continue_in_dialplan', target: settings.queueTarget });
  });

  it('a live emergency call is left alone', () => {
    const bridged = run([
      ...greeted,
      { type: 'dtmf', at: at(4), digit: '1' },
      { type: 'leg_answered', at: at(6), channelId: emergencyLegId('c1') },
    ]).state;
    const { state, effects } = run([{ type: 'adopted', at: at(20), legAlive: true }], bridged);
    expect(state.phase).toBe('emergency_bridged');
    expect(kinds(effects)).toEqual(['record']);
  });

  it('a caller whose emergency leg vanished is queued, not left in a silent bridge', () => {
    const bridged = run([
      ...greeted,
      { type: 'dtmf', at: at(4), digit: '1' },
      { type: 'leg_answered', at: at(6), channelId: emergencyLegId('c1') },
    ]).state;
    const { state, effects } = run([{ type: 'adopted', at: at(20), legAlive: false }], bridged);
    expect(state.phase).toBe('queued');
    expect(effects).toContainEqual({ kind: 'destroy_bridge', bridgeId: emergencyBridgeId('c1') });
  });
});
