// Runs the skill-queue effects of the call flow: joining the waiting list with the caller's
// priority, position announcements, ringing the claimed agent, recording, talk detection, and
// telling the agent side what happened.
import type { QueueConfig } from '../domain/acd/queue-config.js';
import { callerPriority } from '../domain/acd/caller-priority.js';
import { expectedWaitSeconds, orderWaiting, positionOf } from '../domain/acd/waiting-order.js';
import { digitsPrompts } from '../domain/call/number-prompts.js';
import type { CallEffect, CallState } from '../domain/call/call-flow-types.js';
import type { CallControl } from '../ports/call-control.js';
import type { CallRecords } from '../ports/call-records.js';
import type { WaitingList } from '../ports/waiting-list.js';
import type { CallEventForAgent } from './agent-sessions.js';

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
}

const DAY_MS = 24 * 3600 * 1000;

export function isQueueEffect(effect: CallEffect): effect is QueueEffect {
  return ['start_moh', 'stop_moh', 'enqueue', 'dequeue', 'announce_position', 'originate_agent', 'start_recording', 'talk_detect', 'agent_event'].includes(
    effect.kind,
  );
}

export function createQueueEffects(deps: QueueEffectsDeps) {
  const { control } = deps;

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
    if (reasons.length) {
      await deps.records.appendEvent({ callId: state.callId, at: now, type: 'enqueued', leg: 'system', data: { priority, reasons } });
    }
    deps.kickAcd();
  }

  async function announce(state: CallState, playbackId: string, queueId: string): Promise<void> {
    const waiting = orderWaiting((await deps.waiting.list()).filter((w) => w.queueId === queueId));
    const position = positionOf(state.callId, waiting);
    if (!position) return;
    const wait = expectedWaitSeconds(position, { averageHandleSeconds: deps.averageHandleSeconds, agentsServing: await deps.agentsServing() });
    const media = [
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
        return deps.waiting.remove(state.callId);
      case 'announce_position':
        return announce(state, effect.playbackId, effect.queueId);
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
        await control.recordBridge(effect.bridgeId, effect.name);
        await deps.records.appendEvent({ callId: state.callId, at: deps.now(), type: 'recording_started', leg: 'system', data: { name: effect.name } });
        return;
      case 'talk_detect':
        return control.setChannelVar(effect.channelId, 'TALK_DETECT(set)', '');
      case 'agent_event':
        return deps.onAgentEvent(effect.agentId, state.callId, effect.event);
    }
  };
}
