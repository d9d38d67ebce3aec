// The job queue that wakes a callback survey's next attempt (BullMQ in src/adapters/jobs). A
// job carries only the survey id; losing one is caught by the sweeper, running one twice is
// harmless (the attempt is claimed in the database).

export interface SurveyJobs {
  /**
   * Runs the survey's attempt `attempt` after `delayMs`. False when a job for that attempt is
   * already waiting, delayed or running (nothing is added).
   */
  schedule(surveyId: number, attempt: number, delayMs: number): Promise<boolean>;
}

/** What a job run does: runs the attempt, or says when the survey is really due. */
export type SurveyRunResult = { kind: 'placed' } | { kind: 'skipped'; reason: string } | { kind: 'not_due'; dueInMs: number };

export type SurveyJobHandler = (surveyId: number) => Promise<SurveyRunResult>;
