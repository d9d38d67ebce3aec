import { describe, expect, it } from 'vitest';
import { detectIncidents, type IncidentThresholds } from '../../../src/domain/incident/detect-incidents.js';
import { audibleOverlapMs, clip, pairMarks } from '../../../src/domain/incident/intervals.js';
import type { CallEvent, CallEventType, CallRecord, Leg } from '../../../src/ports/call/call-records.js';

const T0 = Date.parse('2026-11-26T02:00:00Z');
const t = (s: number) => new Date(T0 + s * 1000);
const BRIDGE = 'c1-agentbridge';
const thresholds: IncidentThresholds = { speechAfterEndMs: 1000, agentLegGraceMs: 5000, monologueMs: 20_000, callerSilenceMs: 10_000 };

let seq = 0;
function ev(s: number, type: CallEventType, leg: Leg, data: Record<string, unknown> = {}): CallEvent {
  seq += 1;
  return { id: seq, callId: 'c1', at: t(s), type, leg, data };
}
const talk = (leg: Leg, from: number, to: number) => [
  ev(from, 'talk_started', leg, { at: t(from).toISOString() }),
  ev(to, 'talk_stopped', leg, { at: t(to).toISOString(), durationMs: (to - from) * 1000 }),
];

function call(patch: Partial<CallRecord> = {}): CallRecord {
  return {
    callId: 'c1', channelId: 'c1', callerNumber: '13800138000', dialedNumber: '12345', startedAt: t(0), answeredAt: t(0),
    endedAt: t(120), durationMs: 120_000, hangupCause: 16, hangupCauseText: 'Normal Clearing', firstHangupSide: 'caller',
    outcome: 'answered_by_agent', emergencyNumber: null, agentId: 'zhang', serviceEndedAt: null, serviceEndedBy: null,
    rating: null, ratedAt: null, ...patch,
  };
}

/** A conversation from 20 s: caller and agent in the agent bridge, both speaking in turn until 90 s. */
const conversation = (): CallEvent[] => [
  ev(20, 'leg_answered', 'agent', { agentId: 'zhang' }),
  ev(20.1, 'bridge_entered', 'caller', { bridgeId: BRIDGE }),
  ev(20.1, 'bridge_entered', 'agent', { bridgeId: BRIDGE }),
  ...talk('caller', 22, 40),
  ...talk('agent', 41, 60),
  ...talk('caller', 61, 80),
  ...talk('agent', 81, 89),
];

describe('incident detector', () => {
  it('the seed-002 replay with our protection: agent speech after the end while the caller rates, out of the bridge (high, not heard)', () => {
    const events = [
      ...conversation(),
      ev(90, 'bridge_left', 'caller', { bridgeId: BRIDGE }),
      ev(90, 'service_ended', 'agent', { agentId: 'zhang', endedBy: 'agent_api' }),
      ...talk('agent', 91, 105),
      ev(106, 'hangup', 'caller', {}),
      ev(110, 'agent_leg_released', 'system', {}),
      ev(110.2, 'hangup', 'agent', {}),
    ];
    const found = detectIncidents(call({ serviceEndedAt: t(90), serviceEndedBy: 'agent_api', endedAt: t(106) }), events, thresholds);
    const speech = found.find((i) => i.kind === 'agent_speech_after_end_of_service');
    expect(speech).toMatchObject({ severity: 'high', agentId: 'zhang' });
    expect(speech?.evidence).toMatchObject({ callerCouldHearMs: 0, agentSpeechAfterEnd: [{ ms: 14_000 }] });
    // the agent leg outlived the caller by 4.2 s: under the 5 s grace
    expect(found.some((i) => i.kind === 'agent_leg_outlived_caller')).toBe(false);
  });

  it('the seed-002 incident as it happened: the caller was still in the agent\'s bridge after the end (critical, heard)', () => {
    const events = [
      ...conversation(),
      ev(90, 'service_ended', 'agent', { agentId: 'zhang', endedBy: 'agent_api' }),
      ...talk('agent', 91, 105),
      ev(106, 'hangup', 'caller', {}),
      ev(107, 'hangup', 'agent', {}),
    ];
    const found = detectIncidents(call({ serviceEndedAt: t(90), serviceEndedBy: 'agent_api', endedAt: t(106) }), events, thresholds);
    const speech = found.find((i) => i.kind === 'agent_speech_after_end_of_service');
    expect(speech?.severity).toBe('critical');
    expect(speech?.evidence.callerCouldHearMs).toBe(14_000);
  });

  it('leaving the bridge within the 300 ms of the end of service is the end itself, not a leak', () => {
    const events = [
      ...conversation(),
      ev(90, 'service_ended', 'agent', { endedBy: 'agent_api' }),
      ev(90.12, 'bridge_left', 'caller', { bridgeId: BRIDGE }),
      ...talk('agent', 89.5, 100),
      ev(101, 'hangup', 'caller', {}),
      ev(101.3, 'hangup', 'agent', {}),
    ];
    const found = detectIncidents(call({ serviceEndedAt: t(90), serviceEndedBy: 'agent_api', endedAt: t(101) }), events, thresholds);
    expect(found.find((i) => i.kind === 'agent_speech_after_end_of_service')).toMatchObject({ severity: 'high', evidence: { callerCouldHearMs: 0 } });
  });

  it('an ordinary call where the caller hangs up first is clean', () => {
    const events = [...conversation(), ev(95, 'hangup', 'caller', {}), ev(95.3, 'hangup', 'agent', {})];
    expect(detectIncidents(call({ serviceEndedAt: t(95), serviceEndedBy: 'caller_hangup', endedAt: t(95) }), events, thresholds)).toEqual([]);
  });

  it('a short word after the end (under the threshold) is not an incident', () => {
    const events = [
      ...conversation(),
      ev(90, 'bridge_left', 'caller', { bridgeId: BRIDGE }),
      ev(90, 'service_ended', 'agent', { endedBy: 'agent_api' }),
      ...talk('agent', 91, 91.8),
      ev(100, 'hangup', 'caller', {}),
      ev(100.5, 'hangup', 'agent', {}),
    ];
    expect(detectIncidents(call({ serviceEndedAt: t(90), serviceEndedBy: 'agent_api', endedAt: t(100) }), events, thresholds)).toEqual([]);
  });

  it('an agent leg still up long after the caller left', () => {
    const events = [...conversation(), ev(95, 'hangup', 'caller', {}), ev(170, 'hangup', 'agent', {})];
    const found = detectIncidents(call({ endedAt: t(95) }), events, thresholds);
    expect(found.find((i) => i.kind === 'agent_leg_outlived_caller')).toMatchObject({ severity: 'high' });
  });

  it('an agent talking at length after the caller fell silent at the end of the call', () => {
    const events = [
      ev(20, 'leg_answered', 'agent', { agentId: 'zhang' }),
      ev(20.1, 'bridge_entered', 'caller', { bridgeId: BRIDGE }),
      ...talk('caller', 22, 30),
      ...talk('agent', 31, 40),
      // the caller says nothing more; the agent goes on and on
      ...talk('agent', 45, 75),
      ev(76, 'hangup', 'caller', {}),
      ev(76.2, 'hangup', 'agent', {}),
    ];
    const found = detectIncidents(call({ endedAt: t(76) }), events, thresholds);
    expect(found.map((i) => i.kind)).toEqual(['agent_monologue_at_end']);
    expect(found[0]?.severity).toBe('low');
  });

  it("an earlier agent's lost leg (re-queued) is not read as the serving agent: facts are the last agent's", () => {
    const agentTalk = (channelId: string, from: number, to: number | null) => [
      ev(from, 'talk_started', 'agent', { channelId, at: t(from).toISOString() }),
      ...(to === null ? [] : [ev(to, 'talk_stopped', 'agent', { channelId, at: t(to).toISOString(), durationMs: (to - from) * 1000 })]),
    ];
    const events = [
      ev(20, 'leg_answered', 'agent', { agentId: 'zhao', channelId: 'c1-agent1' }),
      ...talk('caller', 21, 25),
      // zhao's softphone vanished while "talking": no talk_stopped ever came for that leg
      ...agentTalk('c1-agent1', 26, null),
      ev(45, 'agent_leg_lost', 'agent', { agentId: 'zhao', cause: 44 }),
      ev(45, 'hangup', 'agent', { agentId: 'zhao', cause: 44 }),
      ev(60, 'leg_answered', 'agent', { agentId: 'sun', channelId: 'c1-agent2' }),
      ...talk('caller', 61, 70),
      ...agentTalk('c1-agent2', 71, 100),
      ev(101, 'hangup', 'caller', {}),
      ev(101.2, 'hangup', 'agent', { agentId: 'sun' }),
    ];
    const found = detectIncidents(call({ agentId: 'sun', endedAt: t(101) }), events, thresholds);
    const monologue = found.find((i) => i.kind === 'agent_monologue_at_end');
    expect(monologue).toMatchObject({ agentId: 'sun' });
    // only sun's 29 s after the caller's last words at 70 s; zhao's open talk is not counted
    expect(monologue?.evidence.agentSpeech).toEqual([{ from: t(71).toISOString(), to: t(100).toISOString(), ms: 29_000 }]);
    expect(found.some((i) => i.kind === 'agent_leg_outlived_caller')).toBe(false);
  });

  it('a call no agent answered has no incidents', () => {
    const events = [ev(0, 'stasis_start', 'caller', {}), ev(30, 'hangup', 'caller', {})];
    expect(detectIncidents(call({ agentId: null, outcome: 'abandoned_in_queue', endedAt: t(30) }), events, thresholds)).toEqual([]);
  });
});

describe('intervals', () => {
  it('pairs marks; a stop without a start takes its duration; an open start runs to the end', () => {
    expect(pairMarks([{ at: 5, start: false, durationMs: 3 }, { at: 10, start: true }], 20)).toEqual([{ from: 2, to: 5 }, { from: 10, to: 20 }]);
  });
  it('a stop reported after the silence threshold ends the talk at start + duration', () => {
    expect(pairMarks([{ at: 1000, start: true }, { at: 7500, start: false, durationMs: 4000 }], 9000)).toEqual([{ from: 1000, to: 5000 }]);
  });
  it('clips and overlaps', () => {
    expect(clip([{ from: 0, to: 10 }, { from: 20, to: 30 }], 5, 25)).toEqual([{ from: 5, to: 10 }, { from: 20, to: 25 }]);
    expect(audibleOverlapMs([{ from: 0, to: 10 }], [{ from: 5, to: 7 }, { from: 9, to: 20 }])).toBe(3);
  });
});
