// Runs the skill-queue effects of the call flow: joining the waiting list with the caller's
// priority, position announcements (after the emergency keys when the flow asks), ringing the
// claimed agent, recording, talk detection, and telling the agent side what happened.
import type { QueueConfig } from '../../domain/acd/queue-config.js';
import { callerPriority } from '../../domain/acd/caller-priority.js';
import { expectedWaitSeconds, orderWaiting, positionOf } from '../../domain/acd/waiting-order.js';
import { digitsPrompts } from '../../domain/call/number-prompts.js';
import type { CallEffect, CallState } from '../../domain/call/call-flow-types.js';
import type { CallControl } from '../../ports/call/call-control.js';
import type { CallRecords } from '../../ports/call/call-records.js';
import { RECORDING_FORMAT, type Recordings } from '../../ports/audit/recordings.js';
import type { WaitingList } from '../../ports/acd/waiting-list.js';
import type { CallEventForAgent } from '../agent/agent-sessions.js';
import { queueLogAgent, type QueueLogEvent } from '../../domain/acd/queue-log-line.js';
import type { QueueLog } from '../../ports/acd/queue-log.js';

export type QueueEffect = Extract<
  CallEffect,
  { kind: 'start_moh' | 'stop_moh' | 'enqueue' | 'dequeue' | 'announce_position' | 'originate_agent' | 'start_recording' | 'talk_detect' | 'agent_event' }
>;

export interface QueueEffectsDeps {
  control: CallControl;
  records: CallRecords;
  waiting: WaitingList;
  queues: () => ReadonlyMap<string, QueueConfig>;
  /** Agents serving right now (ready, ringing, on call) for the expected-wait figure. */
  agentsServing: () => Promise<number>;
  averageHandleSeconds: number;
  onAgentEvent: (agentId: string, callId: string, event: CallEventForAgent) => Promise<void>;
  kickAcd: () => void;
  now: () => Date;
  /** queue_log-compatible event output (QueueMetrics-style tools). */
  queueLog: QueueLog;
  /** Logs an error without stopping the call (a lost queue_log line must not hurt a caller). */
  onLogError: (err: unknown) => void;
  /** Where a started recording is registered (linked to the call, for access and retention). */
  recordings?: Recordings;
}

const DAY_MS = 24 * 3600 * 1000;

export function isQueueEffect(effect: CallEffect): effect is QueueEffect {
  return ['start_moh', 'stop_moh', 'enqueue', 'dequeue', 'announce_position', 'originate_agent', 'start_recording', 'talk_detect', 'agent_event'].includes(
    effect.kind,
  );
}

export function createQueueEffects(deps: QueueEffectsDeps) {
  const { control } = deps;
  /** Per call, what queue_log lines need later: the original position and the agent's times. */
  const facts = new Map<string, { originalPosition: number; offeredAt?: number; answeredAt?: number; agentId?: string; legChannelId?: string }>();
  const seconds = (fromMs: number | undefined, toMs: number) => (fromMs === undefined ? 0 : Math.max(0, (toMs - fromMs) / 1000));

  function log(event: QueueLogEvent): void {
    deps.queueLog.write(event).catch(deps.onLogError);
  }

  async function positionNow(state: CallState): Promise<number> {
    const waiting = orderWaiting((await deps.waiting.list()).filter((w) => w.queueId === state.queueId));
    return positionOf(state.callId, waiting) ?? 0;
  }

  async function dequeue(state: CallState): Promise<void> {
    const queuedAt = state.queuedAt ? Date.parse(state.queuedAt) : undefined;
    const at = deps.now().getTime();
    const position = await positionNow(state);
    await deps.waiting.remove(state.callId);
    const exit = state.phase === 'ended' && !state.agent?.answered ? 'ABANDON' : state.phase === 'queued' ? 'EXITWITHTIMEOUT' : null;
    if (exit && state.queueId) {
      log({
        event: exit,
        at,
        callId: state.callId,
        queue: state.queueId,
        agent: 'NONE',
        position,
        originalPosition: facts.get(state.callId)?.originalPosition ?? position,
        waitSeconds: seconds(queuedAt, at),
      });
      facts.delete(state.callId);
    }
  }

  function agentLog(state: CallState, agentId: string, event: CallEventForAgent): void {
    const at = deps.now().getTime();
    const f = facts.get(state.callId) ?? { originalPosition: 0 };
    facts.set(state.callId, f);
    const base = { at, callId: state.callId, queue: state.queueId ?? 'NONE', agent: queueLogAgent(agentId) };
    const queuedAt = state.queuedAt ? Date.parse(state.queuedAt) : undefined;
    if (event === 'offered') {
      f.offeredAt = at;
      f.agentId = agentId;
      f.legChannelId = state.agent?.legChannelId;
    } else if (event === 'answered') {
      f.answeredAt = at;
      log({ ...base, event: 'CONNECT', holdSeconds: seconds(queuedAt, at), bridgedChannelId: state.agent?.legChannelId ?? 'NONE', ringSeconds: seconds(f.offeredAt, at) });
    } else if (event === 'ring_no_answer' || (event === 'call_ended' && f.answeredAt === undefined)) {
      // a call that ended before the agent was bridged (the caller left while it rang) is a ring with no answer
      log({ ...base, event: 'RINGNOANSWER', ringMs: f.offeredAt === undefined ? 0 : at - f.offeredAt });
    } else if (event === 'call_lost') {
      // the agent's leg was cut (no media): ended on the agent's side; the caller waits again
      log({ ...base, event: 'COMPLETEAGENT', holdSeconds: seconds(queuedAt, f.answeredAt ?? at), talkSeconds: seconds(f.answeredAt, at), originalPosition: f.originalPosition });
      facts.set(state.callId, { originalPosition: f.originalPosition });
    } else {
      log({
        ...base,
        event: state.firstHangupSide === 'agent' ? 'COMPLETEAGENT' : 'COMPLETECALLER',
        holdSeconds: seconds(queuedAt, f.answeredAt ?? at),
        talkSeconds: seconds(f.answeredAt, at),
        originalPosition: f.originalPosition,
      });
      facts.delete(state.callId);
    }
  }

  async function enqueue(state: CallState, queueId: string, queuedAt: Date): Promise<void> {
    const queue = deps.queues().get(queueId);
    const now = deps.now();
    let priority = 0;
    let reasons: unknown[] = [];
    if (queue) {
      const earlier = await deps.records.listCalls({ number: state.callerNumber, from: new Date(now.getTime() - DAY_MS), limit: 50, offset: 0 });
      const previousCallTimes = earlier.filter((c) => c.callId !== state.callId).map((c) => c.startedAt.getTime());
      const result = callerPriority(
        { callerNumber: state.callerNumber, isEnterpriseLine: queue.id.includes('enterprise'), now: now.getTime(), previousCallTimes },
        queue.priority,
      );
      priority = result.priority;
      reasons = result.reasons;
    }
    await deps.waiting.add({ callId: state.callId, queueId, priority, queuedAt: queuedAt.getTime() });
    if (!facts.has(state.callId) && state.agentOffers === 0) {
      const originalPosition = await positionNow(state);
      facts.set(state.callId, { originalPosition });
      log({ event: 'ENTERQUEUE', at: now.getTime(), callId: state.callId, queue: queueId, agent: 'NONE', url: '', callerNumber: state.callerNumber, originalPosition });
    }
    if (reasons.length) {
      await deps.records.appendEvent({ callId: state.callId, at: now, type: 'enqueued', leg: 'system', data: { priority, reasons } });
    }
    deps.kickAcd();
  }

  async function announce(state: CallState, playbackId: string, queueId: string, lead: readonly string[]): Promise<void> {
    const waiting = orderWaiting((await deps.waiting.list()).filter((w) => w.queueId === queueId));
    const position = positionOf(state.callId, waiting);
    if (!position) return;
    const wait = expectedWaitSeconds(position, { averageHandleSeconds: deps.averageHandleSeconds, agentsServing: await deps.agentsServing() });
    const media = [
      ...lead,
      'sound:hotline/queue-position-prefix',
      ...digitsPrompts(position - 1),
      'sound:hotline/queue-position-suffix',
      ...(wait ? ['sound:hotline/queue-wait-prefix', ...digitsPrompts(Math.round(wait / 60)), 'sound:hotline/queue-wait-minutes'] : []),
    ];
    await deps.records.appendEvent({
      callId: state.callId,
      at: deps.now(),
      type: 'announcement',
      leg: 'caller',
      data: { ahead: position - 1, expectedWaitSeconds: wait },
    });
    await control.play(state.callerChannelId, playbackId, media);
  }

  return async function run(state: CallState, effect: QueueEffect): Promise<void> {
    switch (effect.kind) {
      case 'start_moh':
        return control.startMoh(state.callerChannelId, deps.queues().get(state.queueId ?? '')?.musicClass);
      case 'stop_moh':
        return control.stopMoh(state.callerChannelId);
      case 'enqueue':
        return enqueue(state, effect.queueId, effect.queuedAt);
      case 'dequeue':
        return dequeue(state);
      case 'announce_position':
        return announce(state, effect.playbackId, effect.queueId, effect.lead ?? []);
      case 'originate_agent': {
        const ring = deps.queues().get(effect.queueId)?.ringTimeoutSeconds ?? 15;
        return control.originate({
          channelId: effect.legChannelId,
          endpoint: `PJSIP/${effect.extension}`,
          callerNumber: effect.callerNumber,
          appArgs: ['agent-leg', state.callId],
          timeoutSeconds: ring,
        });
      }
      case 'start_recording':
        await control.recordCall({ bridgeId: effect.bridgeId, channelId: state.callerChannelId, name: effect.name });
        await deps.records.appendEvent({ callId: state.callId, at: deps.now(), type: 'recording_started', leg: 'system', data: { name: effect.name } });
        await deps.recordings?.add({ callId: state.callId, name: effect.name, format: RECORDING_FORMAT, bridgeId: effect.bridgeId, startedAt: deps.now() });
        return;
      case 'talk_detect':
        return control.setChannelVar(effect.channelId, 'TALK_DETECT(set)', '');
      case 'agent_event':
        agentLog(state, effect.agentId, effect.event);
        return deps.onAgentEvent(effect.agentId, state.callId, effect.event);
    }
  };
}
