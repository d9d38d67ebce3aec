// The keyed questionnaire of a callback survey as a state machine:
//   Q1 是否解决  1 yes / 2 no        Q2 是否满意  1 satisfied / 2 basically / 3 dissatisfied
// A key may interrupt a prompt. An invalid key, or no key within the timeout after the
// question, repeats the question once; the second miss ends the call ('not answered', or
// 'partial' when Q1 was answered). A thanks prompt closes a completed survey.
// transition(state, event) returns the next state and effects as data; events a state does not
// expect are no-ops (handled: false).
import { SURVEY_PROMPTS } from './survey-prompts.js';
import type { QuestionnaireResult, ResolvedAnswer, SatisfactionAnswer, SurveyAnswers } from './survey-types.js';
import { ignored } from '../shared/machine-step.js';

export type Question = 'resolved' | 'satisfaction';

export interface QuestionnaireState {
  /** asking: a question is playing or waiting for a key; closing: thanks/goodbye playing; done. */
  phase: 'idle' | 'asking' | 'closing' | 'done';
  question: Question;
  /** How many times the current question has been asked (1, then 2 after a repeat). */
  asked: number;
  /** The prompt playing now; null while waiting for a key. */
  playbackId: string | null;
  /** Playback ids are `<idBase>-pb<n>`, chosen here before the play command. */
  idBase: string;
  playbackSeq: number;
  answers: SurveyAnswers;
  result: QuestionnaireResult | null;
}

export type QuestionnaireEvent =
  | { type: 'answered' }
  | { type: 'prompt_finished'; playbackId: string }
  | { type: 'key'; digit: string }
  | { type: 'key_timeout' }
  | { type: 'hung_up' };

export type QuestionnaireEffect =
  | { kind: 'play'; playbackId: string; media: string[] }
  | { kind: 'stop_playback'; playbackId: string }
  | { kind: 'start_key_timer' }
  | { kind: 'cancel_key_timer' }
  | { kind: 'hangup' }
  /** Emitted exactly once: what the citizen answered. */
  | { kind: 'finished'; result: QuestionnaireResult; answers: SurveyAnswers };

export interface QuestionnaireStep {
  state: QuestionnaireState;
  effects: QuestionnaireEffect[];
  handled: boolean;
}

const RESOLVED_KEYS: Record<string, ResolvedAnswer> = { '1': 'yes', '2': 'no' };
const SATISFACTION_KEYS: Record<string, SatisfactionAnswer> = { '1': 'satisfied', '2': 'basically_satisfied', '3': 'dissatisfied' };

const QUESTION_PROMPT: Record<Question, string> = {
  resolved: SURVEY_PROMPTS.resolved,
  satisfaction: SURVEY_PROMPTS.satisfaction,
};

export function createQuestionnaire(idBase: string): QuestionnaireState {
  return {
    phase: 'idle',
    question: 'resolved',
    asked: 0,
    playbackId: null,
    idBase,
    playbackSeq: 0,
    answers: { resolved: null, satisfaction: null },
    result: null,
  };
}

export function resultOf(answers: SurveyAnswers): QuestionnaireResult {
  if (answers.resolved && answers.satisfaction) return 'answered';
  return answers.resolved ? 'partial' : 'not_answered';
}

function play(state: QuestionnaireState, media: string[]): QuestionnaireStep {
  const playbackSeq = state.playbackSeq + 1;
  const playbackId = `${state.idBase}-pb${playbackSeq}`;
  return { state: { ...state, playbackSeq, playbackId }, effects: [{ kind: 'play', playbackId, media }], handled: true };
}

/** Stops what is playing and cancels the key timer: the citizen pressed a key. */
function interrupt(state: QuestionnaireState): QuestionnaireEffect[] {
  return state.playbackId ? [{ kind: 'stop_playback', playbackId: state.playbackId }, { kind: 'cancel_key_timer' }] : [{ kind: 'cancel_key_timer' }];
}

function ask(state: QuestionnaireState, question: Question, asked: number, before: string[] = []): QuestionnaireStep {
  return play({ ...state, phase: 'asking', question, asked }, [...before, QUESTION_PROMPT[question]]);
}

function close(state: QuestionnaireState): QuestionnaireStep {
  const result = resultOf(state.answers);
  const step = play({ ...state, phase: 'closing', result }, [result === 'answered' ? SURVEY_PROMPTS.thanks : SURVEY_PROMPTS.goodbye]);
  return { ...step, effects: [{ kind: 'finished', result, answers: state.answers }, ...step.effects] };
}

/** The question was missed (invalid key or timeout): ask once more, or give up. */
function missed(state: QuestionnaireState, why: 'invalid' | 'timeout', pre: QuestionnaireEffect[]): QuestionnaireStep {
  const next = state.asked < 2
    ? ask(state, state.question, 2, [why === 'invalid' ? SURVEY_PROMPTS.invalidKey : SURVEY_PROMPTS.noKey])
    : close(state);
  return { ...next, effects: [...pre, ...next.effects] };
}

function onKey(state: QuestionnaireState, digit: string): QuestionnaireStep {
  const pre = interrupt(state);
  if (state.question === 'resolved') {
    const answer = RESOLVED_KEYS[digit];
    if (!answer) return missed(state, 'invalid', pre);
    const next = ask({ ...state, answers: { ...state.answers, resolved: answer } }, 'satisfaction', 1);
    return { ...next, effects: [...pre, ...next.effects] };
  }
  const answer = SATISFACTION_KEYS[digit];
  if (!answer) return missed(state, 'invalid', pre);
  const next = close({ ...state, answers: { ...state.answers, satisfaction: answer } });
  return { ...next, effects: [...pre, ...next.effects] };
}


export function transition(state: QuestionnaireState, event: QuestionnaireEvent): QuestionnaireStep {
  if (state.phase === 'done') return ignored(state);
  if (event.type === 'hung_up') {
    const done = { ...state, phase: 'done' as const, playbackId: null };
    if (state.phase === 'closing' || state.phase === 'idle') return { state: done, effects: [{ kind: 'cancel_key_timer' }], handled: true };
    const result = resultOf(state.answers);
    return { state: { ...done, result }, effects: [{ kind: 'cancel_key_timer' }, { kind: 'finished', result, answers: state.answers }], handled: true };
  }
  switch (state.phase) {
    case 'idle':
      return event.type === 'answered' ? ask(state, 'resolved', 1, [SURVEY_PROMPTS.intro]) : ignored(state);
    case 'asking':
      if (event.type === 'key') return onKey(state, event.digit);
      if (event.type === 'prompt_finished' && event.playbackId === state.playbackId) {
        return { state: { ...state, playbackId: null }, effects: [{ kind: 'start_key_timer' }], handled: true };
      }
      if (event.type === 'key_timeout' && state.playbackId === null) return missed(state, 'timeout', []);
      return ignored(state);
    case 'closing':
      if (event.type === 'prompt_finished' && event.playbackId === state.playbackId) {
        return { state: { ...state, phase: 'done', playbackId: null }, effects: [{ kind: 'hangup' }], handled: true };
      }
      return ignored(state);
  }
}
