// Missed calls called back (漏接回拨): a caller who hung up after waiting in a skill queue at
// least the threshold gets a callback at the place they had (the original time in the queue),
// through the same callbacks a caller leaves with the callback key. Pure rules, functions of
// the call's record, the number's later calls and callbacks, and the time: which missed call
// gets one, when it may be dialled (quiet hours), and when a later call makes it unnecessary.
import type { CallEvent, CallRecord } from '../call/call-timeline-types.js';
import { checkCitizenNumber } from '../survey/citizen-number.js';
import { nextCallableTime, type CallingRules } from '../survey/quiet-hours.js';

export interface MissedCallSettings {
  /** A wait in the queue at least this long before hanging up earns a callback; 0: off. */
  afterMs: number;
  /** The quiet hours of the hotline's own calls to citizens (the surveys' window). */
  calling: CallingRules;
}

/** What a finished call's record says about a caller who hung up in a skill queue. */
export interface MissedCall {
  callId: string;
  callerNumber: string;
  startedAt: Date;
  queueId: string;
  /** The caller's place: when they joined the queue (kept across re-queues). */
  queuedAt: Date;
  waitedMs: number;
  /** The priority the waiting entry had (repeat caller, enterprise line …); 0 when not recorded. */
  priority: number;
  /** The call was handed to, or asked for, an emergency service. */
  emergency: boolean;
}

/** Another call from the same number. */
export interface OtherCall {
  callId: string;
  callerNumber: string;
  startedAt: Date;
  endedAt: Date | null;
  /** An agent took the call. */
  reachedAgent: boolean;
}

/** A callback to the same number (either kind), as far as the rules need it. */
export interface NumberCallback {
  status: 'waiting' | 'delivering' | 'retry_wait' | 'completed' | 'failed_follow_up' | 'cancelled';
  completedAt: Date | null;
}

export type MissedCallSkip =
  | 'off'
  | 'short_wait'
  | 'emergency'
  | 'withheld_number'
  | 'invalid_number'
  /** The number has a callback waiting, being delivered or waiting for its retry. */
  | 'callback_pending'
  /** The number was called back (completed) since the caller joined the queue. */
  | 'called_back'
  /** The citizen called again: a later call reached an agent or is on the line now. */
  | 'called_again';

export type MissedCallDecision =
  | { kind: 'create'; number: string; dueAt: Date; held: boolean }
  | { kind: 'skip'; reason: MissedCallSkip; byCallId?: string };

export type DeliveryScreen = { kind: 'deliver' } | { kind: 'cancel'; byCallId: string } | { kind: 'hold'; until: Date };

const EMERGENCY_NUMBERS = new Set(['110', '119', '120', '122']);
/** What carriers and SIP put in the From user when the number is withheld (or nothing). */
const WITHHELD = /^(?:|anonymous|restricted|private|unavailable|unknown|withheld|blocked)$/i;

const numberOf = (data: Record<string, unknown>, key: string): number | null => {
  const v = data[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
};

/** The missed call in a finished call's record, or null when the caller did not hang up in a skill queue. */
export function readMissedCall(call: CallRecord, events: readonly CallEvent[]): MissedCall | null {
  if (call.outcome !== 'abandoned_in_queue') return null;
  const abandoned = events.filter((e) => e.type === 'abandoned').at(-1);
  if (!abandoned) return null;
  const queueId = abandoned.data.queueId;
  if (typeof queueId !== 'string' || queueId === '') return null;
  const enqueued = events.find((e) => e.type === 'enqueued' && e.leg === 'caller');
  const recordedWait = numberOf(abandoned.data, 'waitedMs');
  const queuedAt = recordedWait !== null ? new Date(abandoned.at.getTime() - recordedWait) : enqueued?.at;
  if (!queuedAt) return null;
  // the ACD records the priority with its reasons when a boost applied (the last one counts)
  const priority = events.filter((e) => e.type === 'enqueued' && numberOf(e.data, 'priority') !== null).at(-1);
  return {
    callId: call.callId,
    callerNumber: call.callerNumber,
    startedAt: call.startedAt,
    queueId,
    queuedAt,
    waitedMs: recordedWait ?? abandoned.at.getTime() - queuedAt.getTime(),
    priority: priority ? (numberOf(priority.data, 'priority') ?? 0) : 0,
    emergency: call.emergencyNumber !== null || events.some((e) => e.type === 'emergency_requested'),
  };
}

/** The number to call back, or why there is none (withheld, an emergency number, not a mainland number). */
export function callbackNumber(callerNumber: string): { ok: true; number: string } | { ok: false; reason: 'withheld_number' | 'emergency' | 'invalid_number' } {
  const raw = callerNumber.trim();
  if (WITHHELD.test(raw)) return { ok: false, reason: 'withheld_number' };
  if (EMERGENCY_NUMBERS.has(raw.replace(/\D/g, ''))) return { ok: false, reason: 'emergency' };
  const checked = checkCitizenNumber(raw);
  return checked.ok ? { ok: true, number: checked.number } : { ok: false, reason: 'invalid_number' };
}

/** Whether `other` is the same citizen's number as `number` (already checked). */
function sameNumber(other: string, number: string): boolean {
  const checked = checkCitizenNumber(other.trim());
  return checked.ok && checked.number === number;
}

/**
 * The first later call from the number (started after `since`, not the missed call itself) that
 * reached an agent or is still on the line; null when there is none.
 */
export function calledAgain(number: string, since: Date, missedCallId: string, others: readonly OtherCall[]): OtherCall | null {
  return (
    [...others]
      .filter((c) => c.callId !== missedCallId && c.startedAt.getTime() > since.getTime() && sameNumber(c.callerNumber, number))
      .filter((c) => c.reachedAgent || c.endedAt === null)
      .sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime())[0] ?? null
  );
}

/** When a missed-call callback may be dialled: now, or the end of the quiet hours now falls in. */
export function missedCallDueAt(now: Date, calling: CallingRules): Date {
  return nextCallableTime(now, calling);
}

/** Does this missed call get a callback, and from when may it be dialled? */
export function decideMissedCallCallback(
  missed: MissedCall,
  history: { otherCalls: readonly OtherCall[]; callbacks: readonly NumberCallback[] },
  settings: MissedCallSettings,
  now: Date,
): MissedCallDecision {
  if (settings.afterMs <= 0) return { kind: 'skip', reason: 'off' };
  if (missed.waitedMs < settings.afterMs) return { kind: 'skip', reason: 'short_wait' };
  if (missed.emergency) return { kind: 'skip', reason: 'emergency' };
  const checked = callbackNumber(missed.callerNumber);
  if (!checked.ok) return { kind: 'skip', reason: checked.reason };
  const pending = history.callbacks.some((c) => c.status === 'waiting' || c.status === 'delivering' || c.status === 'retry_wait');
  if (pending) return { kind: 'skip', reason: 'callback_pending' };
  if (history.callbacks.some((c) => c.status === 'completed' && c.completedAt !== null && c.completedAt > missed.queuedAt)) {
    return { kind: 'skip', reason: 'called_back' };
  }
  const again = calledAgain(checked.number, missed.startedAt, missed.callId, history.otherCalls);
  if (again) return { kind: 'skip', reason: 'called_again', byCallId: again.callId };
  const dueAt = missedCallDueAt(now, settings.calling);
  return { kind: 'create', number: checked.number, dueAt, held: dueAt.getTime() > now.getTime() };
}

/**
 * Right before a missed-call callback is dialled (an agent was claimed for it): cancelled when
 * the citizen called again since, held when it is quiet hours now, else delivered.
 */
export function screenMissedCallDelivery(
  callback: { callId: string; number: string; queuedAt: Date },
  otherCalls: readonly OtherCall[],
  calling: CallingRules,
  now: Date,
): DeliveryScreen {
  const again = calledAgain(callback.number, callback.queuedAt, callback.callId, otherCalls);
  if (again) return { kind: 'cancel', byCallId: again.callId };
  const dueAt = missedCallDueAt(now, calling);
  return dueAt.getTime() > now.getTime() ? { kind: 'hold', until: dueAt } : { kind: 'deliver' };
}

/** What a cancelled missed-call callback records as its last result (and the figures count). */
export const CALLED_AGAIN = 'called again';
