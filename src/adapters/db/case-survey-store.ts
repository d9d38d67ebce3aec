// The CaseSurveyStore port on SQL (PostgreSQL or PGlite). Every status change is one UPDATE
// with a WHERE on the expected status (and attempt), so two runs of the same job, or a late
// event for an attempt already closed, change nothing.
import type { AttemptOutcome, QuestionnaireResult, SurveyAnswers, SurveyStatus } from '../../domain/survey/survey-types.js';
import type {
  AttemptEnd,
  CaseSurvey,
  CaseSurveyStore,
  CaseSurveyWithAttempts,
  ClaimedAttempt,
  SurveyAttempt,
  SurveyListFilter,
} from '../../ports/survey/case-survey-store.js';
import type { Database } from './database.js';

interface SurveyRow {
  id: string | number;
  case_id: string;
  number: string;
  status: SurveyStatus;
  attempts: number;
  next_attempt_at: Date | null;
  answers: SurveyAnswers;
  result: QuestionnaireResult | null;
  created_at: Date;
  completed_at: Date | null;
}

interface AttemptRow {
  attempt: number;
  started_at: Date;
  answered_at: Date | null;
  ended_at: Date | null;
  outcome: AttemptOutcome | null;
  hangup_cause: number | null;
  detail: string | null;
}

const COLUMNS = 'id, case_id, number, status, attempts, next_attempt_at, answers, result, created_at, completed_at';

const INSERT = `
  INSERT INTO case_surveys (case_id, number, status, next_attempt_at, created_at, updated_at)
  VALUES ($1, $2, 'scheduled', $3, $4, $4)
  ON CONFLICT (case_id) DO NOTHING
  RETURNING ${COLUMNS}`;
const BY_CASE = `SELECT ${COLUMNS} FROM case_surveys WHERE case_id = $1`;
const BY_ID = `SELECT ${COLUMNS} FROM case_surveys WHERE id = $1`;
const ATTEMPTS = `
  SELECT attempt, started_at, answered_at, ended_at, outcome, hangup_cause, detail
  FROM case_survey_attempts WHERE survey_id = $1 ORDER BY attempt`;
const LIST = `
  SELECT ${COLUMNS} FROM case_surveys
  WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR case_id = $2)
  ORDER BY created_at DESC, id DESC LIMIT $3 OFFSET $4`;
const CLAIM = `
  UPDATE case_surveys
  SET status = 'calling', attempts = attempts + 1, claimed_at = $2, next_attempt_at = NULL, updated_at = $2
  WHERE id = $1 AND status = 'scheduled' AND next_attempt_at <= $2
  RETURNING id, attempts, number`;
const OPEN_ATTEMPT = 'INSERT INTO case_survey_attempts (survey_id, attempt, started_at) VALUES ($1, $2, $3)';
const ANSWERED = 'UPDATE case_survey_attempts SET answered_at = $3 WHERE survey_id = $1 AND attempt = $2 AND answered_at IS NULL';
const CLOSE_ATTEMPT = `
  UPDATE case_survey_attempts SET ended_at = $3, outcome = $4, hangup_cause = $5, detail = $6
  WHERE survey_id = $1 AND attempt = $2 AND ended_at IS NULL
  RETURNING attempt`;
const MOVE_ON = `
  UPDATE case_surveys
  SET status = $3, next_attempt_at = $4, claimed_at = NULL,
      answers = COALESCE($5::text::jsonb, answers), result = COALESCE($6, result),
      completed_at = $7, updated_at = $8
  WHERE id = $1 AND status = 'calling' AND attempts = $2`;
const DUE = `
  SELECT id, attempts FROM case_surveys
  WHERE status = 'scheduled' AND next_attempt_at <= $1 ORDER BY next_attempt_at LIMIT $2`;
const STUCK = `
  SELECT id, attempts FROM case_surveys
  WHERE status = 'calling' AND claimed_at < $1 ORDER BY claimed_at LIMIT $2`;

const toSurvey = (r: SurveyRow): CaseSurvey => ({
  id: Number(r.id),
  caseId: r.case_id,
  number: r.number,
  status: r.status,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  answers: { resolved: r.answers?.resolved ?? null, satisfaction: r.answers?.satisfaction ?? null },
  result: r.result,
  createdAt: r.created_at,
  completedAt: r.completed_at,
});

const toAttempt = (r: AttemptRow): SurveyAttempt => ({
  attempt: r.attempt,
  startedAt: r.started_at,
  answeredAt: r.answered_at,
  endedAt: r.ended_at,
  outcome: r.outcome,
  hangupCause: r.hangup_cause,
  detail: r.detail,
});

export function createCaseSurveyStore(db: Database): CaseSurveyStore {
  return {
    async create({ caseId, number, firstAttemptAt, at }) {
      const [inserted] = await db.query<SurveyRow>(INSERT, [caseId, number, firstAttemptAt, at]);
      if (inserted) return { survey: toSurvey(inserted), created: true };
      const [existing] = await db.query<SurveyRow>(BY_CASE, [caseId]);
      if (!existing) throw new Error(`case ${caseId}: survey neither inserted nor found`);
      return { survey: toSurvey(existing), created: false };
    },

    async get(id): Promise<CaseSurveyWithAttempts | null> {
      const [row] = await db.query<SurveyRow>(BY_ID, [id]);
      if (!row) return null;
      const attempts = await db.query<AttemptRow>(ATTEMPTS, [id]);
      return { ...toSurvey(row), attemptLog: attempts.map(toAttempt) };
    },

    async list(filter: SurveyListFilter) {
      const rows = await db.query<SurveyRow>(LIST, [filter.status ?? null, filter.caseId ?? null, filter.limit, filter.offset]);
      return rows.map(toSurvey);
    },

    claimAttempt(surveyId, at): Promise<ClaimedAttempt | null> {
      return db.transaction(async (tx) => {
        const [row] = await tx.query<{ id: string | number; attempts: number; number: string }>(CLAIM, [surveyId, at]);
        if (!row) return null;
        await tx.query(OPEN_ATTEMPT, [surveyId, row.attempts, at]);
        return { surveyId: Number(row.id), attempt: row.attempts, number: row.number };
      });
    },

    async markAnswered(surveyId, attempt, at) {
      await db.query(ANSWERED, [surveyId, attempt, at]);
    },

    finishAttempt(end: AttemptEnd): Promise<boolean> {
      return db.transaction(async (tx) => {
        const closed = await tx.query(CLOSE_ATTEMPT, [end.surveyId, end.attempt, end.endedAt, end.outcome, end.hangupCause, end.detail]);
        if (closed.length === 0) return false;
        const scheduled = end.next.status === 'scheduled' ? end.next.at : null;
        await tx.query(MOVE_ON, [
          end.surveyId,
          end.attempt,
          end.next.status,
          scheduled,
          end.answers ? JSON.stringify(end.answers) : null,
          end.result,
          scheduled ? null : end.endedAt,
          end.endedAt,
        ]);
        return true;
      });
    },

    async listDue(at, limit) {
      const rows = await db.query<{ id: string | number; attempts: number }>(DUE, [at, limit]);
      return rows.map((r) => ({ surveyId: Number(r.id), nextAttempt: r.attempts + 1 }));
    },

    async listStuck(claimedBefore, limit) {
      const rows = await db.query<{ id: string | number; attempts: number }>(STUCK, [claimedBefore, limit]);
      return rows.map((r) => ({ surveyId: Number(r.id), attempt: r.attempts }));
    },
  };
}
