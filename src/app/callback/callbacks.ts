// Callbacks (回拨) in the app: storing the one a caller confirmed (its waiting-list entry keeps
// the place, marked as a callback), handing it to its delivery (callback-deliveries.ts: agent
// first, a whisper, then the citizen over the carrier trunk, bridged and recorded) when the ACD
// claims an agent for that entry, retries through delayed jobs, and sweeps for what a lost job
// or a lost process left behind.
// The database is the source of truth; a callback is dialled only after the atomic
// 'waiting' -> 'delivering' change, so it is never dialled twice at once.
import { randomBytes } from 'node:crypto';
import type { WaitingCall } from '../../domain/acd/acd-types.js';
import type { QueueConfig } from '../../domain/acd/queue-config.js';
import type { CallFlowEvent, CallState } from '../../domain/call/call-flow-types.js';
import type { CallbackFlowEffect } from '../../domain/call/callback-offer-types.js';
import { maskNumber } from '../../domain/privacy/mask-number.js';
import type { AgentPool } from '../../ports/acd/agent-pool.js';
import type { CallControl } from '../../ports/call/call-control.js';
import { createCallbackDeliveries, type DeliverySettings } from './callback-deliveries.js';
import type { CallRecords } from '../../ports/call/call-records.js';
import type { CallbackRetryJobs } from '../../ports/callback/callback-retry-jobs.js';
import type { CallbackRecord, CallbackStore } from '../../ports/callback/callback-store.js';
import type { Logger } from '../../ports/logger.js';
import type { TelephonyEvent } from '../../ports/call/telephony-events.js';
import type { WaitingList } from '../../ports/acd/waiting-list.js';
import type { CallEventForAgent } from '../agent/agent-sessions.js';

/** A delivery not updated for this long is taken as lost (longer than any ringing and whisper; a long talk keeps its own process). */
const STALE_DELIVERY_MS = 4 * 3600_000;

export type CallbackSettings = DeliverySettings;

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
  /** Right before a callback is dialled: false when it must not be (missed-call-callbacks.ts screen). */
  screen?: (callbackId: string) => Promise<boolean>;
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

  const deliveries = createCallbackDeliveries({
    store: deps.store,
    control: deps.control,
    agents: deps.agents,
    jobs: deps.jobs,
    queues: deps.queues,
    settings: deps.settings,
    requeue,
    timeline,
    logger: deps.logger,
    now: deps.now,
  });

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
  return {
    async effects(state, effect) {
      if (effect.kind === 'save_callback') return save(state, effect);
      return cancel(effect.callbackId);
    },

    async deliver(call, agentId, extension) {
      const at = deps.now();
      const callbackId = call.callbackId ?? '';
      const release = async (why: string) => {
        log.info({ callbackId, agentId }, `${why}: agent released`);
        await deps.pool.releaseAgent(agentId, call.callId, { backToReady: true, now: at.getTime() });
        deps.kickAcd();
      };
      // a missed-call callback is not dialled when the citizen called again, nor in quiet hours
      const wanted = deps.screen ? await deps.screen(callbackId).catch((err: unknown) => (log.warn({ err, callbackId }, 'callback not screened'), true)) : true;
      if (!wanted) return release('callback cancelled or held');
      const row = await deps.store.startDelivery(callbackId, agentId, at).catch((err: unknown) => {
        log.error({ err, callbackId }, 'callback could not be taken for delivery');
        return null;
      });
      // cancelled, done, or being delivered by another instance: the agent goes back to the pool
      if (!row) return release('callback not waiting');
      await deliveries.start(row, agentId, extension);
    },

    releaseAgentLeg: (callId) => deliveries.releaseAgentLeg(callId),

    handle: (event) => deliveries.handle(event),

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
      const mine = deliveries.held();
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

    idle: () => deliveries.idle(),
  };
}
