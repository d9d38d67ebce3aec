import { describe, expect, it } from 'vitest';
import { createCallState } from '../../../src/domain/call/call-flow.js';
import type { CallFlowEvent, CallState } from '../../../src/domain/call/call-flow-types.js';
import { agentBridgeId, agentLegId } from '../../../src/domain/call/call-flow-helpers.js';
import { at, flowSettings, recordTypes, runFlow } from '../../support/call-flow-harness.js';

const settings = flowSettings();
const run = (events: CallFlowEvent[], start: CallState) => runFlow(events, start, settings);
const records = recordTypes;

function greetedInQueue(queueId: string | null = 'general') {
  const start = createCallState({ callId: 'c1', callerChannelId: 'c1', callerNumber: '13800138000', dialedNumber: '12345', queueId });
  return run(
    [
      { type: 'stasis_started', at: at(0) },
      { type: 'answered', at: at(0.1) },
      { type: 'playback_finished', at: at(13), playbackId: 'c1-pb1' },
      { type: 'timer_fired', at: at(14.5), timer: 'key_wait' },
    ],
    start,
  );
}

describe('skill queue: waiting', () => {
  it('after the greeting a caller with a skill queue waits in the app with music, not in the dialplan', () => {
    const { state, effects } = greetedInQueue();
    expect(state.phase).toBe('waiting');
    expect(state.queuedAt).toBe(at(14.5).toISOString());
    expect(effects).toContainEqual({ kind: 'start_moh' });
    expect(effects).toContainEqual({ kind: 'enqueue', queueId: 'general', queuedAt: at(14.5) });
    expect(effects).toContainEqual({ kind: 'start_timer', timer: 'announce', ms: 30_000 });
    expect(effects.some((e) => e.kind === 'continue_in_dialplan')).toBe(false);
  });

  it('an unknown queue falls back to the dialplan queue', () => {
    const { state, effects } = greetedInQueue('no-such-queue');
    expect(state.phase).toBe('queued');
    expect(effects).toContainEqual({ kind: 'continue_in_dialplan', target: settings.queueTarget });
  });

  it('announces the position periodically, music stopping for it and coming back after', () => {
    const waiting = greetedInQueue().state;
    const { state, effects } = run([{ type: 'timer_fired', at: at(44.5), timer: 'announce' }], waiting);
    expect(effects).toEqual([
      { kind: 'stop_moh' },
      { kind: 'announce_position', playbackId: 'c1-pb2', queueId: 'general' },
      { kind: 'start_timer', timer: 'announce', ms: 30_000 },
    ]);
    const after = run([{ type: 'playback_finished', at: at(50), playbackId: 'c1-pb2' }], state);
    expect(after.effects).toContainEqual({ kind: 'start_moh' });
  });

  it('a caller who hangs up while waiting is an abandon with the wait time', () => {
    const waiting = greetedInQueue().state;
    const { state, effects } = run([{ type: 'caller_hungup', at: at(74.5), cause: 16, causeText: 'Normal Clearing' }], waiting);
    expect(state.phase).toBe('ended');
    expect(effects).toContainEqual({ kind: 'dequeue' });
    expect(effects).toContainEqual({ kind: 'record', type: 'abandoned', leg: 'caller', data: { queueId: 'general', waitedMs: 60_000 } });
    // one write closes the record with its outcome, after the abandon is in the timeline
    const closes = effects.filter((e) => e.kind === 'update_call' && 'endedAt' in e.patch);
    expect(closes).toEqual([
      { kind: 'update_call', patch: expect.objectContaining({ endedAt: at(74.5), outcome: 'abandoned_in_queue', firstHangupSide: 'caller' }) },
    ]);
    expect(effects.filter((e) => e.kind === 'update_call' && 'outcome' in e.patch)).toHaveLength(1);
    const abandonAt = effects.findIndex((e) => e.kind === 'record' && e.type === 'abandoned');
    expect(abandonAt).toBeGreaterThanOrEqual(0);
    expect(effects.indexOf(closes[0]!)).toBeGreaterThan(abandonAt);
  });

  it('after the longest wait the caller goes on to the dialplan queue', () => {
    const waiting = greetedInQueue().state;
    const { state, effects } = run([{ type: 'timer_fired', at: at(614.5), timer: 'max_wait' }], waiting);
    expect(state.phase).toBe('queued');
    expect(records(effects)).toContain('max_wait_reached');
    expect(effects).toContainEqual({ kind: 'dequeue' });
  });
});

describe('skill queue: delivery to an agent', () => {
  const assigned: CallFlowEvent = { type: 'agent_assigned', at: at(20), agentId: 'wang', extension: '1001' };

  it('an assigned agent is rung with the caller number, the bridge made first', () => {
    const { state, effects } = run([assigned], greetedInQueue().state);
    expect(state.phase).toBe('agent_ringing');
    const kinds = effects.map((e) => e.kind);
    expect(kinds.indexOf('create_bridge')).toBeLessThan(kinds.indexOf('originate_agent'));
    expect(effects).toContainEqual({
      kind: 'originate_agent',
      legChannelId: agentLegId('c1', 1),
      extension: '1001',
      callerNumber: '13800138000',
      queueId: 'general',
    });
    expect(effects).toContainEqual({ kind: 'agent_event', agentId: 'wang', event: 'offered' });
  });

  it('when the agent answers, music stops, both legs get talk detection, they are bridged and recorded', () => {
    const { state, effects } = run([assigned, { type: 'leg_answered', at: at(23), channelId: agentLegId('c1', 1) }], greetedInQueue().state);
    expect(state.phase).toBe('with_agent');
    expect(effects).toContainEqual({ kind: 'stop_moh' });
    expect(effects).toContainEqual({ kind: 'talk_detect', channelId: 'c1' });
    expect(effects).toContainEqual({ kind: 'talk_detect', channelId: agentLegId('c1', 1) });
    expect(effects).toContainEqual({ kind: 'add_to_bridge', bridgeId: agentBridgeId('c1'), channelIds: ['c1', agentLegId('c1', 1)] });
    expect(effects).toContainEqual({ kind: 'start_recording', bridgeId: agentBridgeId('c1'), name: 'call-c1-agent1' });
    expect(effects).toContainEqual({ kind: 'update_call', patch: { outcome: 'answered_by_agent', agentId: 'wang' } });
  });

  it('ring-no-answer: the agent is told, the caller goes back to waiting keeping the original queue time', () => {
    const ringing = run([assigned], greetedInQueue().state).state;
    const { state, effects } = run(
      [{ type: 'leg_hungup', at: at(35), channelId: agentLegId('c1', 1), cause: 19, causeText: 'No Answer' }],
      ringing,
    );
    expect(state.phase).toBe('waiting');
    expect(state.agent).toBeNull();
    expect(effects).toContainEqual({ kind: 'agent_event', agentId: 'wang', event: 'ring_no_answer' });
    expect(effects).toContainEqual({ kind: 'enqueue', queueId: 'general', queuedAt: at(14.5) });
    // the next offer uses a new leg id
    const next = run([{ type: 'agent_assigned', at: at(36), agentId: 'li', extension: '1002' }], state);
    expect(next.effects).toContainEqual(expect.objectContaining({ kind: 'originate_agent', legChannelId: agentLegId('c1', 2) }));
  });

  it('when the agent hangs up first, the side is the agent and the caller goes on to the rating, not hung up', () => {
    const talking = run([assigned, { type: 'leg_answered', at: at(23), channelId: agentLegId('c1', 1) }], greetedInQueue().state).state;
    const { state, effects } = run(
      [
        { type: 'leg_hungup', at: at(180), channelId: agentLegId('c1', 1), cause: 16, causeText: 'Normal Clearing' },
        { type: 'caller_hungup', at: at(180.1), cause: 16, causeText: 'Normal Clearing' },
      ],
      talking,
    );
    expect(state.firstHangupSide).toBe('agent');
    expect(effects).toContainEqual({ kind: 'agent_event', agentId: 'wang', event: 'call_ended' });
    expect(effects).toContainEqual({ kind: 'play', playbackId: 'c1-pb2', media: 'sound:hotline/survey-intro' });
    expect(effects).not.toContainEqual({ kind: 'hangup', channelId: 'c1', reason: 'normal' });
    expect(effects.filter((e) => e.kind === 'agent_event')).toEqual([{ kind: 'agent_event', agentId: 'wang', event: 'call_ended' }]);
  });

  it('when the caller hangs up during the conversation the agent leg is hung up and wrap-up starts', () => {
    const talking = run([assigned, { type: 'leg_answered', at: at(23), channelId: agentLegId('c1', 1) }], greetedInQueue().state).state;
    const { state, effects } = run([{ type: 'caller_hungup', at: at(100), cause: 16, causeText: 'Normal Clearing' }], talking);
    expect(state.firstHangupSide).toBe('caller');
    expect(effects).toContainEqual({ kind: 'hangup', channelId: agentLegId('c1', 1), reason: 'normal' });
    expect(effects).toContainEqual({ kind: 'agent_event', agentId: 'wang', event: 'call_ended' });
    expect(records(effects)).not.toContain('abandoned');
  });

  it('an agent leg that vanished while the app was away: the caller is re-queued ahead of later callers', () => {
    const talking = run([assigned, { type: 'leg_answered', at: at(23), channelId: agentLegId('c1', 1) }], greetedInQueue().state).state;
    const { state, effects } = run([{ type: 'adopted', at: at(90), legAlive: false }], talking);
    expect(state.phase).toBe('waiting');
    expect(effects).toContainEqual({ kind: 'enqueue', queueId: 'general', queuedAt: at(14.5) });
    expect(effects).toContainEqual({ kind: 'agent_event', agentId: 'wang', event: 'call_ended' });
  });
});

describe("skill queue: the agent's softphone vanishes mid-call (no BYE, cut by Asterisk's RTP timeout)", () => {
  const assigned: CallFlowEvent = { type: 'agent_assigned', at: at(20), agentId: 'wang', extension: '1001' };
  const talking = () => run([assigned, { type: 'leg_answered', at: at(23), channelId: agentLegId('c1', 1) }], greetedInQueue().state).state;
  const cut: CallFlowEvent = { type: 'leg_hungup', at: at(590), channelId: agentLegId('c1', 1), cause: 44, causeText: 'Requested channel not available' };

  it('the caller leaves the bridge first, is told, and waits again at the original place with a fresh longest wait', () => {
    const { state, effects } = run([cut], talking());
    expect(state.phase).toBe('waiting');
    expect(state.agent).toBeNull();
    expect(state.service).toBeNull();
    expect(effects[0]).toEqual({ kind: 'remove_from_bridge', bridgeId: agentBridgeId('c1'), channelIds: ['c1'] });
    expect(effects).toContainEqual({ kind: 'destroy_bridge', bridgeId: agentBridgeId('c1') });
    expect(effects).toContainEqual({ kind: 'enqueue', queueId: 'general', queuedAt: at(14.5) });
    // 575 s after joining the queue: the 600 s longest wait counts again from the cut, not from 14.5 s
    expect(effects).toContainEqual({ kind: 'start_timer', timer: 'max_wait', ms: 600_000 });
    expect(effects).toContainEqual({ kind: 'play', playbackId: 'c1-pb2', media: 'sound:hotline/agent-lost' });
    expect(effects).toContainEqual({ kind: 'update_call', patch: { outcome: 'queued' } });
    expect(effects).toContainEqual(expect.objectContaining({ kind: 'record', type: 'agent_leg_lost', data: expect.objectContaining({ agentId: 'wang', cause: 44 }) }));
    expect(effects).toContainEqual(expect.objectContaining({ kind: 'record', type: 'requeued', data: expect.objectContaining({ reason: 'agent_leg_lost' }) }));
    expect(effects.filter((e) => e.kind === 'agent_event')).toEqual([{ kind: 'agent_event', agentId: 'wang', event: 'call_lost' }]);
    // not an end of service: no rating, no service_ended
    expect(records(effects)).not.toContain('service_ended');
    expect(records(effects)).not.toContain('rating_asked');
  });

  it('after the prompt the caller hears music; the next agent gets a new leg and the call is answered again', () => {
    const back = run([cut], talking()).state;
    const afterPrompt = run([{ type: 'playback_finished', at: at(597), playbackId: 'c1-pb2' }], back);
    expect(afterPrompt.effects).toContainEqual({ kind: 'start_moh' });
    const next = run(
      [
        { type: 'agent_assigned', at: at(600), agentId: 'li', extension: '1002' },
        { type: 'leg_answered', at: at(603), channelId: agentLegId('c1', 2) },
      ],
      afterPrompt.state,
    );
    expect(next.state.phase).toBe('with_agent');
    expect(next.effects).toContainEqual({ kind: 'update_call', patch: { outcome: 'answered_by_agent', agentId: 'li' } });
  });

  it('on hold the caller is already out of the bridge: the music stops for the prompt', () => {
    const held = run([{ type: 'hold', at: at(100), on: true, via: 'api' }], talking()).state;
    expect(held.onHold).toBe(true);
    const { state, effects } = run([cut], held);
    expect(effects[0]).toEqual({ kind: 'stop_moh' });
    expect(state.onHold).toBe(false);
    expect(state.phase).toBe('waiting');
  });

  it('an agent who hangs up (BYE, cause 16) ends the service as before: no re-queue', () => {
    const { state, effects } = run([{ ...cut, cause: 16, causeText: 'Normal Clearing' }], talking());
    expect(state.phase).toBe('rating');
    expect(records(effects)).not.toContain('agent_leg_lost');
  });
});
