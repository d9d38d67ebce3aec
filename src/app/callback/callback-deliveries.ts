// Runs callback deliveries (see domain/callback/callback-delivery-flow.ts) in this process: one
// delivery's events one after another, its effects against Asterisk, the agent side, the records,
// and at the end the callback record (completed, back to its place, retry job or follow-up).
import { randomBytes } from 'node:crypto';
import type { QueueConfig } from '../../domain/acd/queue-config.js';
import {
  CALLBACK_WHISPER,
  deliveryIds,
  deliveryTransition,
  newDelivery,
  parseDeliveryId,
  type DeliveryEffect,
  type DeliveryEvent,
  type DeliveryResult,
  type DeliveryState,
} from '../../domain/callback/callback-delivery-flow.js';
import { maskNumber } from '../../domain/privacy/mask-number.js';
import { GONE_BEFORE_COMMAND } from '../../domain/shared/machine-step.js';
import { ChannelGoneError, type CallControl } from '../../ports/call/call-control.js';
import type { CallEventType } from '../../ports/call/call-records.js';
import type { CallbackRetryJobs } from '../../ports/callback/callback-retry-jobs.js';
import type { CallbackRecord, CallbackStore } from '../../ports/callback/callback-store.js';
import type { Logger } from '../../ports/logger.js';
import type { TelephonyEvent } from '../../ports/call/telephony-events.js';
import type { CallEventForAgent } from '../agent/agent-sessions.js';
import { createMachineRunner } from '../shared/machine-runner.js';

export interface DeliverySettings {
  /** Calls placed to the citizen before the callback goes to follow-up. */
  maxAttempts: number;
  retryMs: number;
  /** How long the citizen's phone rings. */
  ringSeconds: number;
  /** Dialplan context that dials citizens over the carrier trunk (mainland numbers only). */
  outboundContext: string;
  /** Caller ID the citizen sees: the hotline number. */
  hotlineNumber: string;
}

export interface CallbackDeliveriesDeps {
  store: CallbackStore;
  control: CallControl;
  agents: {
    onCallEvent(agentId: string, callId: string, event: CallEventForAgent): Promise<void>;
    setReady(agentId: string): Promise<unknown>;
  };
  jobs: () => CallbackRetryJobs;
  queues: () => ReadonlyMap<string, QueueConfig>;
  settings: DeliverySettings;
  /** Puts a callback back in the waiting list at its place (and asks the ACD to look). */
  requeue: (callback: CallbackRecord) => Promise<void>;
  /** Appends to the timeline of the inbound call the callback was left on. */
  timeline: (callId: string, type: CallEventType, data: Record<string, unknown>, leg?: 'caller' | 'agent' | 'system') => Promise<void>;
  logger: Logger;
  now: () => Date;
}

export interface CallbackDeliveries {
  /** Starts delivering a callback already moved to 'delivering' for this agent. */
  start(callback: CallbackRecord, agentId: string, extension: string): Promise<void>;
  /** Takes a telephony event if it belongs to a delivery; false otherwise. */
  handle(event: TelephonyEvent): boolean;
  /** The agent went not-ready or logged out while its phone rang for a callback: stop the ringing. */
  releaseAgentLeg(callId: string): Promise<boolean>;
  /** Callback ids delivered by this process right now. */
  held(): Set<string>;
  idle(): Promise<void>;
}

export function createCallbackDeliveries(deps: CallbackDeliveriesDeps): CallbackDeliveries {
  const log = deps.logger.child({ component: 'callback-delivery' });
  const deliveries = new Map<string, DeliveryState>();
  const timeline = deps.timeline;
  const requeue = deps.requeue;
  const runner = createMachineRunner<DeliveryState, DeliveryEvent, DeliveryEffect>(
    {
      load: async (deliveryId) => deliveries.get(deliveryId) ?? null,
      transition: deliveryTransition,
      async save(deliveryId, result, state, event) {
        if (!result.handled) log.debug({ deliveryId, event: event.type, phase: state.phase }, 'delivery event not handled in this phase');
        else if (result.state.phase === 'ended') deliveries.delete(deliveryId);
        else deliveries.set(deliveryId, result.state);
      },
      async runEffects(deliveryId, result, _state, _event, gone) {
        for (const effect of result.effects) {
          try {
            await runEffect(result.state, effect);
          } catch (err) {
            if (err instanceof ChannelGoneError) gone(effect, err);
            else log.warn({ err, deliveryId, effect: effect.kind }, 'delivery effect failed');
          }
        }
      },
      // a leg met gone is that leg's end; once the delivery has ended (and is forgotten), the leg's
      // later ChannelDestroyed finds nothing, as this event does after it
      channelGone(deliveryId, _effect, err) {
        const ids = deliveryIds(deliveryId);
        const at = deps.now();
        if (err.channelId === ids.agentLeg) return { type: 'agent_gone', at, reason: GONE_BEFORE_COMMAND };
        if (err.channelId === ids.citizenLeg) return { type: 'citizen_gone', at, reason: GONE_BEFORE_COMMAND };
        return null;
      },
    },
    { log, keyName: 'deliveryId', failure: 'callback delivery step failed' },
  );

  async function runEffect(state: DeliveryState, effect: DeliveryEffect): Promise<void> {
    const feedBack = (event: DeliveryEvent) => void runner.feed(state.deliveryId, event);
    switch (effect.kind) {
      case 'agent_event':
        return deps.agents.onCallEvent(state.agentId, state.callId, effect.event);
      case 'agent_ready':
        await deps.agents.setReady(state.agentId).catch((err: unknown) => log.info({ err: String(err), agentId: state.agentId }, 'agent not made ready'));
        return;
      case 'originate_agent': {
        const ring = deps.queues().get(state.queueId)?.ringTimeoutSeconds ?? 15;
        try {
          await deps.control.originate({
            channelId: effect.channelId,
            endpoint: `PJSIP/${effect.extension}`,
            callerNumber: state.number,
            appArgs: ['callback-leg', state.deliveryId, 'agent'],
            timeoutSeconds: ring,
          });
          await deps.control.watchChannel(effect.channelId);
        } catch (err) {
          feedBack({ type: 'agent_gone', at: deps.now(), reason: `originate failed: ${(err as Error).message}` });
        }
        return;
      }
      case 'play_whisper':
        try {
          await deps.control.play(effect.channelId, effect.playbackId, CALLBACK_WHISPER);
        } catch (err) {
          log.warn({ err, deliveryId: state.deliveryId }, 'whisper not played');
          feedBack({ type: 'whisper_finished', at: deps.now() });
        }
        return;
      case 'count_attempt':
        return deps.store.countAttempt(state.callbackId, deps.now());
      case 'originate_citizen':
        try {
          await deps.control.originate({
            channelId: effect.channelId,
            endpoint: `Local/${effect.number}@${deps.settings.outboundContext}/n`,
            callerNumber: deps.settings.hotlineNumber,
            appArgs: ['callback-leg', state.deliveryId, 'citizen'],
            timeoutSeconds: deps.settings.ringSeconds,
          });
          await deps.control.watchChannel(effect.channelId);
        } catch (err) {
          feedBack({ type: 'citizen_gone', at: deps.now(), reason: `originate failed: ${(err as Error).message}` });
        }
        return;
      case 'create_bridge':
        return deps.control.createBridge(effect.bridgeId);
      case 'add_to_bridge':
        return deps.control.addToBridge(effect.bridgeId, effect.channelIds);
      case 'destroy_bridge':
        return deps.control.destroyBridge(effect.bridgeId);
      case 'start_recording':
        await deps.control.recordCall({ bridgeId: effect.bridgeId, name: effect.name });
        return timeline(state.callId, 'recording_started', { name: effect.name, callbackId: state.callbackId });
      case 'talk_detect':
        return deps.control.setChannelVar(effect.channelId, 'TALK_DETECT(set)', '');
      case 'hangup':
        return deps.control.hangup(effect.channelId, 'normal');
      case 'record':
        return timeline(state.callId, effect.type, effect.data, effect.leg === 'agent' || effect.leg === 'caller' ? effect.leg : 'system');
      case 'finish':
        return finish(state, effect.result);
    }
  }

  async function finish(state: DeliveryState, result: DeliveryResult): Promise<void> {
    const at = deps.now();
    const clog = log.child({ callbackId: state.callbackId, deliveryId: state.deliveryId });
    if (result === 'completed') {
      await deps.store.complete(state.callbackId, at);
      clog.info({ result }, 'callback completed');
      return;
    }
    if (result === 'agent_no_answer' || result === 'agent_left') {
      const back = await deps.store.returnToWaiting(state.callbackId, result, at);
      if (back) await requeue(back);
      clog.info({ result }, 'callback back at its place in the queue');
      return;
    }
    const failed = await deps.store.attemptFailed(state.callbackId, result, { at, maxAttempts: deps.settings.maxAttempts, retryMs: deps.settings.retryMs });
    if (!failed) return;
    if (failed.status === 'retry_wait') {
      await deps.jobs().schedule(failed.id, failed.attempts, deps.settings.retryMs);
      clog.info({ attempts: failed.attempts, retryInMs: deps.settings.retryMs }, 'citizen not reached: retry scheduled');
    } else {
      await timeline(state.callId, 'callback_failed', { callbackId: state.callbackId, attempts: failed.attempts, reason: 'every attempt failed: follow-up needed' });
      clog.warn({ attempts: failed.attempts }, 'callback failed every attempt: follow-up needed');
    }
  }

  function toDeliveryEvent(event: TelephonyEvent, part: 'agent' | 'citizen' | 'bridge' | 'whisper'): DeliveryEvent | null {
    const leg = part === 'agent' ? 'agent' : part === 'citizen' ? 'citizen' : null;
    switch (event.type) {
      case 'stasis_start':
        return leg === 'agent' ? { type: 'agent_answered', at: event.at } : leg === 'citizen' ? { type: 'citizen_answered', at: event.at } : null;
      case 'channel_destroyed': {
        const reason = `${event.causeText || 'hung up'} (${event.cause})`;
        return leg === 'agent' ? { type: 'agent_gone', at: event.at, reason } : leg === 'citizen' ? { type: 'citizen_gone', at: event.at, reason } : null;
      }
      case 'playback_finished':
        return part === 'whisper' ? { type: 'whisper_finished', at: event.at } : null;
      case 'talking_started':
      case 'talking_finished':
        return leg ? { type: 'talk', at: event.at, leg, started: event.type === 'talking_started', durationMs: event.durationMs } : null;
      default:
        return null;
    }
  }

  return {
    async start(row, agentId, extension) {
      const at = deps.now();
      const deliveryId = `callback-${row.id}-${randomBytes(2).toString('hex')}`;
      deliveries.set(
        deliveryId,
        newDelivery({ deliveryId, callbackId: row.id, callId: row.callId, queueId: row.queueId, agentId, extension, number: row.number }),
      );
      log.info({ callbackId: row.id, deliveryId, agentId, number: maskNumber(row.number), attempts: row.attempts }, 'delivering callback');
      await runner.feed(deliveryId, { type: 'start', at });
    },

    async releaseAgentLeg(callId) {
      const ringing = [...deliveries.values()].find((d) => d.callId === callId && d.phase === 'agent_ringing');
      if (!ringing) return false;
      await deps.control.hangup(deliveryIds(ringing.deliveryId).agentLeg, 'normal').catch((err: unknown) => log.debug({ err: String(err) }, 'agent leg already gone'));
      return true;
    },

    handle(event) {
      const id = 'playbackId' in event ? event.playbackId : event.channelId;
      const parsed = parseDeliveryId(id);
      if (!parsed) return false;
      if (parsed.far) return true;
      const delivery = toDeliveryEvent(event, parsed.part);
      if (delivery) void runner.feed(parsed.deliveryId, delivery);
      return true;
    },

    held: () => new Set([...deliveries.values()].map((d) => d.callbackId)),

    idle: () => runner.idle(),
  };
}
