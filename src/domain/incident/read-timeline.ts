// Turns a call's stored timeline into the facts an audit needs: when the agent answered (the
// last agent, when an earlier agent's leg was lost and the caller re-queued), when and how the
// service ended, when each leg left, who spoke when, and when the caller was in the
// agent's bridge (so could hear the agent).
import type { CallEvent, CallRecord, ServiceEndedBy } from '../call/call-timeline-types.js';
import { pairMarks, type Interval } from './intervals.js';

export interface TimelineFacts {
  agentAnswered: boolean;
  agentAnsweredAt: number | null;
  agentId: string | null;
  serviceEndedAt: number | null;
  serviceEndedBy: ServiceEndedBy | null;
  callerLeftAt: number | null;
  agentLegEndedAt: number | null;
  agentLegReleasedBySystem: boolean;
  agentSpeech: Interval[];
  callerSpeech: Interval[];
  callerLastSpokeAt: number | null;
  callerInAgentBridge: Interval[];
}

/** When it happened: the telephony event's own time where the timeline kept it. */
function timeOf(e: CallEvent): number {
  const at = e.data.at;
  const parsed = typeof at === 'string' ? Date.parse(at) : NaN;
  return Number.isNaN(parsed) ? e.at.getTime() : parsed;
}

const isAgentBridge = (e: CallEvent) => typeof e.data.bridgeId === 'string' && e.data.bridgeId.endsWith('-agentbridge');

export function readTimeline(call: CallRecord, events: CallEvent[]): TimelineFacts {
  const sorted = [...events].sort((a, b) => timeOf(a) - timeOf(b) || a.id - b.id);
  const first = (pred: (e: CallEvent) => boolean) => sorted.find(pred);
  const last = (pred: (e: CallEvent) => boolean) => [...sorted].reverse().find(pred);

  // the agent who served last: an earlier agent's leg may have been lost mid-call (re-queued)
  const answered = last((e) => e.type === 'leg_answered' && e.leg === 'agent');
  const servingLeg = typeof answered?.data.channelId === 'string' ? answered.data.channelId : null;
  const ofServingLeg = (e: CallEvent) => e.leg !== 'agent' || servingLeg === null || e.data.channelId === undefined || e.data.channelId === servingLeg;
  const ended = first((e) => e.type === 'service_ended');
  const callerHangup = first((e) => e.type === 'hangup' && e.leg === 'caller');
  const agentHangup = answered ? last((e) => e.type === 'hangup' && e.leg === 'agent' && timeOf(e) >= timeOf(answered)) : undefined;
  const lastAt = sorted.length ? timeOf(sorted[sorted.length - 1]!) : call.startedAt.getTime();

  const callerLeftAt = callerHangup ? timeOf(callerHangup) : call.endedAt?.getTime() ?? null;
  const agentLegEndedAt = agentHangup ? timeOf(agentHangup) : null;
  const speech = (leg: 'agent' | 'caller', openEnd: number) =>
    pairMarks(
      sorted
        .filter((e) => e.leg === leg && (e.type === 'talk_started' || e.type === 'talk_stopped') && ofServingLeg(e))
        .map((e) => ({
          at: timeOf(e),
          start: e.type === 'talk_started',
          ...(typeof e.data.durationMs === 'number' ? { durationMs: e.data.durationMs } : {}),
        })),
      openEnd,
    );
  const agentSpeech = speech('agent', agentLegEndedAt ?? callerLeftAt ?? lastAt);
  const callerSpeech = speech('caller', callerLeftAt ?? lastAt);
  const callerInAgentBridge = pairMarks(
    sorted
      .filter((e) => e.leg === 'caller' && (e.type === 'bridge_entered' || e.type === 'bridge_left') && isAgentBridge(e))
      .map((e) => ({ at: timeOf(e), start: e.type === 'bridge_entered' })),
    Math.min(callerLeftAt ?? lastAt, agentLegEndedAt ?? lastAt),
  );
  const endedBy = call.serviceEndedBy ?? (typeof ended?.data.endedBy === 'string' ? (ended.data.endedBy as ServiceEndedBy) : null);
  return {
    agentAnswered: !!answered,
    agentAnsweredAt: answered ? timeOf(answered) : null,
    agentId: typeof answered?.data.agentId === 'string' ? answered.data.agentId : null,
    serviceEndedAt: call.serviceEndedAt?.getTime() ?? (ended ? timeOf(ended) : null),
    serviceEndedBy: endedBy,
    callerLeftAt,
    agentLegEndedAt,
    agentLegReleasedBySystem: sorted.some((e) => e.type === 'agent_leg_released'),
    agentSpeech,
    callerSpeech,
    callerLastSpokeAt: callerSpeech.length ? callerSpeech[callerSpeech.length - 1]!.to : null,
    callerInAgentBridge,
  };
}
