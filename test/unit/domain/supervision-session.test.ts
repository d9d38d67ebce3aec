// The supervision session machine: ringing → active → ended, which media each mode asks for
// (listen and whisper: a snoop on the agent's leg; barge: the call's bridge), and a mode switch.
import { describe, expect, it } from 'vitest';
import { mediaPlan, openSession, sessionIdOf, supervisionIds, transition } from '../../../src/domain/supervision/supervision-session.js';
import type { SupervisionEffect, SupervisionMode, SupervisionSession } from '../../../src/domain/supervision/supervision-types.js';

const SID = '0123456789ab';
const ids = supervisionIds(SID);
const t0 = new Date('2026-12-05T02:00:00Z');
const at = (s: number) => new Date(t0.getTime() + s * 1000);

function ringing(mode: SupervisionMode = 'listen') {
  return openSession({
    sessionId: SID, callId: 'call-1', agentId: 'wang', agentChannelId: 'call-1-agent1', callerChannelId: 'call-1',
    callBridgeId: 'call-1-agentbridge', supervisor: 'user:li', extension: '8009', mode, at: t0,
  });
}

function active(mode: SupervisionMode = 'listen'): SupervisionSession {
  return transition(ringing(mode).state, { type: 'answered', at: at(2) }).state;
}

const kinds = (effects: SupervisionEffect[]) => effects.map((e) => e.kind);
const records = (effects: SupervisionEffect[]) => effects.flatMap((e) => (e.kind === 'record' ? [e] : []));

describe('media of each mode', () => {
  it('listen: a snoop spying both ways that whispers nothing; whisper: into what the agent hears; barge: the call bridge', () => {
    expect(mediaPlan('listen')).toEqual({ snoop: { spy: 'both', whisper: 'none' }, bridge: 'own' });
    expect(mediaPlan('whisper')).toEqual({ snoop: { spy: 'both', whisper: 'out' }, bridge: 'own' });
    expect(mediaPlan('barge')).toEqual({ snoop: null, bridge: 'call' });
  });

  it('ids of a session are told apart from every call channel', () => {
    expect(sessionIdOf(ids.phone)).toBe(SID);
    expect(sessionIdOf(ids.snoop(3))).toBe(SID);
    expect(sessionIdOf(ids.bridge)).toBe(SID);
    expect(sessionIdOf('call-1-agent1')).toBeNull();
    expect(sessionIdOf(`${ids.phone}-far`)).toBeNull();
    expect(sessionIdOf('1772355600.123')).toBeNull();
  });
});

describe('ringing', () => {
  it('a new session rings the supervisor’s phone and nothing else', () => {
    const { state, effects } = ringing();
    expect(state.phase).toBe('ringing');
    expect(effects).toEqual([{ kind: 'originate', channelId: ids.phone, extension: '8009' }]);
  });

  it('answered in listen: own bridge, a snoop on the agent’s leg whispering nothing, both bridged; started recorded', () => {
    const step = transition(ringing('listen').state, { type: 'answered', at: at(2) });
    expect(step.state).toMatchObject({ phase: 'active', answeredAt: at(2).toISOString(), snoopChannelId: ids.snoop(1) });
    expect(step.effects.slice(0, 3)).toEqual([
      { kind: 'create_bridge', bridgeId: ids.bridge },
      { kind: 'snoop', snoopId: ids.snoop(1), targetChannelId: 'call-1-agent1', spy: 'both', whisper: 'none' },
      { kind: 'add_to_bridge', bridgeId: ids.bridge, channelIds: [ids.snoop(1), ids.phone] },
    ]);
    expect(records(step.effects)).toEqual([
      expect.objectContaining({ event: 'supervision_started', data: expect.objectContaining({ supervisor: 'user:li', mode: 'listen', agentId: 'wang', extension: '8009' }) }),
    ]);
  });

  it('answered in whisper: the snoop whispers into what the agent hears (out), never into what the agent says', () => {
    const step = transition(ringing('whisper').state, { type: 'answered', at: at(2) });
    expect(step.effects).toContainEqual({ kind: 'snoop', snoopId: ids.snoop(1), targetChannelId: 'call-1-agent1', spy: 'both', whisper: 'out' });
  });

  it('answered in barge: the supervisor joins the call’s bridge, no snoop', () => {
    const step = transition(ringing('barge').state, { type: 'answered', at: at(2) });
    expect(kinds(step.effects)).not.toContain('snoop');
    expect(step.effects).toContainEqual({ kind: 'add_to_bridge', bridgeId: 'call-1-agentbridge', channelIds: [ids.phone] });
    expect(step.state.snoopChannelId).toBeNull();
  });

  it('a switch while ringing is taken at the answer', () => {
    const switched = transition(ringing('listen').state, { type: 'switch', at: at(1), mode: 'barge' });
    expect(switched.effects).toEqual([]);
    const step = transition(switched.state, { type: 'answered', at: at(2) });
    expect(step.effects).toContainEqual({ kind: 'add_to_bridge', bridgeId: 'call-1-agentbridge', channelIds: [ids.phone] });
  });

  it('the phone never answers: ended no_answer, nothing to hang up, recorded as not answered', () => {
    const step = transition(ringing().state, { type: 'supervisor_gone', at: at(30) });
    expect(step.state).toMatchObject({ phase: 'ended', endReason: 'no_answer' });
    expect(kinds(step.effects)).toEqual(['record']);
    expect(records(step.effects)[0]!.data).toMatchObject({ answered: false, reason: 'no_answer' });
  });

  it('stopped while ringing: the ringing phone is hung up', () => {
    const step = transition(ringing().state, { type: 'stop', at: at(3), reason: 'stopped' });
    expect(step.effects).toContainEqual({ kind: 'hangup', channelId: ids.phone });
    expect(kinds(step.effects)).not.toContain('destroy_bridge');
  });
});

describe('switching mode', () => {
  it('listen → whisper: the old snoop is hung up and a new one whispers to the agent', () => {
    const step = transition(active('listen'), { type: 'switch', at: at(5), mode: 'whisper' });
    expect(step.effects.slice(0, 4)).toEqual([
      { kind: 'hangup', channelId: ids.snoop(1) },
      { kind: 'remove_from_bridge', bridgeId: ids.bridge, channelIds: [ids.phone] },
      { kind: 'snoop', snoopId: ids.snoop(2), targetChannelId: 'call-1-agent1', spy: 'both', whisper: 'out' },
      { kind: 'add_to_bridge', bridgeId: ids.bridge, channelIds: [ids.snoop(2), ids.phone] },
    ]);
    expect(step.state).toMatchObject({ mode: 'whisper', snoopChannelId: ids.snoop(2) });
    expect(records(step.effects)[0]).toMatchObject({ event: 'supervision_mode', data: { from: 'listen', mode: 'whisper' } });
  });

  it('whisper → barge: the snoop goes, the supervisor moves to the call’s bridge', () => {
    const whisper = transition(active('listen'), { type: 'switch', at: at(5), mode: 'whisper' }).state;
    const step = transition(whisper, { type: 'switch', at: at(9), mode: 'barge' });
    expect(kinds(step.effects)).toEqual(['hangup', 'remove_from_bridge', 'add_to_bridge', 'record']);
    expect(step.effects[2]).toEqual({ kind: 'add_to_bridge', bridgeId: 'call-1-agentbridge', channelIds: [ids.phone] });
    expect(step.state.snoopChannelId).toBeNull();
  });

  it('barge → listen: out of the call’s bridge before a new snoop; the modes are kept in order', () => {
    const barge = transition(active('listen'), { type: 'switch', at: at(5), mode: 'barge' }).state;
    const step = transition(barge, { type: 'switch', at: at(9), mode: 'listen' });
    expect(step.effects[0]).toEqual({ kind: 'remove_from_bridge', bridgeId: 'call-1-agentbridge', channelIds: [ids.phone] });
    expect(step.effects[1]).toMatchObject({ kind: 'snoop', whisper: 'none' });
    expect(step.state.modes.map((m) => m.mode)).toEqual(['listen', 'barge', 'listen']);
  });

  it('a switch to the mode in force does nothing', () => {
    const s = active('whisper');
    expect(transition(s, { type: 'switch', at: at(5), mode: 'whisper' })).toEqual({ state: s, effects: [], handled: false });
  });
});

describe('the end', () => {
  it('stopped: snoop and phone hung up, own bridge destroyed, ended recorded with the duration', () => {
    const step = transition(active('listen'), { type: 'stop', at: at(12), reason: 'stopped' });
    expect(step.state).toMatchObject({ phase: 'ended', endReason: 'stopped', endedAt: at(12).toISOString() });
    expect(step.effects.slice(0, 3)).toEqual([
      { kind: 'hangup', channelId: ids.snoop(1) },
      { kind: 'hangup', channelId: ids.phone },
      { kind: 'destroy_bridge', bridgeId: ids.bridge },
    ]);
    expect(records(step.effects)[0]).toMatchObject({ event: 'supervision_ended', data: { reason: 'stopped', answered: true, durationMs: 10_000 } });
  });

  it('the supervisor hangs up: the phone is not hung up again', () => {
    const step = transition(active('barge'), { type: 'supervisor_gone', at: at(7) });
    expect(step.state.endReason).toBe('supervisor_hung_up');
    expect(step.effects).not.toContainEqual({ kind: 'hangup', channelId: ids.phone });
  });

  it('the snoop in force dies with the agent’s leg: the call ended; an older snoop’s end means nothing', () => {
    const s = transition(active('listen'), { type: 'switch', at: at(5), mode: 'whisper' }).state;
    expect(transition(s, { type: 'snoop_gone', at: at(6), channelId: ids.snoop(1) }).handled).toBe(false);
    const step = transition(s, { type: 'snoop_gone', at: at(8), channelId: ids.snoop(2) });
    expect(step.state.endReason).toBe('call_ended');
    expect(step.effects).toContainEqual({ kind: 'hangup', channelId: ids.phone });
    expect(step.effects).not.toContainEqual({ kind: 'hangup', channelId: ids.snoop(2) });
  });

  it('an ended session takes nothing more', () => {
    const ended = transition(active(), { type: 'stop', at: at(9), reason: 'call_ended' }).state;
    for (const e of [{ type: 'answered', at: at(10) }, { type: 'switch', at: at(10), mode: 'barge' }, { type: 'supervisor_gone', at: at(10) }] as const) {
      expect(transition(ended, e).handled).toBe(false);
    }
  });
});
