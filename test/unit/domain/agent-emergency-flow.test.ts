import { describe, expect, it } from 'vitest';
import { emergencyLegId as agentEmergencyLegId } from '../../../src/domain/call/call-flow-helpers.js';
import { createCallState, transition } from '../../../src/domain/call/call-flow.js';
import type { CallFlowEvent, CallState } from '../../../src/domain/call/call-flow-types.js';
import { agentBridgeId, agentLegId } from '../../../src/domain/call/call-flow-helpers.js';
import { at, flowSettings, runFlow } from '../../support/call-flow-harness.js';

const settings = flowSettings({ queueTimings: () => ({ announcePeriodMs: 30_000, maxWaitMs: 600_000 }) });
const run = (events: CallFlowEvent[], start: CallState) => runFlow(events, start, settings);

function talking(): CallState {
  const start = createCallState({ callId: 'c1', callerChannelId: 'c1', callerNumber: '13800138000', dialedNumber: '12345', queueId: 'general' });
  return run(
    [
      { type: 'stasis_started', at: at(0) },
      { type: 'answered', at: at(0.1) },
      { type: 'playback_finished', at: at(13), playbackId: 'c1-pb1' },
      { type: 'timer_fired', at: at(14.5), timer: 'key_wait' },
      { type: 'agent_assigned', at: at(15), agentId: 'wang', extension: '1001' },
      { type: 'leg_answered', at: at(18), channelId: agentLegId('c1', 1) },
    ],
    start,
  ).state;
}

describe('agent emergency handover as a three-way call', () => {
  it('the agent asks for 120: the emergency leg is dialled with the caller number', () => {
    const { state, effects } = run([{ type: 'agent_emergency', at: at(60), number: '120', via: 'api' }], talking());
    expect(state.phase).toBe('with_agent');
    expect(effects).toContainEqual({ kind: 'originate_emergency', legChannelId: agentEmergencyLegId('c1'), number: '120', callerNumber: '13800138000' });
  });

  it('* then 1 on the agent phone asks for 110; a key without * does nothing', () => {
    const plain = run([{ type: 'agent_dtmf', at: at(60), digit: '1' }], talking());
    expect(plain.effects.some((e) => e.kind === 'originate_emergency')).toBe(false);
    const starred = run(
      [
        { type: 'agent_dtmf', at: at(60), digit: '*' },
        { type: 'agent_dtmf', at: at(60.5), digit: '1' },
      ],
      talking(),
    );
    expect(starred.effects).toContainEqual(expect.objectContaining({ kind: 'originate_emergency', number: '110' }));
  });

  it('when the emergency service answers it joins the agent bridge; the agent may then leave and the caller stays', () => {
    const threeWay = run(
      [
        { type: 'agent_emergency', at: at(60), number: '110', via: 'api' },
        { type: 'leg_answered', at: at(63), channelId: agentEmergencyLegId('c1') },
      ],
      talking(),
    );
    expect(threeWay.effects).toContainEqual({ kind: 'add_to_bridge', bridgeId: agentBridgeId('c1'), channelIds: [agentEmergencyLegId('c1')] });
    const left = run([{ type: 'leg_hungup', at: at(70), channelId: agentLegId('c1', 1), cause: 16, causeText: 'Normal Clearing' }], threeWay.state);
    expect(left.state.phase).toBe('emergency_bridged');
    expect(left.effects).toContainEqual({ kind: 'agent_event', agentId: 'wang', event: 'call_ended' });
    expect(left.effects.some((e) => e.kind === 'hangup' && e.channelId === 'c1')).toBe(false);
    // later the caller hangs up: the emergency leg goes too
    const end = run([{ type: 'caller_hungup', at: at(200), cause: 16, causeText: 'Normal Clearing' }], left.state);
    expect(end.effects).toContainEqual({ kind: 'hangup', channelId: agentEmergencyLegId('c1'), reason: 'normal' });
    expect(end.state.firstHangupSide).toBe('caller');
  });

  it('if the agent hangs up before the emergency service answered, the ringing leg is hung up and the caller goes to the rating', () => {
    const ringing = run([{ type: 'agent_emergency', at: at(60), number: '119', via: 'api' }], talking()).state;
    const { state, effects } = run([{ type: 'leg_hungup', at: at(61), channelId: agentLegId('c1', 1), cause: 16, causeText: 'Normal Clearing' }], ringing);
    expect(effects).toContainEqual({ kind: 'hangup', channelId: agentEmergencyLegId('c1'), reason: 'normal' });
    expect(effects).not.toContainEqual({ kind: 'hangup', channelId: 'c1', reason: 'normal' });
    expect(state.phase).toBe('rating');
  });

  it('an emergency service that does not answer leaves the agent with the caller', () => {
    const ringing = run([{ type: 'agent_emergency', at: at(60), number: '122', via: 'api' }], talking()).state;
    const { state, effects } = run([{ type: 'leg_hungup', at: at(90), channelId: agentEmergencyLegId('c1'), cause: 19, causeText: 'No Answer' }], ringing);
    expect(state.phase).toBe('with_agent');
    expect(state.emergency).toBeNull();
    expect(effects.some((e) => e.kind === 'hangup')).toBe(false);
  });

  it('is refused while the caller is not yet talking to an agent', () => {
    const start = createCallState({ callId: 'c2', callerChannelId: 'c2', callerNumber: '1', dialedNumber: '12345' });
    const t = transition(start, { type: 'agent_emergency', at: at(1), number: '110', via: 'api' }, settings);
    expect(t.handled).toBe(false);
  });
});
