// The per-case callback survey (一事一评 回访): its states, the outcome of one call attempt and
// the citizen's answers.

export const SURVEY_STATUSES = ['scheduled', 'calling', 'completed', 'failed', 'not_reached'] as const;
/**
 * scheduled    waiting for its next attempt (next_attempt_at)
 * calling      an attempt is in progress (claimed by one worker)
 * completed    the citizen answered both questions
 * failed       reached, but the citizen gave no (or only part of the) answers, or the number is invalid
 * not_reached  every attempt went unanswered, busy or failed
 */
export type SurveyStatus = (typeof SURVEY_STATUSES)[number];

export const FINAL_STATUSES: ReadonlySet<SurveyStatus> = new Set(['completed', 'failed', 'not_reached']);

export type ResolvedAnswer = 'yes' | 'no';
export type SatisfactionAnswer = 'satisfied' | 'basically_satisfied' | 'dissatisfied';

export interface SurveyAnswers {
  /** Q1 是否解决: key 1 yes, 2 no. */
  resolved: ResolvedAnswer | null;
  /** Q2 是否满意: key 1 satisfied, 2 basically satisfied, 3 dissatisfied. */
  satisfaction: SatisfactionAnswer | null;
}

export const NO_ANSWERS: SurveyAnswers = Object.freeze({ resolved: null, satisfaction: null });

/** What the citizen did with a questionnaire that was played to them. */
export type QuestionnaireResult = 'answered' | 'partial' | 'not_answered';

export const ATTEMPT_OUTCOMES = [
  'completed',
  'partial',
  'not_answered',
  'no_answer',
  'busy',
  'failed',
  'invalid_number',
  'interrupted',
] as const;
/**
 * completed       answered both questions
 * partial         answered the first question only, then no valid key or hung up
 * not_answered    picked up but gave no valid key (the question was repeated once)
 * no_answer       rang out, or declined
 * busy            SIP 486 / cause 17
 * failed          the network or Asterisk could not place the call
 * invalid_number  the network says the number does not exist
 * interrupted     the app lost the call (restart) before it ended
 */
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];
