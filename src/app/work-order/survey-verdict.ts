// What a finished callback survey (回访) says about its order: 未解决 (key 2 on Q1) or 不满意
// (key 3 on Q2) puts the order up for a 重办 decision; answered yes / (basically) satisfied, or
// no answer at all (not reached, no valid key), closes it with the survey's status recorded.
import type { SurveyAnswers } from '../../domain/survey/survey-types.js';

export interface SurveyVerdict {
  resolved: boolean | null;
  satisfied: boolean | null;
}

export function surveyVerdict(answers: SurveyAnswers): SurveyVerdict {
  const resolved = answers.resolved === 'yes' ? true : answers.resolved === 'no' ? false : null;
  const satisfied = answers.satisfaction === null ? null : answers.satisfaction !== 'dissatisfied';
  return { resolved, satisfied };
}

const CASE_ID = /^([0-9]{4}-[0-9]{6,9})(?:-R[0-9]+)?$/;

/**
 * The case id of an order's survey: the order number, and for a reopened order (重办) a suffix
 * per round, since a case is surveyed once and the reopened order needs a survey of its own.
 */
export const surveyCaseId = (orderNo: string, reopenCount: number): string => (reopenCount > 0 ? `${orderNo}-R${reopenCount}` : orderNo);

/** The order number of a survey's case id, or null when the survey is not an order's. */
export const orderNoOfCase = (caseId: string): string | null => CASE_ID.exec(caseId)?.[1] ?? null;
