import { describe, expect, it } from 'vitest';
import { createCallState } from '../../../src/domain/call/call-flow.js';
import type { CallEffect, CallFlowEvent, CallState } from '../../../src/domain/call/call-flow-types.js';
import { callerHearsAgent } from '../../../src/domain/call/end-of-service-flow.js';
import { agentBridgeId, agentLegId } from '../../../src/domain/call/call-flow-helpers.js';
import { at, callAfter, flowSettings, recordTypes, runFlow, TO_AGENT_ZHANG } from '../../support/call-flow-harness.js';

const settings = flowSettings();
const run = (events: CallFlowEvent[], start: CallState) => runFlow(events, start, settings);
const LEG = agentLegId('c1', 1);
const BRIDGE = agentBridgeId('c1');

/** A caller talking to agent zhang (answered at 20 s). */
function withAgent(): CallState {
  const state = callAfter(TO_AGENT_ZHANG);
  expect(state.phase).toBe('with_agent');
  return state;
}

const indexOf = (effects: CallEffect[], pred: (e: CallEffect) => boolean) => effects.findIndex(pred);

describe('end of service by the agent', () => {
  it('takes the caller out of the agent\'s bridge first, then the rating question; the agent goes to wrap-up', () => {
    const { state, effects } = run([{ type: 'end_service', at: at(200), by: 'agent_api' }], withAgent());
    expect(effects[0]).toEqual({ kind: 'remove_from_bridge', bridgeId: BRIDGE, channelIds: ['c1'] });
    expect(state.phase).toBe('rating');
    expect(callerHearsAgent(state)).toBe(false);
    expect(effects).toContainEqual({ kind: 'agent_event', agentId: 'zhang', event: 'call_ended' });
    expect(effects).toContainEqual({ kind: 'update_call', patch: { serviceEndedAt: at(200), serviceEndedBy: 'agent_api' } });
    expect(effects).toContainEqual({ kind: 'play', playbackId: 'c1-pb2', media: 'sound:hotline/survey-intro' });
    // the agent leg stays (the agent did not hang up), alone in its bridge, and is released later
    expect(effects).toContainEqual({ kind: 'start_timer', timer: 'agent_leg_release', ms: 20_000 });
    expect(effects).toContainEqual({ kind: 'play_to_leg', channelId: LEG, playbackId: `${LEG}-ended`, media: 'sound:hotline/service-ended-agent' });
    expect(effects.some((e) => e.kind === 'hangup')).toBe(false);
    expect(state.service).toMatchObject({ agentId: 'zhang', agentLegChannelId: LEG, agentLegUp: true, endedBy: 'agent_api' });
  });

  it('* then 0 on the agent\'s phone ends the service the same way', () => {
    const { state, effects } = run(
      [
        { type: 'agent_dtmf', at: at(100), digit: '*' },
        { type: 'agent_dtmf', at: at(100.3), digit: '0' },
      ],
      withAgent(),
    );
    expect(state.phase).toBe('rating');
    expect(state.service?.endedBy).toBe('agent_phone');
    expect(effects).toContainEqual({ kind: 'remove_from_bridge', bridgeId: BRIDGE, channelIds: ['c1'] });
  });

  it('the agent hanging up ends the service: the caller goes to the rating, not to a hang-up', () => {
    const { state, effects } = run([{ type: 'leg_hungup', at: at(150), channelId: LEG, cause: 16, causeText: 'Normal Clearing' }], withAgent());
    expect(state.phase).toBe('rating');
    expect(state.firstHangupSide).toBe('agent');
    expect(effects[0]).toEqual({ kind: 'remove_from_bridge', bridgeId: BRIDGE, channelIds: ['c1'] });
    expect(effects).toContainEqual({ kind: 'update_call', patch: { serviceEndedAt: at(150), serviceEndedBy: 'agent_hangup', firstHangupSide: 'agent' } });
    expect(effects).not.toContainEqual({ kind: 'hangup', channelId: 'c1', reason: 'normal' });
    expect(effects.some((e) => e.kind === 'start_timer' && e.timer === 'agent_leg_release')).toBe(false);
  });

  it('an agent leg left up is hung up by the release timer, and the call is reviewed once both legs are gone', () => {
    const rating = run([{ type: 'end_service', at: at(200), by: 'agent_api' }], withAgent()).state;
    const callerGone = run([{ type: 'caller_hungup', at: at(205), cause: 16, causeText: 'Normal Clearing' }], rating);
    expect(callerGone.state.phase).toBe('ended');
    expect(callerGone.state.firstHangupSide).toBe('caller');
    // the agent leg is still up: no review yet
    expect(callerGone.effects).not.toContainEqual({ kind: 'review_call' });
    expect(callerGone.effects).toContainEqual({ kind: 'update_call', patch: { rating: 'not_rated', ratedAt: at(205) } });
    const released = run([{ type: 'timer_fired', at: at(220), timer: 'agent_leg_release' }], callerGone.state);
    expect(released.effects).toContainEqual({ kind: 'hangup', channelId: LEG, reason: 'normal' });
    expect(recordTypes(released.effects)).toEqual(['agent_leg_released']);
    const legGone = run([{ type: 'leg_hungup', at: at(220.2), channelId: LEG, cause: 16, causeText: 'Normal Clearing' }], released.state);
    expect(legGone.effects).toContainEqual({ kind: 'review_call' });
    expect(legGone.effects).toContainEqual({ kind: 'destroy_bridge', bridgeId: BRIDGE });
  });

  it('the agent\'s speech after the end is still on the timeline (talk detection on the left-behind leg)', () => {
    const rating = run([{ type: 'end_service', at: at(200), by: 'agent_api' }], withAgent()).state;
    const { effects } = run([{ type: 'talk', at: at(201), channelId: LEG, started: true, durationMs: 0 }], rating);
    expect(effects).toEqual([{ kind: 'record', type: 'talk_started', leg: 'agent', data: { channelId: LEG, at: at(201).toISOString() } }]);
  });

  it('cannot end a service that has not started (agent still ringing)', () => {
    const start = createCallState({ callId: 'c1', callerChannelId: 'c1', callerNumber: '13800138000', dialedNumber: '12345', queueId: 'general' });
    const ringing = run(
      [
        { type: 'stasis_started', at: at(0) },
        { type: 'answered', at: at(0.1) },
        { type: 'playback_finished', at: at(13), playbackId: 'c1-pb1' },
        { type: 'timer_fired', at: at(14.5), timer: 'key_wait' },
        { type: 'agent_assigned', at: at(15), agentId: 'zhang', extension: '8001' },
      ],
      start,
    ).state;
    const { state, effects } = run([{ type: 'end_service', at: at(16), by: 'agent_api' }], ringing);
    expect(state).toEqual(ringing);
    expect(effects).toEqual([]);
  });
});

describe('the caller hangs up while with the agent', () => {
  it('the agent leg leaves the bridge at once (bridge destroyed before the hang-up) and the service ended by the caller', () => {
    const { state, effects } = run([{ type: 'caller_hungup', at: at(90), cause: 16, causeText: 'Normal Clearing' }], withAgent());
    expect(state.phase).toBe('ended');
    const destroy = indexOf(effects, (e) => e.kind === 'destroy_bridge' && e.bridgeId === BRIDGE);
    const hangup = indexOf(effects, (e) => e.kind === 'hangup' && e.channelId === LEG);
    expect(destroy).toBeGreaterThanOrEqual(0);
    expect(hangup).toBeGreaterThan(destroy);
    expect(effects).toContainEqual({ kind: 'update_call', patch: { serviceEndedAt: at(90), serviceEndedBy: 'caller_hangup' } });
    expect(effects).toContainEqual({ kind: 'review_call' });
  });
});

describe('hold', () => {
  it('on hold the caller is out of the bridge hearing music; taken back, in the bridge again', () => {
    const held = run([{ type: 'hold', at: at(60), on: true, via: 'api' }], withAgent());
    expect(held.effects).toEqual([
      { kind: 'remove_from_bridge', bridgeId: BRIDGE, channelIds: ['c1'] },
      { kind: 'start_moh' },
      { kind: 'record', type: 'hold_started', leg: 'agent', data: { agentId: 'zhang', via: 'api' } },
    ]);
    expect(callerHearsAgent(held.state)).toBe(false);
    const back = run([{ type: 'hold', at: at(70), on: false, via: 'api' }], held.state);
    expect(back.effects[1]).toEqual({ kind: 'add_to_bridge', bridgeId: BRIDGE, channelIds: ['c1'] });
    expect(callerHearsAgent(back.state)).toBe(true);
  });

  it('* then 9 toggles hold from the phone; ending the service on hold stops the music instead of leaving the bridge', () => {
    const held = run(
      [
        { type: 'agent_dtmf', at: at(60), digit: '*' },
        { type: 'agent_dtmf', at: at(60.2), digit: '9' },
      ],
      withAgent(),
    );
    expect(held.state.onHold).toBe(true);
    const ended = run([{ type: 'end_service', at: at(80), by: 'agent_api' }], held.state);
    expect(ended.effects[0]).toEqual({ kind: 'stop_moh' });
    expect(ended.effects.some((e) => e.kind === 'remove_from_bridge' || e.kind === 'add_to_bridge')).toBe(false);
    expect(ended.state.phase).toBe('rating');
  });

  it('holding twice does nothing the second time', () => {
    const held = run([{ type: 'hold', at: at(60), on: true, via: 'api' }], withAgent()).state;
    const again = run([{ type: 'hold', at: at(61), on: true, via: 'api' }], held);
    expect(again.effects).toEqual([]);
  });
});

describe('end of service in a three-way call with 110', () => {
  it('the agent leaves the bridge; the caller stays with the emergency service', () => {
    const asked = run([{ type: 'agent_emergency', at: at(60), number: '110', via: 'api' }], withAgent()).state;
    const threeWay = run([{ type: 'leg_answered', at: at(62), channelId: 'c1-emergency' }], asked).state;
    const { state, effects } = run([{ type: 'end_service', at: at(70), by: 'agent_api' }], threeWay);
    expect(effects[0]).toEqual({ kind: 'remove_from_bridge', bridgeId: BRIDGE, channelIds: [LEG] });
    expect(effects).toContainEqual({ kind: 'hangup', channelId: LEG, reason: 'normal' });
    expect(effects.some((e) => e.kind === 'remove_from_bridge' && e.channelIds.includes('c1'))).toBe(false);
    const left = run([{ type: 'leg_hungup', at: at(70.2), channelId: LEG, cause: 16, causeText: 'Normal Clearing' }], state);
    expect(left.state.phase).toBe('emergency_bridged');
  });
});
