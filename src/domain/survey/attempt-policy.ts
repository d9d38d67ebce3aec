// What happens after one call attempt: finish the survey, or call again later (spacing,
// quiet hours), or give up after the last attempt.
import { nextCallableTime, type CallingRules } from './quiet-hours.js';
import type { AttemptOutcome, SurveyStatus } from './survey-types.js';

export interface AttemptRules extends CallingRules {
  /** Calls placed at most per survey (1 = no retry). */
  maxAttempts: number;
  /** Spacing between the end of one attempt and the next, before quiet hours apply. */
  retryMs: number;
}

export type NextStep =
  | { kind: 'finish'; status: Extract<SurveyStatus, 'completed' | 'failed' | 'not_reached'> }
  | { kind: 'retry'; at: Date };

/** Outcomes after which the citizen is not called again: they were reached, or cannot be. */
const FINAL: Partial<Record<AttemptOutcome, 'completed' | 'failed'>> = {
  completed: 'completed',
  partial: 'failed',
  not_answered: 'failed',
  invalid_number: 'failed',
};

/** `attemptsMade` counts the attempt that just ended. */
export function afterAttempt(outcome: AttemptOutcome, attemptsMade: number, endedAt: Date, rules: AttemptRules): NextStep {
  const final = FINAL[outcome];
  if (final) return { kind: 'finish', status: final };
  if (attemptsMade >= rules.maxAttempts) return { kind: 'finish', status: 'not_reached' };
  return { kind: 'retry', at: nextCallableTime(new Date(endedAt.getTime() + rules.retryMs), rules) };
}

/**
 * The outcome of a call that ended before the citizen answered, from its Q.850 hang-up cause:
 * 17 busy; 18/19 no answer, 21 declined, 16 and 0 (cleared or timed out while ringing);
 * 1 unallocated / 28 invalid number format; anything else is a network failure.
 */
export function unansweredOutcome(cause: number): Extract<AttemptOutcome, 'busy' | 'no_answer' | 'failed' | 'invalid_number'> {
  if (cause === 17) return 'busy';
  if (cause === 0 || cause === 16 || cause === 18 || cause === 19 || cause === 21) return 'no_answer';
  if (cause === 1 || cause === 28) return 'invalid_number';
  return 'failed';
}
