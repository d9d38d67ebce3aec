// Reads one call's timeline and flags what an auditor must look at (the seed-002 incident: an
// agent who kept the line open after the end of service and mocked the caller). Pure: the
// timeline and the thresholds come in, incidents with their evidence come out.
import type { CallEvent, CallRecord } from '../call/call-timeline-types.js';
import { audibleOverlapMs, clip, totalMs, type Interval } from './intervals.js';
import { readTimeline, type TimelineFacts } from './read-timeline.js';

export type IncidentKind = 'agent_speech_after_end_of_service' | 'agent_leg_outlived_caller' | 'agent_monologue_at_end';
export type IncidentSeverity = 'low' | 'medium' | 'high' | 'critical';

export interface IncidentThresholds {
  /** Agent speech after the end of service, while the caller is on the line, longer than this. */
  speechAfterEndMs: number;
  /** An agent leg still up this long after the caller left. */
  agentLegGraceMs: number;
  /** Agent talk after the caller's last words longer than this… */
  monologueMs: number;
  /** …when the caller had been silent at least this long before the call ended. */
  callerSilenceMs: number;
}

export interface DetectedIncident {
  kind: IncidentKind;
  severity: IncidentSeverity;
  agentId: string | null;
  summary: string;
  evidence: Record<string, unknown>;
}

/**
 * Taking the caller out of the agent's bridge takes a moment after the end of service is asked
 * for; the standard we hold to is 300 ms. Bridge presence within it is the end itself, not a leak.
 */
export const END_OF_SERVICE_GRACE_MS = 300;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const seconds = (ms: number) => Math.round(ms / 100) / 10;
const spans = (list: Interval[]) => list.map((i) => ({ from: iso(i.from), to: iso(i.to), ms: i.to - i.from }));

/** After the end of service: how long the caller was still in the agent's bridge, and heard the agent past the grace. */
export function hearingAfterEnd(tl: TimelineFacts): { callerInAgentBridgeAfterEndMs: number; agentSpeechHeardAfterEndMs: number } | null {
  if (tl.serviceEndedAt === null || tl.callerLeftAt === null) return null;
  return {
    callerInAgentBridgeAfterEndMs: totalMs(clip(tl.callerInAgentBridge, tl.serviceEndedAt, tl.callerLeftAt)),
    agentSpeechHeardAfterEndMs: audibleOverlapMs(
      clip(tl.agentSpeech, tl.serviceEndedAt + END_OF_SERVICE_GRACE_MS, tl.callerLeftAt),
      tl.callerInAgentBridge,
    ),
  };
}

export function detectIncidents(call: CallRecord, events: CallEvent[], t: IncidentThresholds): DetectedIncident[] {
  const tl = readTimeline(call, events);
  if (!tl.agentAnswered) return [];
  const found: DetectedIncident[] = [];
  const agentId = call.agentId ?? tl.agentId;

  // 1. The agent kept talking after the end of service while the caller was still on the line.
  if (tl.serviceEndedAt !== null && tl.serviceEndedBy !== 'caller_hangup' && tl.callerLeftAt !== null) {
    const afterEnd = clip(tl.agentSpeech, tl.serviceEndedAt, tl.callerLeftAt);
    const spokenMs = totalMs(afterEnd);
    if (spokenMs > t.speechAfterEndMs) {
      const heardMs = hearingAfterEnd(tl)?.agentSpeechHeardAfterEndMs ?? 0;
      found.push({
        kind: 'agent_speech_after_end_of_service',
        severity: heardMs > 0 ? 'critical' : 'high',
        agentId,
        summary: heardMs > 0
          ? `The agent spoke ${seconds(spokenMs)} s after ending the service; the caller could hear ${seconds(heardMs)} s of it.`
          : `The agent spoke ${seconds(spokenMs)} s after ending the service while the caller was still on the line; the caller was out of the agent's bridge and could not hear it.`,
        evidence: {
          serviceEndedAt: iso(tl.serviceEndedAt),
          serviceEndedBy: tl.serviceEndedBy,
          callerLeftAt: iso(tl.callerLeftAt),
          agentSpeechAfterEnd: spans(afterEnd),
          callerCouldHearMs: heardMs,
          callerInAgentBridge: spans(tl.callerInAgentBridge),
        },
      });
    }
  }

  // 2. The agent's leg stayed up after the caller had gone.
  if (tl.callerLeftAt !== null && tl.agentLegEndedAt !== null) {
    const overMs = tl.agentLegEndedAt - tl.callerLeftAt;
    if (overMs > t.agentLegGraceMs) {
      found.push({
        kind: 'agent_leg_outlived_caller',
        severity: overMs > 60_000 ? 'high' : 'medium',
        agentId,
        summary: `The agent's leg stayed up ${seconds(overMs)} s after the caller left.`,
        evidence: {
          callerLeftAt: iso(tl.callerLeftAt),
          agentLegEndedAt: iso(tl.agentLegEndedAt),
          agentLegReleasedBySystem: tl.agentLegReleasedBySystem,
          agentSpeechAfterCallerLeft: spans(clip(tl.agentSpeech, tl.callerLeftAt, tl.agentLegEndedAt)),
        },
      });
    }
  }

  // 3. At the end of the call the caller fell silent and the agent talked on at length.
  const end = tl.agentLegEndedAt ?? tl.callerLeftAt;
  if (end !== null) {
    const silentFrom = tl.callerLastSpokeAt ?? tl.agentAnsweredAt ?? end;
    const monologue = clip(tl.agentSpeech, silentFrom, end);
    const talkedMs = totalMs(monologue);
    if (end - silentFrom >= t.callerSilenceMs && talkedMs > t.monologueMs) {
      const afterService = tl.serviceEndedAt === null ? 0 : totalMs(clip(monologue, tl.serviceEndedAt, end));
      found.push({
        kind: 'agent_monologue_at_end',
        severity: afterService * 2 > talkedMs ? 'medium' : 'low',
        agentId,
        summary: `The caller fell silent and the agent talked ${seconds(talkedMs)} s more before the call ended.`,
        evidence: {
          callerLastSpokeAt: iso(tl.callerLastSpokeAt),
          callEndedAt: iso(end),
          agentSpeech: spans(monologue),
          afterEndOfServiceMs: afterService,
        },
      });
    }
  }
  return found;
}
