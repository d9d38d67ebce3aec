-- Per-case callback surveys (一事一评 回访). The database is the source of truth: BullMQ jobs
-- only carry a survey id and may be lost or run twice; the status transition with a WHERE
-- (scheduled -> calling) is what lets exactly one worker place each call.
CREATE TABLE case_surveys (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id          text NOT NULL UNIQUE,            -- one survey per case, however often requested
  number           text NOT NULL,                   -- the citizen's number (personal data)
  status           text NOT NULL CHECK (status IN ('scheduled', 'calling', 'completed', 'failed', 'not_reached')),
  attempts         integer NOT NULL DEFAULT 0,      -- call attempts started
  next_attempt_at  timestamptz,                     -- set while scheduled (already outside quiet hours)
  claimed_at       timestamptz,                     -- when the attempt in progress was claimed
  answers          jsonb NOT NULL DEFAULT '{"resolved": null, "satisfaction": null}'::jsonb,
  result           text CHECK (result IN ('answered', 'partial', 'not_answered')),
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL,
  completed_at     timestamptz,
  CHECK ((status = 'scheduled') = (next_attempt_at IS NOT NULL))
);

CREATE INDEX case_surveys_due ON case_surveys (next_attempt_at) WHERE status = 'scheduled';
CREATE INDEX case_surveys_calling ON case_surveys (claimed_at) WHERE status = 'calling';
CREATE INDEX case_surveys_status_created ON case_surveys (status, created_at DESC);

CREATE TABLE case_survey_attempts (
  survey_id     bigint NOT NULL REFERENCES case_surveys (id) ON DELETE CASCADE,
  attempt       integer NOT NULL CHECK (attempt >= 1),
  started_at    timestamptz NOT NULL,
  answered_at   timestamptz,
  ended_at      timestamptz,
  outcome       text CHECK (outcome IN ('completed', 'partial', 'not_answered', 'no_answer', 'busy', 'failed', 'invalid_number', 'interrupted')),
  hangup_cause  integer,
  detail        text,
  PRIMARY KEY (survey_id, attempt)
);
