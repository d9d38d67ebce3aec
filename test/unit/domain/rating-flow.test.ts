import { describe, expect, it } from 'vitest';
import type { CallFlowEvent, CallState } from '../../../src/domain/call/call-flow-types.js';
import { parseRatingKeys } from '../../../src/domain/call/rating-keys.js';
import { at, callAfter, flowSettings, recordTypes, runFlow, TO_AGENT_ZHANG } from '../../support/call-flow-harness.js';

const settings = flowSettings();
const run = (events: CallFlowEvent[], start: CallState) => runFlow(events, start, settings);

/** The agent ended the service at 100 s; the rating question (c1-pb2) is playing. */
function inRating(): CallState {
  const state = callAfter([...TO_AGENT_ZHANG, { type: 'end_service', at: at(100), by: 'agent_api' }]);
  expect(state.phase).toBe('rating');
  expect(state.currentPlaybackId).toBe('c1-pb2');
  return state;
}

describe('per-call rating (一次一评)', () => {
  it('a valid key during the question is stored against the call and the agent, thanks, then the app hangs up', () => {
    const keyed = run([{ type: 'dtmf', at: at(103), digit: '1' }], inRating());
    expect(keyed.effects).toContainEqual({ kind: 'stop_playback', playbackId: 'c1-pb2' });
    expect(keyed.effects).toContainEqual({ kind: 'record', type: 'rated', leg: 'caller', data: { agentId: 'zhang', key: '1', value: 'satisfied' } });
    expect(keyed.effects).toContainEqual({ kind: 'update_call', patch: { rating: 'satisfied', ratedAt: at(103) } });
    expect(keyed.effects).toContainEqual({ kind: 'play', playbackId: 'c1-pb3', media: 'sound:hotline/survey-thanks' });
    // keys after the rating change nothing
    const late = run([{ type: 'dtmf', at: at(104), digit: '3' }], keyed.state);
    expect(recordTypes(late.effects)).toEqual(['dtmf']);
    const done = run([{ type: 'playback_finished', at: at(106), playbackId: 'c1-pb3' }], keyed.state);
    expect(done.effects).toContainEqual({ kind: 'hangup', channelId: 'c1', reason: 'normal' });
    expect(done.state.firstHangupSide).toBe('system');
  });

  it('an invalid key asks again; a second invalid key ends as not rated', () => {
    const first = run([{ type: 'dtmf', at: at(103), digit: '7' }], inRating());
    expect(recordTypes(first.effects)).toEqual(['rating_key_invalid', 'rating_asked']);
    expect(first.effects).toContainEqual({ kind: 'play', playbackId: 'c1-pb3', media: ['sound:hotline/survey-invalid', 'sound:hotline/survey-intro'] });
    const second = run([{ type: 'dtmf', at: at(108), digit: '#' }], first.state);
    expect(second.effects).toContainEqual({ kind: 'update_call', patch: { rating: 'not_rated', ratedAt: at(108) } });
    expect(second.effects).toContainEqual({ kind: 'play', playbackId: 'c1-pb4', media: 'sound:hotline/survey-no-answer' });
    expect(recordTypes(second.effects)).toContain('not_rated');
  });

  it('no key: the key timer starts when the question ends, the question is asked again, then not rated', () => {
    const asked = run([{ type: 'playback_finished', at: at(107), playbackId: 'c1-pb2' }], inRating());
    expect(asked.effects).toContainEqual({ kind: 'start_timer', timer: 'rating_key', ms: 6000 });
    const again = run([{ type: 'timer_fired', at: at(113), timer: 'rating_key' }], asked.state);
    expect(again.effects).toContainEqual({ kind: 'play', playbackId: 'c1-pb3', media: 'sound:hotline/survey-intro' });
    const finished = run(
      [
        { type: 'playback_finished', at: at(120), playbackId: 'c1-pb3' },
        { type: 'timer_fired', at: at(126), timer: 'rating_key' },
      ],
      again.state,
    );
    expect(finished.effects).toContainEqual({ kind: 'update_call', patch: { rating: 'not_rated', ratedAt: at(126) } });
    expect(finished.effects).toContainEqual(expect.objectContaining({ kind: 'record', type: 'not_rated', data: { agentId: 'zhang', reason: 'no_key' } }));
  });

  it('the caller hanging up during the rating leaves the call not rated', () => {
    const { state, effects } = run([{ type: 'caller_hungup', at: at(102), cause: 16, causeText: 'Normal Clearing' }], inRating());
    expect(state.phase).toBe('ended');
    expect(effects).toContainEqual({ kind: 'update_call', patch: { rating: 'not_rated', ratedAt: at(102) } });
    expect(effects).toContainEqual({ kind: 'cancel_timer', timer: 'rating_key' });
  });

  it('uses the configured keys', () => {
    const custom = flowSettings({ rating: { keys: parseRatingKeys('1=good,9=bad'), keyTimeoutMs: 4000, maxAsks: 1 } });
    const { effects } = runFlow([{ type: 'dtmf', at: at(103), digit: '9' }], inRating(), custom);
    expect(effects).toContainEqual({ kind: 'update_call', patch: { rating: 'bad', ratedAt: at(103) } });
  });
});

describe('rating keys setting', () => {
  it.each([
    ['1=satisfied,2=basically_satisfied,3=dissatisfied', { 1: 'satisfied', 2: 'basically_satisfied', 3: 'dissatisfied' }],
    [' 1=yes , 2=no ', { 1: 'yes', 2: 'no' }],
  ])('reads %s', (text, expected) => {
    expect(parseRatingKeys(text)).toEqual(expected);
  });
  it.each([
    ['1=satisfied', /at least two/],
    ['1=a1,2=b', /not key=value/],
    ['1=good,1=bad', /twice/],
    ['*=good,2=bad', /not key=value/],
    ['1=not_rated,2=bad', /not_rated/],
  ])('refuses %s', (text, message) => {
    expect(() => parseRatingKeys(text)).toThrow(message);
  });
});
