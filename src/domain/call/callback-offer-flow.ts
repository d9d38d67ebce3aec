// The callback offer (回拨) while a caller waits in a skill queue. After the queue's offer time
// the caller hears that a key asks for a callback; that key works at any time while waiting.
// The caller then confirms the number by keys ("the number ending in NNNN: 1 to confirm, 2 for
// another number"; another number is keyed in and ended with #, and must be a mainland number),
// hears "we will call you back, you keep your place", and the app hangs up. The waiting-list
// entry stays where it was (same queuedAt and priority), marked as a callback, so it is served
// in its turn. Silence or wrong keys ask again, then the caller simply goes on waiting.
import { checkCitizenNumber } from '../survey/citizen-number.js';
import { maskNumber } from '../privacy/mask-number.js';
import type { CallEffect, CallFlowEvent, CallFlowSettings, CallState, Transition } from './call-flow-types.js';
import type { CallbackDialog, CallbackOfferSettings } from './callback-offer-types.js';
import { assignAgent } from './skill-queue-flow.js';
import { digitPrompt, keyPrompt } from './number-prompts.js';
import { callerDtmfRecord, handled, play, playbackFinishedRecord, stopCurrentPlayback as stopPlayback } from './call-flow-helpers.js';
import { ignored } from '../shared/machine-step.js';

export const CALLBACK_PROMPTS = {
  offerPress: 'sound:hotline/callback-offer-press',
  offerKept: 'sound:hotline/callback-offer-kept',
  numberEnding: 'sound:hotline/callback-number-ending',
  confirmKeys: 'sound:hotline/callback-confirm-keys',
  enterNumber: 'sound:hotline/callback-enter-number',
  invalidNumber: 'sound:hotline/callback-number-invalid',
  invalidKey: 'sound:hotline/survey-invalid',
  registered: 'sound:hotline/callback-registered',
  backToWaiting: 'sound:hotline/queue-please-wait',
} as const;

/** Keys of the dialog: confirm, another number; while keying a number, # ends it and * starts again. */
export const CALLBACK_KEYS = { confirm: '1', otherNumber: '2', end: '#', clear: '*' } as const;
/** Digits kept while keying (a fixed line with its area code has 12); more are ignored, # then checks the number. */
const MAX_DIGITS = 20;
/** If the goodbye prompt never reports its end, the app hangs up after this long anyway. */
const GOODBYE_MAX_MS = 20_000;

const digitPrompts = (digits: string): string[] => digits.split('').map(digitPrompt);

/** "If you would like a callback, press" + the configured key + "your place is kept". */
export const offerMedia = (key: string): string[] => [CALLBACK_PROMPTS.offerPress, keyPrompt(key), CALLBACK_PROMPTS.offerKept];

/** "We will call you back at the number ending in" + its last four digits, one by one + the keys. */
function confirmMedia(number: string): string[] {
  return [CALLBACK_PROMPTS.numberEnding, ...digitPrompts(number.slice(-4)), CALLBACK_PROMPTS.confirmKeys];
}

/** Asks the question of a step (again); the key timer starts when the prompt ends. */
function ask(state: CallState, dialog: CallbackDialog, prefix: string[] = []): Transition {
  const media = dialog.step === 'confirm' ? confirmMedia(dialog.number) : [CALLBACK_PROMPTS.enterNumber];
  const next = play({ ...state, phase: 'callback', callback: { ...dialog, asks: dialog.asks + 1, digits: '' } }, [...prefix, ...media]);
  return handled(next.state, [...stopPlayback(state), { kind: 'cancel_timer', timer: 'callback_key' }, next.effect]);
}

/** The dialog ends without a callback: back to waiting, at the same place, with the queue's timers. */
function resume(state: CallState, settings: CallFlowSettings, at: Date, reason: string, prompt = true): Transition {
  const queueId = state.queueId ?? '';
  const timings = settings.queueTimings(queueId);
  const base: CallState = { ...state, phase: 'waiting', callback: undefined, currentPlaybackId: null };
  const waitedMs = state.queuedAt ? at.getTime() - Date.parse(state.queuedAt) : 0;
  const next = prompt ? play(base, [CALLBACK_PROMPTS.backToWaiting]) : null;
  return handled(next?.state ?? base, [
    ...stopPlayback(state),
    { kind: 'cancel_timer', timer: 'callback_key' },
    { kind: 'record', type: 'callback_dialog_ended', leg: 'caller', data: { reason } },
    // the music comes back when the prompt ends (playback_finished while waiting)
    next ? next.effect : { kind: 'start_moh' },
    ...(timings
      ? [
          { kind: 'start_timer', timer: 'announce', ms: timings.announcePeriodMs } as const,
          { kind: 'start_timer', timer: 'max_wait', ms: Math.max(0, timings.maxWaitMs - waitedMs) } as const,
        ]
      : []),
  ]);
}

function startDialog(state: CallState, via: 'key', at: Date): Transition {
  const own = checkCitizenNumber(state.callerNumber);
  const known = own.ok;
  const dialog: CallbackDialog = { step: own.ok ? 'confirm' : 'enter', number: own.ok ? own.number : '', digits: '', asks: 0, callbackId: null };
  const t = ask(state, dialog);
  return handled(t.state, [
    { kind: 'stop_moh' },
    { kind: 'cancel_timer', timer: 'callback_offer' },
    { kind: 'record', type: 'callback_asked', leg: 'caller', data: { via, at: at.toISOString(), ownNumberUsable: known } },
    ...t.effects,
  ]);
}

/** The number keyed in is complete (# or silence): read it back, or say it is not valid. */
function numberEntered(state: CallState, dialog: CallbackDialog, settings: CallbackOfferSettings, flow: CallFlowSettings, at: Date): Transition {
  const checked = checkCitizenNumber(dialog.digits);
  if (checked.ok) return ask(state, { ...dialog, step: 'confirm', number: checked.number, asks: 0 });
  if (dialog.asks >= settings.maxAsks) return resume(state, flow, at, 'no valid number');
  return ask(state, dialog, [CALLBACK_PROMPTS.invalidNumber]);
}

function onKey(state: CallState, dialog: CallbackDialog, digit: string, settings: CallbackOfferSettings, flow: CallFlowSettings, at: Date): Transition {
  if (dialog.step === 'confirm') {
    if (digit === CALLBACK_KEYS.confirm) {
      return handled({ ...state, callback: { ...dialog, step: 'saving' }, currentPlaybackId: null }, [
        ...stopPlayback(state),
        { kind: 'cancel_timer', timer: 'callback_key' },
        { kind: 'save_callback', number: dialog.number, queueId: state.queueId ?? '', queuedAt: new Date(state.queuedAt ?? at.toISOString()) },
      ]);
    }
    if (digit === CALLBACK_KEYS.otherNumber) return ask(state, { ...dialog, step: 'enter', asks: 0 });
    if (dialog.asks >= settings.maxAsks) return resume(state, flow, at, 'no valid key');
    return ask(state, dialog, [CALLBACK_PROMPTS.invalidKey]);
  }
  if (dialog.step === 'enter') {
    if (digit === CALLBACK_KEYS.end) return numberEntered(state, dialog, settings, flow, at);
    if (digit === CALLBACK_KEYS.clear) return ask(state, { ...dialog, asks: Math.max(0, dialog.asks - 1) });
    if (!/^\d$/.test(digit)) return handled(state, []);
    const digits = dialog.digits.length < MAX_DIGITS ? `${dialog.digits}${digit}` : dialog.digits;
    // the first digit cuts the question short; each digit restarts the wait for the next one
    return handled({ ...state, callback: { ...dialog, digits }, currentPlaybackId: null }, [
      ...stopPlayback(state),
      { kind: 'start_timer', timer: 'callback_key', ms: settings.keyTimeoutMs },
    ]);
  }
  return handled(state, []); // saving or registered: keys no longer matter
}

function onSilence(state: CallState, dialog: CallbackDialog, settings: CallbackOfferSettings, flow: CallFlowSettings, at: Date): Transition {
  switch (dialog.step) {
    case 'registered':
      return hangUpRegistered(state);
    case 'saving':
      return ignored(state);
    case 'enter':
      if (dialog.digits) return numberEntered(state, dialog, settings, flow, at);
      break;
    case 'confirm':
      break;
  }
  if (dialog.asks >= settings.maxAsks) return resume(state, flow, at, 'no answer');
  return ask(state, dialog);
}

function hangUpRegistered(state: CallState): Transition {
  const side = state.firstHangupSide ?? 'system';
  return handled({ ...state, firstHangupSide: side, currentPlaybackId: null }, [
    { kind: 'cancel_timer', timer: 'callback_key' },
    { kind: 'update_call', patch: { firstHangupSide: side } },
    { kind: 'hangup', channelId: state.callerChannelId, reason: 'normal' },
  ]);
}

function saved(state: CallState, dialog: CallbackDialog, flow: CallFlowSettings, callbackId: string | null, at: Date): Transition {
  if (dialog.step !== 'saving') return ignored(state);
  if (!callbackId) {
    const t = resume(state, flow, at, 'callback could not be stored');
    return { ...t, effects: [{ kind: 'record', type: 'callback_failed', leg: 'system', data: { reason: 'not stored' } }, ...t.effects] };
  }
  const next = play({ ...state, callback: { ...dialog, step: 'registered', callbackId } }, [CALLBACK_PROMPTS.registered]);
  return handled(next.state, [
    {
      kind: 'record',
      type: 'callback_requested',
      leg: 'caller',
      data: { callbackId, queueId: state.queueId, queuedAt: state.queuedAt, number: maskNumber(dialog.number) },
    },
    { kind: 'update_call', patch: { outcome: 'callback_requested' } },
    next.effect,
    { kind: 'start_timer', timer: 'callback_key', ms: GOODBYE_MAX_MS },
  ]);
}

/** An agent became free for the caller during the dialog: the caller is served now, on this call. */
function servedNow(state: CallState, dialog: CallbackDialog, event: Extract<CallFlowEvent, { type: 'agent_assigned' }>): Transition {
  const t = assignAgent({ ...state, phase: 'waiting', callback: undefined, currentPlaybackId: null }, event);
  return handled(t.state, [
    ...stopPlayback(state),
    { kind: 'cancel_timer', timer: 'callback_key' },
    { kind: 'record', type: 'callback_dialog_ended', leg: 'caller', data: { reason: 'agent free' } },
    ...(dialog.callbackId ? [{ kind: 'cancel_callback', callbackId: dialog.callbackId } as const] : []),
    { kind: 'start_moh' },
    ...t.effects,
  ]);
}

/**
 * The callback part of the call flow, or null when the event is not its business (then the
 * rest of the flow handles it: a hang-up, talk detection, bridges…).
 */
export function callbackTransition(state: CallState, event: CallFlowEvent, flow: CallFlowSettings): Transition | null {
  const settings = flow.callback;
  if (!settings) return null;
  const dialog = state.callback;

  if (state.phase !== 'callback' || !dialog) {
    if (state.phase !== 'waiting') return null;
    if (event.type === 'dtmf' && event.digit === settings.key) {
      const t = startDialog(state, 'key', event.at);
      return { ...t, effects: [callerDtmfRecord(event), ...t.effects] };
    }
    if (event.type === 'timer_fired' && event.timer === 'callback_offer') {
      const next = play(state, offerMedia(settings.key));
      return handled(next.state, [{ kind: 'stop_moh' }, { kind: 'record', type: 'callback_offered', leg: 'caller', data: { key: settings.key } }, next.effect]);
    }
    return null;
  }

  switch (event.type) {
    case 'dtmf': {
      // digits of a number being keyed in stay out of the timeline
      const digit = dialog.step === 'enter' && /^\d$/.test(event.digit) ? 'x' : event.digit;
      const t = onKey(state, dialog, event.digit, settings, flow, event.at);
      return { ...t, effects: [callerDtmfRecord(event, { digit, step: dialog.step }), ...t.effects] };
    }
    case 'timer_fired':
      return event.timer === 'callback_key' ? onSilence(state, dialog, settings, flow, event.at) : ignored(state);
    case 'playback_finished': {
      const record = playbackFinishedRecord(event);
      if (event.playbackId !== state.currentPlaybackId) return handled(state, [record]);
      const cleared = { ...state, currentPlaybackId: null };
      if (dialog.step === 'registered') {
        const t = hangUpRegistered(cleared);
        return { ...t, effects: [record, ...t.effects] };
      }
      const wait: CallEffect[] = dialog.step === 'confirm' || dialog.step === 'enter' ? [{ kind: 'start_timer', timer: 'callback_key', ms: settings.keyTimeoutMs }] : [];
      return handled(cleared, [record, ...wait]);
    }
    case 'callback_saved':
      return saved(state, dialog, flow, event.callbackId, event.at);
    case 'agent_assigned':
      return servedNow(state, dialog, event);
    case 'adopted':
      // timers and prompts were lost with the connection: a stored callback ends the call, else back to waiting
      if (dialog.callbackId) return hangUpRegistered(state);
      return resume(state, flow, event.at, 'app reconnected', false);
    default:
      return null;
  }
}

/** A callback stored after the caller was already served (or gone): not needed any more. */
export function callbackNotNeeded(state: CallState, event: Extract<CallFlowEvent, { type: 'callback_saved' }>, flow: CallFlowSettings): Transition {
  if (!flow.callback || !event.callbackId) return ignored(state);
  return handled(state, [
    { kind: 'cancel_callback', callbackId: event.callbackId },
    { kind: 'record', type: 'callback_cancelled', leg: 'system', data: { callbackId: event.callbackId, phase: state.phase } },
  ]);
}
