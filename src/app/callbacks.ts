// Callbacks (回拨) in the app: storing the one a caller confirmed (its waiting-list entry keeps
// the place, marked as a callback), delivering it when the ACD claims an agent for that entry
// (agent first, a whisper, then the citizen over the carrier trunk, bridged and recorded),
// retries through delayed jobs, and the follow-up record when every attempt failed.
// The database is the source of truth; a callback is dialled only after the atomic
// 'waiting' -> 'delivering' change, so it is never dialled twice at once.
import { randomBytes } from 'node:crypto';
import type { WaitingCall } from '../domain/acd/acd-types.js';
import type { QueueConfig } from '../domain/acd/queue-config.js';
import type { CallFlowEvent, CallState } from '../domain/call/call-flow-types.js';
import type { CallbackFlowEffect } from '../domain/call/callback-offer-types.js';
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
} from '../domain/callback/callback-delivery-flow.js';
import { maskNumber } from '../domain/privacy/mask-number.js';
import type { AgentPool } from '../ports/agent-pool.js';
import type { CallControl } from '../ports/call-control.js';
import type { CallRecords } from '../ports/call-records.js';
import type { CallbackRetryJobs } from '../ports/callback-retry-jobs.js';
import type { CallbackRecord, CallbackStore } from '../ports/callback-store.js';
import type { Logger } from '../ports/logger.js';
import type { TelephonyEvent } from '../ports/telephony-events.js';
import type { WaitingList } from '../ports/waiting-list.js';
import type { CallEventForAgent } from './agent-sessions.js';

/** A delivery not updated for this long is taken as lost (longer than any ringing and whisper; a long talk keeps its own process). */
const STALE_DELIVERY_MS = 4 * 3600_000;

export interface CallbackSettings {
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

export interface CallbacksDeps {
  store: CallbackStore;
  waiting: WaitingList;
  pool: AgentPool;
  agents: {
    onCallEvent(agentId: string, callId: string, event: CallEventForAgent): Promise<void>;
    setReady(agentId: string): Promise<unknown>;
  };
  control: CallControl;
  records: CallRecords;
  /** Late-bound: the jobs call back into retryDue. */
  jobs: () => CallbackRetryJobs;
  queues: () => ReadonlyMap<string, QueueConfig>;
  /** Feeds an event to an inbound call's flow (not awaited: effects run inside that call's turn). */
  feed: (callId: string, event: CallFlowEvent) => void;
  kickAcd: () => void;
  settings: CallbackSettings;
  logger: Logger;
  now: () => Date;
  newId?: () => string;
}

export interface Callbacks {
  /** Runs the call flow's callback effects (store / cancel). */
  effects(state: CallState, effect: CallbackFlowEffect): Promise<void>;
  /** The ACD claimed an agent for a callback entry. */
  deliver(call: WaitingCall, agentId: string, extension: string): Promise<void>;
  /** The agent went not-ready or logged out while its phone rang for a callback: stop the ringing. */
  releaseAgentLeg(callId: string): Promise<boolean>;
  /** Takes a telephony event if it belongs to a delivery; false otherwise. */
  handle(event: TelephonyEvent): boolean;
  /** A retry job is due. */
  retryDue(callbackId: string): Promise<void>;
  /** Puts stored waiting callbacks missing from the waiting list back (at start), and overdue retries. */
  sweep(options?: { restoreWaiting?: boolean }): Promise<void>;
  /** Resolves when every delivery event queued so far has been handled. */
  idle(): Promise<void>;
}

export function createCallbacks(deps: CallbacksDeps): Callbacks {
  const log = deps.logger.child({ component: 'callbacks' });
  const newId = deps.newId ?? (() => randomBytes(6).toString('hex'));
  const deliveries = new Map<string, DeliveryState>();
  const chains = new Map<string, Promise<void>>();

  function serial(key: string, work: () => Promise<void>): Promise<void> {
    const next = (chains.get(key) ?? Promise.resolve())
      .then(work)
      .catch((err: unknown) => log.error({ err, deliveryId: key }, 'callback delivery step failed'))
      .finally(() => {
        if (chains.get(key) === next) chains.delete(key);
      });
    chains.set(key, next);
    return next;
  }

  const entryOf = (c: CallbackRecord): WaitingCall => ({
    callId: c.callId,
    queueId: c.queueId,
    priority: c.priority,
    queuedAt: c.queuedAt.getTime(),
    callbackId: c.id,
  });

  async function timeline(callId: string, type: Parameters<CallRecords['appendEvent']>[0]['type'], data: Record<string, unknown>, leg: 'caller' | 'agent' | 'system' = 'system') {
    await deps.records.appendEvent({ callId, at: deps.now(), type, leg, data }).catch((err: unknown) => log.warn({ err, callId }, 'timeline write failed'));
  }

  async function requeue(c: CallbackRecord): Promise<void> {
    await deps.waiting.add(entryOf(c));
    deps.kickAcd();
  }

  // --- storing the callback a caller confirmed ------------------------------------------
  async function save(state: CallState, effect: Extract<CallbackFlowEffect, { kind: 'save_callback' }>): Promise<void> {
    let callbackId: string | null = newId();
    try {
      const entry = await deps.waiting.get(state.callId);
      await deps.store.create({
        id: callbackId,
        callId: state.callId,
        queueId: effect.queueId,
        number: effect.number,
        queuedAt: effect.queuedAt,
        priority: entry?.priority ?? 0,
        at: deps.now(),
      });
      try {
        const marked = await deps.waiting.markCallback(state.callId, callbackId);
        // not marked: the ACD took the entry a moment ago; the flow serves the caller now and cancels
        log.info({ callId: state.callId, callbackId, number: maskNumber(effect.number), marked }, 'callback stored');
      } catch (err) {
        await deps.store.cancel(callbackId, deps.now());
        throw err;
      }
    } catch (err) {
      log.error({ err, callId: state.callId }, 'callback could not be stored');
      callbackId = null;
    }
    deps.feed(state.callId, { type: 'callback_saved', at: deps.now(), callbackId });
  }

  async function cancel(callbackId: string): Promise<void> {
    const cancelled = await deps.store.cancel(callbackId, deps.now());
    log.info({ callbackId, cancelled: cancelled !== null }, 'callback cancelled: the caller was served on the line');
  }

  // --- delivery --------------------------------------------------------------------------
  async function runEffect(state: DeliveryState, effect: DeliveryEffect): Promise<void> {
    const feedBack = (event: DeliveryEvent) => void serial(state.deliveryId, () => apply(state.deliveryId, event));
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
        await deps.control.recordBridge(effect.bridgeId, effect.name);
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

  async function apply(deliveryId: string, event: DeliveryEvent): Promise<void> {
    const state = deliveries.get(deliveryId);
    if (!state) return;
    const result = deliveryTransition(state, event);
    if (!result.handled) {
      log.debug({ deliveryId, event: event.type, phase: state.phase }, 'delivery event not handled in this phase');
      return;
    }
    if (result.state.phase === 'ended') deliveries.delete(deliveryId);
    else deliveries.set(deliveryId, result.state);
    for (const effect of result.effects) {
      try {
        await runEffect(result.state, effect);
      } catch (err) {
        log.warn({ err, deliveryId, effect: effect.kind }, 'delivery effect failed');
      }
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
    async effects(state, effect) {
      if (effect.kind === 'save_callback') return save(state, effect);
      return cancel(effect.callbackId);
    },

    async deliver(call, agentId, extension) {
      const at = deps.now();
      const callbackId = call.callbackId ?? '';
      const row = await deps.store.startDelivery(callbackId, agentId, at).catch((err: unknown) => {
        log.error({ err, callbackId }, 'callback could not be taken for delivery');
        return null;
      });
      if (!row) {
        // cancelled, done, or being delivered by another instance: the agent goes back to the pool
        log.info({ callbackId, agentId }, 'callback not waiting: agent released');
        await deps.pool.releaseAgent(agentId, call.callId, { backToReady: true, now: at.getTime() });
        deps.kickAcd();
        return;
      }
      const deliveryId = `callback-${row.id}-${randomBytes(2).toString('hex')}`;
      deliveries.set(
        deliveryId,
        newDelivery({ deliveryId, callbackId: row.id, callId: row.callId, queueId: row.queueId, agentId, extension, number: row.number }),
      );
      log.info({ callbackId, deliveryId, agentId, number: maskNumber(row.number), attempts: row.attempts }, 'delivering callback');
      await serial(deliveryId, () => apply(deliveryId, { type: 'start', at }));
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
      if (delivery) void serial(parsed.deliveryId, () => apply(parsed.deliveryId, delivery));
      return true;
    },

    async retryDue(callbackId) {
      const current = await deps.store.get(callbackId);
      if (!current || current.status !== 'retry_wait') return; // done already (a job may run twice)
      const due = new Date(Math.max(deps.now().getTime(), current.nextAttemptAt?.getTime() ?? 0));
      const row = await deps.store.retryDue(callbackId, due);
      if (!row) return;
      await requeue(row);
      await timeline(row.callId, 'requeued', { callbackId, queueId: row.queueId, queuedAt: row.queuedAt.toISOString(), attempts: row.attempts });
      log.info({ callbackId, attempts: row.attempts }, 'callback back in the queue for another attempt');
    },

    async sweep(options = {}) {
      const now = deps.now();
      for (const overdue of await deps.store.listOverdueRetries(new Date(now.getTime() - 30_000), 100)) {
        log.warn({ callbackId: overdue.id }, 'retry job missed: re-queueing the callback');
        await this.retryDue(overdue.id);
      }
      // a delivery unchanged for hours belongs to a process that is gone: follow-up, never a second dial
      const staleBefore = new Date(now.getTime() - STALE_DELIVERY_MS);
      const mine = new Set([...deliveries.values()].map((d) => d.callbackId));
      for (const stale of await deps.store.listStaleDeliveries(staleBefore, 100)) {
        if (mine.has(stale.id)) continue;
        const failed = await deps.store.failStaleDelivery(stale.id, staleBefore, now);
        if (!failed) continue;
        await timeline(failed.callId, 'callback_failed', { callbackId: failed.id, attempts: failed.attempts, reason: 'delivery lost: follow-up needed' });
        log.warn({ callbackId: failed.id }, 'callback delivery lost (app restarted?): follow-up needed');
      }
      if (!options.restoreWaiting) return;
      for (const c of await deps.store.list({ status: 'waiting', limit: 1000, offset: 0 })) {
        if (await deps.waiting.get(c.callId)) continue;
        await deps.waiting.add(entryOf(c));
        log.info({ callbackId: c.id }, 'waiting callback restored to the waiting list');
      }
      deps.kickAcd();
    },

    async idle() {
      while (chains.size > 0) await Promise.all([...chains.values()]);
    },
  };
}
