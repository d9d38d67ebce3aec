// Where callback surveys and their call attempts are kept (the source of truth; jobs only
// carry a survey id). Implemented on SQL in src/adapters/db/case-survey-store.ts.
import type {
  AttemptOutcome,
  QuestionnaireResult,
  SurveyAnswers,
  SurveyStatus,
} from '../../domain/survey/survey-types.js';

export interface CaseSurvey {
  id: number;
  caseId: string;
  number: string;
  status: SurveyStatus;
  attempts: number;
  nextAttemptAt: Date | null;
  answers: SurveyAnswers;
  result: QuestionnaireResult | null;
  createdAt: Date;
  completedAt: Date | null;
}

export interface SurveyAttempt {
  attempt: number;
  startedAt: Date;
  answeredAt: Date | null;
  endedAt: Date | null;
  outcome: AttemptOutcome | null;
  hangupCause: number | null;
  detail: string | null;
}

export interface CaseSurveyWithAttempts extends CaseSurvey {
  attemptLog: SurveyAttempt[];
}

export interface SurveyListFilter {
  status?: SurveyStatus;
  caseId?: string;
  limit: number;
  offset: number;
}

export interface ClaimedAttempt {
  surveyId: number;
  attempt: number;
  number: string;
}

/** How an attempt ended and what the survey does next (decided by the domain's attempt policy). */
export interface AttemptEnd {
  surveyId: number;
  attempt: number;
  outcome: AttemptOutcome;
  endedAt: Date;
  hangupCause: number | null;
  detail: string | null;
  /** Answers given in this attempt (stored on the survey when it finishes with them). */
  answers: SurveyAnswers | null;
  result: QuestionnaireResult | null;
  next: { status: 'completed' | 'failed' | 'not_reached' } | { status: 'scheduled'; at: Date };
}

export interface CaseSurveyStore {
  /** Creates the case's survey, scheduled for `firstAttemptAt`, unless the case has one already. */
  create(input: { caseId: string; number: string; firstAttemptAt: Date; at: Date }): Promise<{ survey: CaseSurvey; created: boolean }>;
  get(id: number): Promise<CaseSurveyWithAttempts | null>;
  list(filter: SurveyListFilter): Promise<CaseSurvey[]>;
  /**
   * Atomically moves a due scheduled survey to calling and opens its next attempt. Null when the
   * survey is not scheduled or not due at `at` (already claimed by another run, finished, later).
   */
  claimAttempt(surveyId: number, at: Date): Promise<ClaimedAttempt | null>;
  markAnswered(surveyId: number, attempt: number, at: Date): Promise<void>;
  /** Closes the attempt and moves the survey on. False if that attempt was already closed. */
  finishAttempt(end: AttemptEnd): Promise<boolean>;
  /** Scheduled surveys due at `at`, oldest first. */
  listDue(at: Date, limit: number): Promise<Array<{ surveyId: number; nextAttempt: number }>>;
  /** Surveys still calling although their attempt was claimed before `claimedBefore` (a lost call). */
  listStuck(claimedBefore: Date, limit: number): Promise<Array<{ surveyId: number; attempt: number }>>;
}
