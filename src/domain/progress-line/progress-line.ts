// The progress line (工单进度查询) as a per-call state machine. The caller hears the intro (with
// "in an emergency hang up and dial 110, 119, 120": the keys are order digits here), keys the
// order number (YYYY-NNNNNN without the dash) then #, the last four digits of the number the
// order was filed from then #, and hears the status and the reply deadline, then goodbye.
// A wrong pair, whichever part is wrong, hears one neutral "not found" and starts again, up to
// `maxTries` pairs. A key interrupts a prompt; silence after a question asks it once more (the
// second silence says goodbye); silence after some digits takes them as keyed.
// transition(state, event, settings) returns the next state and effects as data; events a
// state does not expect are no-ops (handled: false).
import { ignored } from '../shared/machine-step.js';
import { wallClock } from '../survey/zoned-time.js';
import { ORDER_NO_PATTERN } from '../work-order/order-number.js';
import type { WorkOrderStatus } from '../work-order/work-order-types.js';
import { PROGRESS_PROMPTS, progressStatusPrompt } from './progress-prompts.js';
import { spokenMonthDay } from './spoken-date.js';

/** Digits kept of one entry; more are dropped (the order number is 10 digits today). */
export const MAX_KEYED_DIGITS = 16;

export interface ProgressLineSettings {
  /** Order number + last four pairs a caller may try. */
  maxTries: number;
  /** Time zone the reply deadline is read out in (Asia/Shanghai). */
  timeZone: string;
}

export type ProgressPhase = 'idle' | 'order' | 'last_four' | 'looking_up' | 'closing' | 'done';
export type ProgressOutcome = 'found' | 'not_found' | 'silence' | 'failed' | 'hung_up';

export interface ProgressLineState {
  phase: ProgressPhase;
  /** The prompt playing now; null while waiting for keys. */
  playbackId: string | null;
  /** Playback ids are `<idBase>-pb<n>`, chosen here before the play command. */
  idBase: string;
  playbackSeq: number;
  /** The digits keyed so far for the current question. */
  digits: string;
  /** The order number's digits, once keyed. */
  orderDigits: string;
  /** Pairs looked up (or refused) so far. */
  tries: number;
  /** Silences after the current question. */
  silences: number;
  /** Set once the call's outcome is known (reported once, by the `finished` effect). */
  outcome: ProgressOutcome | null;
}

export type ProgressEvent =
  | { type: 'answered' }
  | { type: 'key'; digit: string }
  | { type: 'prompt_finished'; playbackId: string }
  | { type: 'key_timeout' }
  | { type: 'found'; status: WorkOrderStatus; replyDueAt: Date | null }
  | { type: 'not_found' }
  | { type: 'lookup_failed' }
  | { type: 'hung_up' };

export type ProgressEffect =
  | { kind: 'answer' }
  | { kind: 'play'; playbackId: string; media: string[] }
  | { kind: 'stop_playback'; playbackId: string }
  | { kind: 'start_key_timer' }
  | { kind: 'cancel_key_timer' }
  | { kind: 'lookup'; orderNo: string; lastFour: string }
  | { kind: 'hangup' }
  /** Emitted exactly once: how the call ended. */
  | { kind: 'finished'; outcome: ProgressOutcome; tries: number };

export interface ProgressStep {
  state: ProgressLineState;
  effects: ProgressEffect[];
  handled: boolean;
}

export function createProgressLine(idBase: string): ProgressLineState {
  return { phase: 'idle', playbackId: null, idBase, playbackSeq: 0, digits: '', orderDigits: '', tries: 0, silences: 0, outcome: null };
}

/** "2026000123" → "2026-000123": the keyed digits with the dash after the year, if that is an order number; else null. */
export function orderNoFromKeys(digits: string): string | null {
  const orderNo = `${digits.slice(0, 4)}-${digits.slice(4)}`;
  return ORDER_NO_PATTERN.test(orderNo) ? orderNo : null;
}

const QUESTION: Record<'order' | 'last_four', string> = {
  order: PROGRESS_PROMPTS.enterOrder,
  last_four: PROGRESS_PROMPTS.enterLastFour,
};

function play(state: ProgressLineState, media: string[], pre: ProgressEffect[] = []): ProgressStep {
  const playbackSeq = state.playbackSeq + 1;
  const playbackId = `${state.idBase}-pb${playbackSeq}`;
  return { state: { ...state, playbackSeq, playbackId }, effects: [...pre, { kind: 'play', playbackId, media }], handled: true };
}

function ask(state: ProgressLineState, phase: 'order' | 'last_four', before: string[], pre: ProgressEffect[] = []): ProgressStep {
  return play({ ...state, phase, digits: '' }, [...before, QUESTION[phase]], pre);
}

/** Says the last words and hangs up once they have played. */
function close(state: ProgressLineState, outcome: ProgressOutcome, media: string[], pre: ProgressEffect[] = []): ProgressStep {
  const step = play({ ...state, phase: 'closing', outcome }, [...media, PROGRESS_PROMPTS.goodbye]);
  return { ...step, effects: [...pre, { kind: 'finished', outcome, tries: state.tries }, ...step.effects] };
}

/** A wrong pair (or one that cannot be an order): the same words whichever part was wrong. */
function notFound(state: ProgressLineState, maxTries: number, pre: ProgressEffect[] = []): ProgressStep {
  const tried = { ...state, tries: state.tries + 1, orderDigits: '', silences: 0 };
  return tried.tries >= maxTries
    ? close(tried, 'not_found', [PROGRESS_PROMPTS.notFound], pre)
    : ask(tried, 'order', [PROGRESS_PROMPTS.notFound], pre);
}

function submit(state: ProgressLineState, maxTries: number, pre: ProgressEffect[]): ProgressStep {
  if (state.digits === '') return silence(state, pre);
  if (state.phase === 'order') return ask({ ...state, orderDigits: state.digits, silences: 0 }, 'last_four', [], pre);
  const orderNo = orderNoFromKeys(state.orderDigits);
  const lastFour = state.digits;
  if (orderNo === null || !/^\d{4}$/.test(lastFour)) return notFound({ ...state, digits: '' }, maxTries, pre);
  return { state: { ...state, phase: 'looking_up', digits: '', playbackId: null }, effects: [...pre, { kind: 'lookup', orderNo, lastFour }], handled: true };
}

/** Nothing keyed after a question: ask once more, then goodbye. */
function silence(state: ProgressLineState, pre: ProgressEffect[]): ProgressStep {
  const silences = state.silences + 1;
  if (silences >= 2) return close({ ...state, silences }, 'silence', [], pre);
  return ask({ ...state, silences }, state.phase as 'order' | 'last_four', [], pre);
}

function onKey(state: ProgressLineState, digit: string, maxTries: number): ProgressStep {
  const pre: ProgressEffect[] = state.playbackId ? [{ kind: 'stop_playback', playbackId: state.playbackId }] : [];
  const quiet = { ...state, playbackId: null };
  if (digit === '#') return submit(quiet, maxTries, [...pre, { kind: 'cancel_key_timer' }]);
  if (!/^[0-9]$/.test(digit)) return ignored(state);
  const digits = state.digits.length < MAX_KEYED_DIGITS ? state.digits + digit : state.digits;
  return { state: { ...quiet, digits }, effects: [...pre, { kind: 'start_key_timer' }], handled: true };
}

function onFound(state: ProgressLineState, status: WorkOrderStatus, replyDueAt: Date | null, timeZone: string): ProgressStep {
  const said = [PROGRESS_PROMPTS.statusIs, progressStatusPrompt(status)];
  if (replyDueAt) {
    const { month, day } = wallClock(replyDueAt, timeZone);
    said.push(PROGRESS_PROMPTS.deadlineIs, ...spokenMonthDay(month, day));
  }
  return close({ ...state, tries: state.tries + 1 }, 'found', said);
}

export function transition(state: ProgressLineState, event: ProgressEvent, settings: ProgressLineSettings): ProgressStep {
  if (state.phase === 'done') return ignored(state);
  if (event.type === 'hung_up') {
    const done = { ...state, phase: 'done' as const, playbackId: null };
    if (state.outcome !== null) return { state: done, effects: [{ kind: 'cancel_key_timer' }], handled: true };
    return { state: { ...done, outcome: 'hung_up' }, effects: [{ kind: 'cancel_key_timer' }, { kind: 'finished', outcome: 'hung_up', tries: state.tries }], handled: true };
  }
  switch (state.phase) {
    case 'idle':
      return event.type === 'answered' ? ask(state, 'order', [PROGRESS_PROMPTS.intro], [{ kind: 'answer' }]) : ignored(state);
    case 'order':
    case 'last_four':
      if (event.type === 'key') return onKey(state, event.digit, settings.maxTries);
      if (event.type === 'prompt_finished' && event.playbackId === state.playbackId) {
        return { state: { ...state, playbackId: null }, effects: [{ kind: 'start_key_timer' }], handled: true };
      }
      if (event.type === 'key_timeout' && state.playbackId === null) return submit(state, settings.maxTries, []);
      return ignored(state);
    case 'looking_up':
      if (event.type === 'found') return onFound(state, event.status, event.replyDueAt, settings.timeZone);
      if (event.type === 'not_found') return notFound(state, settings.maxTries);
      if (event.type === 'lookup_failed') return close(state, 'failed', [PROGRESS_PROMPTS.unavailable]);
      return ignored(state);
    case 'closing':
      if (event.type === 'prompt_finished' && event.playbackId === state.playbackId) {
        return { state: { ...state, phase: 'done', playbackId: null }, effects: [{ kind: 'hangup' }], handled: true };
      }
      return ignored(state);
  }
}
