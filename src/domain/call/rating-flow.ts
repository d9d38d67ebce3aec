// The per-call rating (一次一评): right after the agent's service ends, the caller — out of the
// agent's bridge, so the agent hears neither question nor answer — is asked to rate the service
// with a key. A valid key is stored against the call and the agent; an invalid key or silence
// asks again up to `maxAsks` times, then the call is "not rated". A closing prompt, then the
// app hangs up.
import type { CallEffect, CallFlowEvent, CallFlowSettings, CallState, Transition } from './call-flow-types.js';
import { play, playbackFinishedRecord, stopCurrentPlayback } from './call-flow-helpers.js';

export const RATING_PROMPTS = {
  question: 'sound:hotline/survey-intro',
  invalid: 'sound:hotline/survey-invalid',
  thanks: 'sound:hotline/survey-thanks',
  notRated: 'sound:hotline/survey-no-answer',
} as const;

export const NOT_RATED = 'not_rated';

/** Starts the rating: the first question. */
export function askRating(state: CallState): { state: CallState; effects: CallEffect[] } {
  const next = play({ ...state, phase: 'rating', rating: { asked: 1, done: false } }, RATING_PROMPTS.question);
  return { state: next.state, effects: [{ kind: 'record', type: 'rating_asked', leg: 'caller', data: { ask: 1 } }, next.effect] };
}

function askAgain(state: CallState, media: string | string[]): Transition {
  const asked = (state.rating?.asked ?? 0) + 1;
  const next = play({ ...state, rating: { asked, done: false } }, media);
  return {
    state: next.state,
    effects: [...stopCurrentPlayback(state), { kind: 'record', type: 'rating_asked', leg: 'caller', data: { ask: asked } }, next.effect],
    handled: true,
  };
}

function finish(state: CallState, at: Date, value: string, data: Record<string, unknown>): Transition {
  const rated = value !== NOT_RATED;
  const next = play({ ...state, rating: { asked: state.rating?.asked ?? 0, done: true } }, rated ? RATING_PROMPTS.thanks : RATING_PROMPTS.notRated);
  return {
    state: next.state,
    effects: [
      { kind: 'cancel_timer', timer: 'rating_key' },
      ...stopCurrentPlayback(state),
      { kind: 'record', type: rated ? 'rated' : 'not_rated', leg: 'caller', data: { agentId: state.service?.agentId ?? null, ...data } },
      { kind: 'update_call', patch: { rating: value, ratedAt: at } },
      next.effect,
    ],
    handled: true,
  };
}

/** The caller hung up before rating: the call is not rated. */
export function ratingAbandoned(state: CallState, at: Date): CallEffect[] {
  if (state.phase !== 'rating' || state.rating?.done) return [];
  return [
    { kind: 'cancel_timer', timer: 'rating_key' },
    { kind: 'record', type: 'not_rated', leg: 'caller', data: { agentId: state.service?.agentId ?? null, reason: 'caller_hung_up' } },
    { kind: 'update_call', patch: { rating: NOT_RATED, ratedAt: at } },
  ];
}

export function ratingTransition(state: CallState, event: CallFlowEvent, settings: CallFlowSettings): Transition | null {
  if (state.phase !== 'rating' || !state.rating) return null;
  const { rating } = state;
  switch (event.type) {
    case 'dtmf': {
      if (rating.done) return null;
      const value = settings.rating.keys[event.digit];
      if (value) return finish(state, event.at, value, { key: event.digit, value });
      const invalid: CallEffect[] = [
        { kind: 'cancel_timer', timer: 'rating_key' },
        { kind: 'record', type: 'rating_key_invalid', leg: 'caller', data: { key: event.digit } },
      ];
      const next = rating.asked < settings.rating.maxAsks
        ? askAgain(state, [RATING_PROMPTS.invalid, RATING_PROMPTS.question])
        : finish(state, event.at, NOT_RATED, { reason: 'invalid_keys' });
      return { ...next, effects: [...invalid, ...next.effects] };
    }
    case 'playback_finished': {
      if (event.playbackId !== state.currentPlaybackId) return null;
      const cleared = { ...state, currentPlaybackId: null };
      const record = playbackFinishedRecord(event);
      if (!rating.done) {
        return { state: cleared, effects: [record, { kind: 'start_timer', timer: 'rating_key', ms: settings.rating.keyTimeoutMs }], handled: true };
      }
      // the closing prompt is over: the app hangs up the caller
      return {
        state: { ...cleared, firstHangupSide: state.firstHangupSide ?? 'system' },
        effects: [
          record,
          { kind: 'update_call', patch: { firstHangupSide: 'system' } },
          { kind: 'hangup', channelId: state.callerChannelId, reason: 'normal' },
        ],
        handled: true,
      };
    }
    case 'timer_fired': {
      if (event.timer !== 'rating_key' || rating.done) return null;
      return rating.asked < settings.rating.maxAsks
        ? askAgain(state, RATING_PROMPTS.question)
        : finish(state, event.at, NOT_RATED, { reason: 'no_key' });
    }
    default:
      return null;
  }
}
