import { describe, expect, it } from 'vitest';
import {
  createQuestionnaire,
  transition,
  type QuestionnaireEffect,
  type QuestionnaireEvent,
  type QuestionnaireState,
} from '../../../src/domain/survey/questionnaire.js';
import { SURVEY_PROMPTS as P } from '../../../src/domain/survey/survey-prompts.js';

/** Runs events in order; `finished` events refer to the prompt playing at that moment. */
function run(events: Array<QuestionnaireEvent | 'prompt_done'>): { state: QuestionnaireState; effects: QuestionnaireEffect[] } {
  let state = createQuestionnaire('survey-7-1');
  const effects: QuestionnaireEffect[] = [];
  for (const e of events) {
    const event: QuestionnaireEvent = e === 'prompt_done' ? { type: 'prompt_finished', playbackId: state.playbackId ?? 'none' } : e;
    const step = transition(state, event);
    state = step.state;
    effects.push(...step.effects);
  }
  return { state, effects };
}

const played = (effects: QuestionnaireEffect[]) => effects.flatMap((e) => (e.kind === 'play' ? [e.media] : []));
const finished = (effects: QuestionnaireEffect[]) => effects.filter((e) => e.kind === 'finished');
const key = (digit: string): QuestionnaireEvent => ({ type: 'key', digit });
const timeout: QuestionnaireEvent = { type: 'key_timeout' };

describe('the callback questionnaire', () => {
  it.each<[string, Array<QuestionnaireEvent | 'prompt_done'>, string[][], object | null]>([
    [
      'keys 1 then 1 after each question: resolved, satisfied, thanks',
      [{ type: 'answered' }, 'prompt_done', key('1'), 'prompt_done', key('1'), 'prompt_done'],
      [[P.intro, P.resolved], [P.satisfaction], [P.thanks]],
      { result: 'answered', answers: { resolved: 'yes', satisfaction: 'satisfied' } },
    ],
    [
      'keys during the prompts (barge-in): 2 then 3',
      [{ type: 'answered' }, key('2'), key('3'), 'prompt_done'],
      [[P.intro, P.resolved], [P.satisfaction], [P.thanks]],
      { result: 'answered', answers: { resolved: 'no', satisfaction: 'dissatisfied' } },
    ],
    [
      'basically satisfied is key 2',
      [{ type: 'answered' }, key('1'), key('2')],
      [[P.intro, P.resolved], [P.satisfaction], [P.thanks]],
      { result: 'answered', answers: { resolved: 'yes', satisfaction: 'basically_satisfied' } },
    ],
    [
      'an invalid key repeats the question once, then a valid key counts',
      [{ type: 'answered' }, 'prompt_done', key('7'), 'prompt_done', key('1'), key('1')],
      [[P.intro, P.resolved], [P.invalidKey, P.resolved], [P.satisfaction], [P.thanks]],
      { result: 'answered', answers: { resolved: 'yes', satisfaction: 'satisfied' } },
    ],
    [
      'no key: the question is repeated once, then goodbye and not answered',
      [{ type: 'answered' }, 'prompt_done', timeout, 'prompt_done', timeout, 'prompt_done'],
      [[P.intro, P.resolved], [P.noKey, P.resolved], [P.goodbye]],
      { result: 'not_answered', answers: { resolved: null, satisfaction: null } },
    ],
    [
      'two invalid keys on Q2: partial, Q1 kept',
      [{ type: 'answered' }, key('1'), 'prompt_done', key('9'), key('#')],
      [[P.intro, P.resolved], [P.satisfaction], [P.invalidKey, P.satisfaction], [P.goodbye]],
      { result: 'partial', answers: { resolved: 'yes', satisfaction: null } },
    ],
    [
      'an invalid key then no key: not answered',
      [{ type: 'answered' }, key('5'), 'prompt_done', timeout],
      [[P.intro, P.resolved], [P.invalidKey, P.resolved], [P.goodbye]],
      { result: 'not_answered', answers: { resolved: null, satisfaction: null } },
    ],
    [
      'the citizen hangs up after Q1: partial',
      [{ type: 'answered' }, key('2'), { type: 'hung_up' }],
      [[P.intro, P.resolved], [P.satisfaction]],
      { result: 'partial', answers: { resolved: 'no', satisfaction: null } },
    ],
    [
      'the citizen hangs up during the intro: not answered',
      [{ type: 'answered' }, { type: 'hung_up' }],
      [[P.intro, P.resolved]],
      { result: 'not_answered', answers: { resolved: null, satisfaction: null } },
    ],
  ])('%s', (_what, events, prompts, result) => {
    const { effects, state } = run(events);
    expect(played(effects)).toEqual(prompts);
    const done = finished(effects);
    expect(done).toHaveLength(1);
    expect(done[0]).toMatchObject(result!);
    expect(state.result).toBe((result as { result: string }).result);
  });

  it('a key during a prompt stops that prompt and plays the next under a new id', () => {
    let state = transition(createQuestionnaire('survey-7-1'), { type: 'answered' }).state;
    expect(state.playbackId).toBe('survey-7-1-pb1');
    const step = transition(state, key('1'));
    expect(step.effects).toEqual([
      { kind: 'stop_playback', playbackId: 'survey-7-1-pb1' },
      { kind: 'cancel_key_timer' },
      { kind: 'play', playbackId: 'survey-7-1-pb2', media: [P.satisfaction] },
    ]);
    state = step.state;
    // the stopped prompt's finished event is not the current prompt: nothing happens
    expect(transition(state, { type: 'prompt_finished', playbackId: 'survey-7-1-pb1' }).handled).toBe(false);
  });

  it('the key timer starts only when the question has been heard to the end', () => {
    const asked = transition(createQuestionnaire('s'), { type: 'answered' }).state;
    expect(transition(asked, timeout).handled).toBe(false);
    const heard = transition(asked, { type: 'prompt_finished', playbackId: 's-pb1' });
    expect(heard.effects).toEqual([{ kind: 'start_key_timer' }]);
  });

  it('hangs up after the thanks prompt and ignores everything after', () => {
    const { state, effects } = run([{ type: 'answered' }, key('1'), key('1'), 'prompt_done']);
    expect(effects.at(-1)).toEqual({ kind: 'hangup' });
    expect(state.phase).toBe('done');
    expect(transition(state, key('1')).handled).toBe(false);
    expect(transition(state, { type: 'hung_up' }).effects).toEqual([]);
  });

  it('keys during the thanks prompt change nothing; hanging up then reports nothing twice', () => {
    const { state } = run([{ type: 'answered' }, key('1'), key('1')]);
    expect(state.phase).toBe('closing');
    expect(transition(state, key('2')).handled).toBe(false);
    const hung = transition(state, { type: 'hung_up' });
    expect(finished(hung.effects)).toHaveLength(0);
  });

  it('events before the call is answered do nothing', () => {
    expect(transition(createQuestionnaire('s'), key('1')).handled).toBe(false);
  });
});
