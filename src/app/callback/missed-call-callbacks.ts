// Missed calls called back (漏接回拨) in the app. When a call ends: a caller who hung up after a
// long enough wait in a skill queue gets a callback entry at the place they had, delivered like
// the callbacks callers leave with the key (callbacks.ts: the ACD claims an agent for the entry,
// the agent is rung, then the citizen); a call that reached an agent cancels the number's
// missed-call callbacks placed before it. Right before one is dialled it is checked again
// (called again since? quiet hours now?). A sweep stores what a lost process missed.
// The rules are pure: src/domain/callback/missed-call-callback.ts.
import { randomBytes } from 'node:crypto';
import type { WaitingCall } from '../../domain/acd/acd-types.js';
import {
  CALLED_AGAIN,
  callbackNumber,
  decideMissedCallCallback,
  readMissedCall,
  screenMissedCallDelivery,
  type MissedCallDecision,
  type MissedCallSettings,
  type OtherCall,
} from '../../domain/callback/missed-call-callback.js';
import { maskNumber } from '../../domain/privacy/mask-number.js';
import type { WaitingList } from '../../ports/acd/waiting-list.js';
import type { CallEventType, CallRecords } from '../../ports/call/call-records.js';
import type { CallbackRetryJobs } from '../../ports/callback/callback-retry-jobs.js';
import type { CallbackRecord, CallbackStore } from '../../ports/callback/callback-store.js';
import type { MissedCallFigures, MissedCallStore } from '../../ports/callback/missed-call-store.js';
import type { Logger } from '../../ports/logger.js';

type FinishedCall = NonNullable<Awaited<ReturnType<CallRecords['getCall']>>>;

/** The sweep looks this far back for missed calls whose end no process handled. */
const SWEEP_LOOKBACK_MS = 15 * 60_000;
/** …and leaves the last moments to the call's own end. */
const SWEEP_GRACE_MS = 10_000;

export interface MissedCallCallbacksDeps {
  store: MissedCallStore;
  /** The callbacks of either origin (to read one by id). */
  callbacks: Pick<CallbackStore, 'get'>;
  records: CallRecords;
  waiting: WaitingList;
  /** Late-bound: the callbacks' retry jobs (a held callback is "retried" at the end of quiet hours). */
  jobs: () => CallbackRetryJobs;
  kickAcd: () => void;
  settings: MissedCallSettings;
  logger: Logger;
  now: () => Date;
  newId?: () => string;
}

export interface MissedCallCallbacks {
  /** A call's record is complete (not awaited: runs in the background, errors logged); nothing while off. */
  callEnded(callId: string): void;
  /** Decides on one finished call and stores its callback; null when the call is not a missed call. */
  consider(callId: string, quiet?: boolean): Promise<MissedCallDecision | null>;
  /** A call that reached an agent: the number's missed-call callbacks placed before it are cancelled. */
  cancelForCall(callId: string): Promise<number>;
  /**
   * An agent was claimed for this callback: true to dial it; false when it was cancelled (the
   * citizen called again) or held for the end of quiet hours. Callbacks left with the key pass.
   */
  screen(callbackId: string): Promise<boolean>;
  /** Stores the callbacks of recent missed calls no process handled (e.g. the app stopped at their end). */
  sweep(): Promise<void>;
  figures(from: Date, to: Date): Promise<MissedCallFigures & { afterSeconds: number }>;
  /** Resolves when the work started by callEnded so far is done. */
  idle(): Promise<void>;
}

export function createMissedCallCallbacks(deps: MissedCallCallbacksDeps): MissedCallCallbacks {
  const log = deps.logger.child({ component: 'missed-call-callbacks' });
  const newId = deps.newId ?? (() => randomBytes(6).toString('hex'));
  const running = new Set<Promise<unknown>>();
  const on = deps.settings.afterMs > 0;

  async function timeline(callId: string, type: CallEventType, data: Record<string, unknown>, dedupKey: string): Promise<void> {
    await deps.records
      .appendEvent({ callId, at: deps.now(), type, leg: 'system', data: { origin: 'missed_call', ...data }, dedupKey })
      .catch((err: unknown) => log.warn({ err, callId }, 'timeline write failed'));
  }

  /** The number's other calls since `since` (the records match a number as a suffix: the rules compare exactly). */
  async function otherCalls(number: string, since: Date): Promise<OtherCall[]> {
    const calls = await deps.records.listCalls({ number, from: since, limit: 100, offset: 0 });
    return calls.map((c) => ({
      callId: c.callId,
      callerNumber: c.callerNumber,
      startedAt: c.startedAt,
      endedAt: c.endedAt,
      reachedAgent: c.agentId !== null || c.outcome === 'answered_by_agent',
    }));
  }

  const entryOf = (c: CallbackRecord): WaitingCall => ({ callId: c.callId, queueId: c.queueId, priority: c.priority, queuedAt: c.queuedAt.getTime(), callbackId: c.id });

  /** Held until the end of quiet hours: the retry job requeues it then (the callbacks' sweep if the job is lost). */
  async function scheduleHeld(c: CallbackRecord, until: Date): Promise<void> {
    await deps.jobs().schedule(c.id, until.getTime(), Math.max(0, until.getTime() - deps.now().getTime()));
  }

  async function cancelled(c: CallbackRecord, byCallId: string): Promise<void> {
    await deps.waiting.remove(c.callId).catch((err: unknown) => log.warn({ err, callbackId: c.id }, 'waiting entry not removed'));
    await timeline(c.callId, 'callback_cancelled', { callbackId: c.id, reason: CALLED_AGAIN, byCallId }, `missed-call-cancelled-${c.id}`);
    log.info({ callbackId: c.id, callId: c.callId, byCallId }, 'missed-call callback cancelled: the citizen called again');
  }

  async function consider(callId: string, quiet = false, read?: FinishedCall | null): Promise<MissedCallDecision | null> {
    const call = read === undefined ? await deps.records.getCall(callId) : read;
    if (!call) return null;
    const missed = readMissedCall(call, call.events);
    if (!missed) return null;
    const now = deps.now();
    const known = decideMissedCallCallback(missed, { otherCalls: [], callbacks: [] }, deps.settings, now);
    // what the record alone rules out needs no more reading
    if (known.kind === 'skip') return skipped(known, quiet);
    const number = known.number;
    const decision = decideMissedCallCallback(
      missed,
      { otherCalls: await otherCalls(number, missed.startedAt), callbacks: await deps.store.forNumber(number, missed.queuedAt) },
      deps.settings,
      now,
    );
    if (decision.kind === 'skip') return skipped(decision, quiet);
    const stored = await deps.store.create({
      id: newId(),
      callId,
      queueId: missed.queueId,
      number,
      queuedAt: missed.queuedAt,
      priority: missed.priority,
      holdUntil: decision.held ? decision.dueAt : null,
      at: now,
    });
    if (!stored) {
      log.info({ callId }, 'missed-call callback not stored: the call or the number has one already');
      return { kind: 'skip', reason: 'callback_pending' };
    }
    if (decision.held) await scheduleHeld(stored, decision.dueAt);
    else {
      await deps.waiting.add(entryOf(stored));
      deps.kickAcd();
    }
    await timeline(callId, 'callback_requested', {
      callbackId: stored.id,
      queueId: stored.queueId,
      number: maskNumber(number),
      waitedMs: missed.waitedMs,
      queuedAt: stored.queuedAt.toISOString(),
      ...(decision.held ? { heldUntil: decision.dueAt.toISOString() } : {}),
    }, `missed-call-callback-${stored.id}`);
    log.info(
      { callId, callbackId: stored.id, number: maskNumber(number), waitedMs: missed.waitedMs, heldUntil: decision.held ? decision.dueAt.toISOString() : null },
      'missed call: callback entry at the caller\'s place',
    );
    return decision;

    function skipped(d: MissedCallDecision, debugOnly: boolean): MissedCallDecision {
      if (d.kind === 'skip' && d.reason !== 'off' && d.reason !== 'short_wait') {
        const fields = { callId, reason: d.reason, ...(d.byCallId ? { byCallId: d.byCallId } : {}) };
        if (debugOnly) log.debug(fields, 'missed call: no callback');
        else log.info(fields, 'missed call: no callback');
      }
      return d;
    }
  }

  async function cancelForCall(callId: string, read?: FinishedCall | null): Promise<number> {
    const call = read === undefined ? await deps.records.getCall(callId) : read;
    if (!call || !(call.agentId !== null || call.outcome === 'answered_by_agent')) return 0;
    const number = callbackNumber(call.callerNumber);
    if (!number.ok) return 0;
    let n = 0;
    for (const pending of await deps.store.pendingForNumber(number.number, call.startedAt)) {
      const row = await deps.store.cancel(pending.id, CALLED_AGAIN, deps.now());
      if (!row) continue;
      await cancelled(row, callId);
      n += 1;
    }
    return n;
  }

  function track(work: Promise<unknown>): void {
    running.add(work);
    void work.finally(() => running.delete(work));
  }

  return {
    callEnded(callId) {
      if (!on) return;
      track(
        (async () => {
          // one read of the record serves both
          const call = await deps.records.getCall(callId);
          await consider(callId, false, call);
          await cancelForCall(callId, call);
        })().catch((err: unknown) => log.error({ err, callId }, 'missed-call callback check failed')),
      );
    },

    consider,
    cancelForCall,

    async screen(callbackId) {
      const row = await deps.callbacks.get(callbackId);
      if (!row || row.origin !== 'missed_call') return true;
      const now = deps.now();
      const verdict = screenMissedCallDelivery(row, await otherCalls(row.number, row.queuedAt), deps.settings.calling, now);
      if (verdict.kind === 'deliver') return true;
      if (verdict.kind === 'cancel') {
        const done = await deps.store.cancel(row.id, CALLED_AGAIN, now);
        if (done) await cancelled(done, verdict.byCallId);
        return false;
      }
      const held = await deps.store.hold(row.id, verdict.until, now);
      if (held) {
        await scheduleHeld(held, verdict.until);
        log.info({ callbackId: row.id, until: verdict.until.toISOString() }, 'missed-call callback held: quiet hours');
      }
      return false;
    },

    async sweep() {
      if (!on) return;
      const now = deps.now().getTime();
      const ids = await deps.store.listUnhandled(new Date(now - SWEEP_LOOKBACK_MS), new Date(now - SWEEP_GRACE_MS), deps.settings.afterMs, 100);
      for (const id of ids) await consider(id, true).catch((err: unknown) => log.warn({ err, callId: id }, 'missed call not handled by the sweep'));
    },

    async figures(from, to) {
      return { ...(await deps.store.figures(from, to)), afterSeconds: deps.settings.afterMs / 1000 };
    },

    async idle() {
      while (running.size) await Promise.allSettled([...running]);
    },
  };
}
