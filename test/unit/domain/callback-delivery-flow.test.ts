// Delivering a callback: the agent first, a whisper, then the citizen; what happens when the
// agent or the citizen does not answer, and the ids that route the delivery's events.
import { describe, expect, it } from 'vitest';
import {
  deliveryIds,
  deliveryTransition,
  newDelivery,
  parseDeliveryId,
  type DeliveryEffect,
  type DeliveryEvent,
  type DeliveryState,
} from '../../../src/domain/callback/callback-delivery-flow.js';

const T0 = Date.parse('2026-11-22T09:00:00Z');
const at = (s: number) => new Date(T0 + s * 1000);
const ID = 'callback-abcdef012345-1a2b';
const ids = deliveryIds(ID);

function run(events: DeliveryEvent[], start = newDelivery({
  deliveryId: ID, callbackId: 'abcdef012345', callId: '1763800000.42', queueId: 'general', agentId: 'zhang', extension: '8001', number: '13800138000',
})): { state: DeliveryState; effects: DeliveryEffect[] } {
  let state = start;
  const effects: DeliveryEffect[] = [];
  for (const e of events) {
    const t = deliveryTransition(state, e);
    state = t.state;
    effects.push(...t.effects);
  }
  return { state, effects };
}
const kinds = (effects: DeliveryEffect[]) => effects.map((e) => e.kind);
const records = (effects: DeliveryEffect[]) => effects.flatMap((e) => (e.kind === 'record' ? [e.type] : []));
const finish = (effects: DeliveryEffect[]) => effects.find((e) => e.kind === 'finish');

describe('callback delivery', () => {
  const toBridge: DeliveryEvent[] = [
    { type: 'start', at: at(0) },
    { type: 'agent_answered', at: at(3) },
    { type: 'whisper_finished', at: at(5) },
    { type: 'citizen_answered', at: at(12) },
  ];

  it('rings the agent first, whispers, then calls the citizen and bridges and records both', () => {
    const { state, effects } = run(toBridge);
    expect(state.phase).toBe('bridged');
    const k = kinds(effects);
    expect(k.indexOf('originate_agent')).toBeLessThan(k.indexOf('play_whisper'));
    expect(k.indexOf('play_whisper')).toBeLessThan(k.indexOf('originate_citizen'));
    expect(k.indexOf('count_attempt')).toBeLessThan(k.indexOf('originate_citizen'));
    expect(effects).toContainEqual({ kind: 'originate_citizen', channelId: ids.citizenLeg, number: '13800138000' });
    expect(effects).toContainEqual({ kind: 'play_whisper', channelId: ids.agentLeg, playbackId: ids.whisper });
    expect(effects).toContainEqual({ kind: 'add_to_bridge', bridgeId: ids.bridge, channelIds: [ids.citizenLeg] });
    expect(effects).toContainEqual(expect.objectContaining({ kind: 'start_recording', bridgeId: ids.bridge }));
    expect(effects.filter((e) => e.kind === 'talk_detect')).toHaveLength(2);
    expect(effects.filter((e) => e.kind === 'agent_event').map((e) => (e.kind === 'agent_event' ? e.event : ''))).toEqual(['offered', 'answered']);
    // the number is masked in the timeline
    expect(effects.find((e) => e.kind === 'record' && e.type === 'callback_dialled')).toMatchObject({ data: { number: '138****8000' } });
  });

  it.each([
    ['the citizen hangs up', { type: 'citizen_gone', at: at(60), reason: 'Normal Clearing (16)' } as DeliveryEvent, 'caller'],
    ['the agent hangs up', { type: 'agent_gone', at: at(60), reason: 'Normal Clearing (16)' } as DeliveryEvent, 'agent'],
  ])('%s: the callback is completed, the other leg hung up, the agent to wrap-up', (_what, event, side) => {
    const { state, effects } = run([...toBridge, event]);
    expect(state.phase).toBe('ended');
    expect(finish(effects)).toEqual({ kind: 'finish', result: 'completed' });
    expect(effects.find((e) => e.kind === 'record' && e.type === 'callback_completed')).toMatchObject({ data: { firstHangupSide: side } });
    expect(effects).toContainEqual({ kind: 'agent_event', event: 'call_ended' });
    expect(effects).toContainEqual({ kind: 'hangup', channelId: side === 'agent' ? ids.citizenLeg : ids.agentLeg });
  });

  it('the citizen does not answer or is busy: the agent is released back to ready (no missed call), the attempt failed', () => {
    const { state, effects } = run([...toBridge.slice(0, 3), { type: 'citizen_gone', at: at(40), reason: 'User busy (17)' }]);
    expect(state.phase).toBe('ended');
    expect(finish(effects)).toEqual({ kind: 'finish', result: 'citizen_unreachable' });
    const tail = kinds(effects).slice(-5);
    expect(tail).toEqual(['hangup', 'destroy_bridge', 'agent_event', 'agent_ready', 'finish']);
    expect(effects).not.toContainEqual({ kind: 'agent_event', event: 'ring_no_answer' });
    expect(records(effects)).toContain('callback_attempt_failed');
  });

  it('the agent does not answer: a missed call for the agent, the callback back at its place (no attempt counted)', () => {
    const { effects } = run([{ type: 'start', at: at(0) }, { type: 'agent_gone', at: at(15), reason: 'No answer (19)' }]);
    expect(finish(effects)).toEqual({ kind: 'finish', result: 'agent_no_answer' });
    expect(effects).toContainEqual({ kind: 'agent_event', event: 'ring_no_answer' });
    expect(kinds(effects)).not.toContain('count_attempt');
    expect(kinds(effects)).not.toContain('originate_citizen');
  });

  it('the agent hangs up during the whisper or while the citizen rings: back at its place', () => {
    const inWhisper = run([...toBridge.slice(0, 2), { type: 'agent_gone', at: at(4), reason: 'Normal Clearing (16)' }]);
    expect(finish(inWhisper.effects)).toEqual({ kind: 'finish', result: 'agent_left' });
    const ringing = run([...toBridge.slice(0, 3), { type: 'agent_gone', at: at(8), reason: 'Normal Clearing (16)' }]);
    expect(finish(ringing.effects)).toEqual({ kind: 'finish', result: 'agent_left' });
    expect(ringing.effects).toContainEqual({ kind: 'hangup', channelId: ids.citizenLeg });
  });

  it('events out of turn do nothing (late answer, a second hang-up, talk before the bridge)', () => {
    const ended = run([{ type: 'start', at: at(0) }, { type: 'agent_gone', at: at(15), reason: 'x' }]).state;
    for (const e of [
      { type: 'agent_answered', at: at(16) },
      { type: 'citizen_gone', at: at(17), reason: 'x' },
      { type: 'whisper_finished', at: at(18) },
    ] as DeliveryEvent[]) {
      expect(deliveryTransition(ended, e).handled).toBe(false);
    }
    const ringing = run([{ type: 'start', at: at(0) }]).state;
    expect(deliveryTransition(ringing, { type: 'talk', at: at(1), leg: 'agent', started: true, durationMs: 0 }).handled).toBe(false);
    expect(deliveryTransition(ringing, { type: 'citizen_answered', at: at(1) }).handled).toBe(false);
  });

  it.each([
    [ids.agentLeg, { deliveryId: ID, part: 'agent', far: false }],
    [`${ids.citizenLeg}-far`, { deliveryId: ID, part: 'citizen', far: true }],
    [ids.whisper, { deliveryId: ID, part: 'whisper', far: false }],
    ['1763800000.42', null],
    ['1763800000.42-agent1', null],
    ['callback-abcdef012345-1a2b', null],
  ])('%s is routed as %j', (id, expected) => {
    expect(parseDeliveryId(id)).toEqual(expected);
  });
});
