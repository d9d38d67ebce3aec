import { describe, expect, it } from 'vitest';
import { createCallState } from '../../../src/domain/call/call-flow.js';
import type { CallEffect, CallFlowEvent, CallFlowSettings, CallState } from '../../../src/domain/call/call-flow-types.js';
import { agentBridgeId, agentLegId, emergencyLegId } from '../../../src/domain/call/call-flow-helpers.js';
import { GREETING_END_MAX_MS } from '../../../src/domain/call/greeting-overlap-flow.js';
import { emergencyKeysMedia } from '../../../src/domain/call/prompts.js';
import { parseEmergencyKeys } from '../../../src/domain/emergency/emergency-keys.js';
import { at, flowSettings, recordTypes, runFlow, TO_AGENT_ZHANG } from '../../support/call-flow-harness.js';

const short = (agentOverlap: 'wait' | 'cut' = 'wait', more: Partial<CallFlowSettings> = {}) =>
  flowSettings({ greeting: { length: 'short', agentOverlap }, callback: { key: '9', keyTimeoutMs: 5000, maxAsks: 2 }, ...more });

const fresh = (queueId: string | null = 'general'): CallState =>
  createCallState({ callId: 'c1', callerChannelId: 'c1', callerNumber: '13800138000', dialedNumber: '12345', queueId });

const ANSWER: CallFlowEvent[] = [
  { type: 'stasis_started', at: at(0) },
  { type: 'answered', at: at(0.1) },
];
const ASSIGNED: CallFlowEvent = { type: 'agent_assigned', at: at(0.4), agentId: 'zhang', extension: '8001' };
const greetingEnds = (s: number): CallFlowEvent => ({ type: 'playback_finished', at: at(s), playbackId: 'c1-pb1' });
const agentAnswers = (s: number): CallFlowEvent => ({ type: 'leg_answered', at: at(s), channelId: agentLegId('c1', 1) });
const KEYS = ['sound:hotline/emergency-keys-intro',
  'sound:hotline/emergency-key-110', 'sound:hotline/digits-1', 'sound:hotline/emergency-key-119', 'sound:hotline/digits-2',
  'sound:hotline/emergency-key-120', 'sound:hotline/digits-3', 'sound:hotline/emergency-key-122', 'sound:hotline/digits-4'];

const bridged = (effects: CallEffect[]) => effects.some((e) => e.kind === 'add_to_bridge' && e.bridgeId === agentBridgeId('c1'));
const timeToAgent = (effects: CallEffect[]) =>
  effects.flatMap((e) => (e.kind === 'update_call' && e.patch.timeToAgentMs !== undefined ? [e.patch.timeToAgentMs] : []));

describe('short greeting: the caller waits in the skill queue from the answer', () => {
  it('plays the short greeting first and joins the waiting list at the answer, without music and without the key wait', () => {
    const { state, effects } = runFlow(ANSWER, fresh(), short());
    expect(state.phase).toBe('waiting');
    expect(state.queuedAt).toBe(at(0.1).toISOString());
    const kinds = effects.map((e) => e.kind);
    expect(kinds.indexOf('play')).toBeLessThan(kinds.indexOf('enqueue'));
    expect(effects).toContainEqual({ kind: 'play', playbackId: 'c1-pb1', media: 'sound:hotline/greeting-short' });
    expect(effects).toContainEqual({ kind: 'enqueue', queueId: 'general', queuedAt: at(0.1) });
    expect(effects).toContainEqual({ kind: 'update_call', patch: { outcome: 'queued' } });
    expect(effects).toContainEqual({ kind: 'start_timer', timer: 'max_wait', ms: 600_000 });
    expect(kinds).not.toContain('start_moh');
    expect(effects.some((e) => e.kind === 'start_timer' && e.timer === 'key_wait')).toBe(false);
  });

  it("'wait': an agent who answers during the greeting is bridged when it ends; time to agent counts from the caller's answer", () => {
    const during = runFlow([...ANSWER, ASSIGNED, agentAnswers(1.5)], fresh(), short('wait'));
    expect(during.state.phase).toBe('agent_ringing');
    expect(bridged(during.effects)).toBe(false);
    expect(during.effects).not.toContainEqual({ kind: 'stop_playback', playbackId: 'c1-pb1' });
    expect(recordTypes(during.effects)).toContain('leg_answered');
    expect(during.effects).toContainEqual({ kind: 'start_timer', timer: 'greeting_end', ms: GREETING_END_MAX_MS });
    // the agent is on the call from the pick-up
    expect(during.effects).toContainEqual({ kind: 'agent_event', agentId: 'zhang', event: 'answered' });

    const after = runFlow([greetingEnds(3.4)], during.state, short('wait'));
    expect(after.state.phase).toBe('with_agent');
    expect(after.effects).toContainEqual({ kind: 'add_to_bridge', bridgeId: agentBridgeId('c1'), channelIds: ['c1', agentLegId('c1', 1)] });
    expect(after.effects.filter((e) => e.kind === 'agent_event')).toEqual([]);
    expect(after.effects).toContainEqual({ kind: 'cancel_timer', timer: 'greeting_end' });
    expect(timeToAgent(after.effects)).toEqual([3300]);
    // the agent's answer is in the timeline once, at the pick-up
    expect(recordTypes(after.effects)).not.toContain('leg_answered');
    expect(after.state.agent?.answeredAt).toBe(at(1.5).toISOString());
  });

  it("'cut': an agent who answers during the greeting is bridged at once and the greeting stops", () => {
    const { state, effects } = runFlow([...ANSWER, ASSIGNED, agentAnswers(1.5)], fresh(), short('cut'));
    expect(state.phase).toBe('with_agent');
    expect(effects).toContainEqual({ kind: 'stop_playback', playbackId: 'c1-pb1' });
    expect(bridged(effects)).toBe(true);
    expect(timeToAgent(effects)).toEqual([1400]);
    // the greeting's end, reported after the stop, changes nothing
    const late = runFlow([greetingEnds(1.6)], state, short('cut'));
    expect(late.state.phase).toBe('with_agent');
    expect(late.effects.map((e) => e.kind)).toEqual(['record']);
  });

  it('an agent who answers after the greeting is bridged at the answer (music while ringing)', () => {
    const ringing = runFlow([...ANSWER, ASSIGNED, greetingEnds(3.4)], fresh(), short('wait'));
    expect(ringing.state.phase).toBe('agent_ringing');
    expect(ringing.effects).toContainEqual({ kind: 'start_moh' });
    const { state, effects } = runFlow([agentAnswers(4.2)], ringing.state, short('wait'));
    expect(state.phase).toBe('with_agent');
    expect(bridged(effects)).toBe(true);
    expect(timeToAgent(effects)).toEqual([4100]);
  });

  it('an agent who picked up during the greeting and hangs up before the bridge: the call ended for the agent, the caller waits again', () => {
    const during = runFlow([...ANSWER, ASSIGNED, agentAnswers(1.5)], fresh(), short('wait')).state;
    const { state, effects } = runFlow(
      [{ type: 'leg_hungup', at: at(2.5), channelId: agentLegId('c1', 1), cause: 16, causeText: 'Normal Clearing' }],
      during,
      short('wait'),
    );
    expect(state.phase).toBe('waiting');
    expect(effects).toContainEqual({ kind: 'agent_event', agentId: 'zhang', event: 'call_ended' });
    expect(effects).toContainEqual({ kind: 'enqueue', queueId: 'general', queuedAt: at(0.1) });
  });

  it('if the greeting never reports its end, an agent who picked up is bridged after GREETING_END_MAX_MS, the greeting stopped', () => {
    const during = runFlow([...ANSWER, ASSIGNED, agentAnswers(1.5)], fresh(), short('wait')).state;
    const { state, effects } = runFlow([{ type: 'timer_fired', at: at(11.5), timer: 'greeting_end' }], during, short('wait'));
    expect(state.phase).toBe('with_agent');
    expect(effects).toContainEqual({ kind: 'stop_playback', playbackId: 'c1-pb1' });
    expect(bridged(effects)).toBe(true);
  });

  it('after a reconnect an agent who picked up during the greeting is bridged (the greeting was lost)', () => {
    const during = runFlow([...ANSWER, ASSIGNED, agentAnswers(1.5)], fresh(), short('wait')).state;
    const { state, effects } = runFlow([{ type: 'adopted', at: at(5), legAlive: true }], during, short('wait'));
    expect(state.phase).toBe('with_agent');
    expect(recordTypes(effects)[0]).toBe('adopted_after_reconnect');
    expect(bridged(effects)).toBe(true);
  });

  it('a caller still waiting after the greeting hears the emergency keys, then music', () => {
    const { state, effects } = runFlow([...ANSWER, greetingEnds(3.4)], fresh(), short());
    expect(state.phase).toBe('waiting');
    expect(effects).toContainEqual({ kind: 'play', playbackId: 'c1-pb2', media: KEYS });
    const music = runFlow([{ type: 'playback_finished', at: at(12), playbackId: 'c1-pb2' }], state, short());
    expect(music.effects).toContainEqual({ kind: 'start_moh' });
  });

  it('the periodic announcement starts with the emergency keys (the long greeting names them itself)', () => {
    const waiting = runFlow([...ANSWER, greetingEnds(3.4)], fresh(), short()).state;
    const { effects } = runFlow([{ type: 'timer_fired', at: at(30.1), timer: 'announce' }], waiting, short());
    expect(effects).toContainEqual({ kind: 'announce_position', playbackId: 'c1-pb3', queueId: 'general', lead: KEYS });
  });

  it('a call without a skill queue hears the short greeting, then the key wait, then the static queue', () => {
    const settings = short('wait', { queueTimings: () => null });
    const { state, effects } = runFlow([...ANSWER, greetingEnds(3.4), { type: 'timer_fired', at: at(4.9), timer: 'key_wait' }], fresh(null), settings);
    expect(effects).toContainEqual({ kind: 'play', playbackId: 'c1-pb1', media: 'sound:hotline/greeting-short' });
    expect(state.phase).toBe('queued');
    expect(effects).toContainEqual({ kind: 'continue_in_dialplan', target: settings.queueTarget });
  });

  it('a caller who hangs up during the greeting left in the greeting; the ringing agent is let go without blame', () => {
    const ringing = runFlow([...ANSWER, ASSIGNED], fresh(), short()).state;
    const { state, effects } = runFlow([{ type: 'caller_hungup', at: at(2), cause: 16, causeText: 'Normal Clearing' }], ringing, short());
    expect(state.phase).toBe('ended');
    expect(effects).toContainEqual({ kind: 'dequeue' });
    expect(effects).toContainEqual({ kind: 'hangup', channelId: agentLegId('c1', 1), reason: 'normal' });
    expect(effects).toContainEqual({ kind: 'agent_event', agentId: 'zhang', event: 'call_ended' });
    expect(effects).toContainEqual(
      expect.objectContaining({ kind: 'update_call', patch: expect.objectContaining({ outcome: 'abandoned_in_greeting', endedAt: at(2) }) }),
    );
  });

  it('a caller who hangs up after the greeting, while waiting, abandoned in the queue', () => {
    const waiting = runFlow([...ANSWER, greetingEnds(3.4)], fresh(), short()).state;
    const { effects } = runFlow([{ type: 'caller_hungup', at: at(20), cause: 16, causeText: 'Normal Clearing' }], waiting, short());
    expect(effects).toContainEqual(expect.objectContaining({ kind: 'update_call', patch: expect.objectContaining({ outcome: 'abandoned_in_queue' }) }));
  });

  it('the callback key works during the greeting: the greeting stops and the dialog starts', () => {
    const { state, effects } = runFlow([...ANSWER, { type: 'dtmf', at: at(1), digit: '9' }], fresh(), short());
    expect(state.phase).toBe('callback');
    expect(effects).toContainEqual({ kind: 'stop_playback', playbackId: 'c1-pb1' });
    expect(recordTypes(effects)).toContain('callback_asked');
  });
});

describe('emergency keys while waiting in the skill queue', () => {
  it.each([
    ['1', '110'],
    ['2', '119'],
    ['3', '120'],
    ['4', '122'],
  ])('key %s during the short greeting leaves the queue and dials %s', (digit, number) => {
    const { state, effects } = runFlow([...ANSWER, { type: 'dtmf', at: at(1), digit }], fresh(), short());
    expect(state.phase).toBe('emergency_connecting');
    expect(effects).toContainEqual({ kind: 'dequeue' });
    expect(effects).toContainEqual({ kind: 'stop_playback', playbackId: 'c1-pb1' });
    expect(effects).toContainEqual({ kind: 'cancel_timer', timer: 'max_wait' });
    expect(effects).toContainEqual({ kind: 'originate_emergency', legChannelId: emergencyLegId('c1'), number, callerNumber: '13800138000' });
  });

  it('a key while the agent rings lets the agent go (back to ready) and dials the emergency service', () => {
    const ringing = runFlow([...ANSWER, ASSIGNED, greetingEnds(3.4)], fresh(), short()).state;
    const { state, effects } = runFlow([{ type: 'dtmf', at: at(4), digit: '3' }], ringing, short());
    expect(state.phase).toBe('emergency_connecting');
    expect(state.agent).toBeNull();
    expect(effects).toContainEqual({ kind: 'hangup', channelId: agentLegId('c1', 1), reason: 'normal' });
    expect(effects).toContainEqual({ kind: 'destroy_bridge', bridgeId: agentBridgeId('c1') });
    expect(effects).toContainEqual({ kind: 'agent_event', agentId: 'zhang', event: 'call_ended' });
    expect(effects).toContainEqual({ kind: 'stop_moh' });
    expect(effects).toContainEqual(expect.objectContaining({ kind: 'originate_emergency', number: '120' }));
  });

  it('a key while waiting with the long greeting works too, and a failed handover comes back at the same place', () => {
    const settings = flowSettings();
    const waiting = runFlow(TO_AGENT_ZHANG.slice(0, 4), fresh(), settings).state;
    expect(waiting.phase).toBe('waiting');
    const failed = runFlow(
      [
        { type: 'dtmf', at: at(40), digit: '1' },
        { type: 'leg_failed', at: at(41), channelId: emergencyLegId('c1'), reason: 'no route' },
      ],
      waiting,
      settings,
    );
    expect(failed.effects).toContainEqual({ kind: 'dequeue' });
    expect(failed.state.phase).toBe('emergency_failed');
    const back = runFlow([{ type: 'playback_finished', at: at(45), playbackId: failed.state.currentPlaybackId! }], failed.state, settings);
    expect(back.state.phase).toBe('waiting');
    expect(back.effects).toContainEqual({ kind: 'enqueue', queueId: 'general', queuedAt: at(14.5) });
  });

  it('in the callback dialog 1 confirms the number, it is not an emergency key', () => {
    const dialog = runFlow([...ANSWER, greetingEnds(3.4), { type: 'dtmf', at: at(5), digit: '9' }], fresh(), short()).state;
    const { state, effects } = runFlow([{ type: 'dtmf', at: at(8), digit: '1' }], dialog, short());
    expect(state.phase).toBe('callback');
    expect(effects.some((e) => e.kind === 'originate_emergency')).toBe(false);
    expect(effects).toContainEqual(expect.objectContaining({ kind: 'save_callback' }));
  });

  it('a non-emergency key while waiting is only recorded', () => {
    const waiting = runFlow([...ANSWER, greetingEnds(3.4)], fresh(), short()).state;
    const { state, effects } = runFlow([{ type: 'dtmf', at: at(6), digit: '7' }], waiting, short());
    expect(state.phase).toBe('waiting');
    expect(recordTypes(effects)).toEqual(['dtmf']);
  });
});

describe('time to agent with the long greeting', () => {
  it('counts from the answer to the bridge', () => {
    const effects = runFlow(TO_AGENT_ZHANG, fresh(), flowSettings()).effects;
    expect(timeToAgent(effects)).toEqual([19_900]);
  });
});

describe('emergencyKeysMedia', () => {
  it('says the keys in key order, each after its service', () => {
    expect(emergencyKeysMedia(parseEmergencyKeys('2=119,1=110,3=120,4=122'))).toEqual(KEYS);
  });

  it('speaks * and # as keys, and is empty without keys', () => {
    expect(emergencyKeysMedia(parseEmergencyKeys('*=110'))).toEqual(['sound:hotline/emergency-keys-intro', 'sound:hotline/emergency-key-110', 'sound:hotline/key-star']);
    expect(emergencyKeysMedia(parseEmergencyKeys(''))).toEqual([]);
  });
});
