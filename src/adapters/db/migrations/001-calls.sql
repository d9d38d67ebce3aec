-- One row per call, plus its timeline. Applied by src/adapters/db/migrate.ts inside a transaction.

CREATE TABLE calls (
  call_id            text PRIMARY KEY,
  channel_id         text NOT NULL,
  caller_number      text NOT NULL,
  dialed_number      text NOT NULL,
  started_at         timestamptz NOT NULL,
  answered_at        timestamptz,
  ended_at           timestamptz,
  hangup_cause       integer,
  hangup_cause_text  text,
  first_hangup_side  text CHECK (first_hangup_side IN ('caller', 'agent', 'emergency', 'system')),
  outcome            text NOT NULL DEFAULT 'in_progress',
  emergency_number   text,
  created_at         timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX calls_started_at_idx ON calls (started_at);
CREATE INDEX calls_caller_number_idx ON calls (caller_number);
-- What a restart must adopt or close (listOpenCalls).
CREATE INDEX calls_open_idx ON calls (started_at) WHERE ended_at IS NULL;

CREATE TABLE call_events (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  call_id    text NOT NULL REFERENCES calls (call_id) ON DELETE CASCADE,
  at         timestamptz NOT NULL,
  type       text NOT NULL,
  leg        text NOT NULL CHECK (leg IN ('caller', 'agent', 'emergency', 'system')),
  data       jsonb NOT NULL DEFAULT '{}',
  -- Same (call_id, dedup_key) is stored once; NULL keys never collide.
  dedup_key  text,
  CONSTRAINT call_events_dedup_key_unique UNIQUE (call_id, dedup_key)
);

CREATE INDEX call_events_timeline_idx ON call_events (call_id, at, id);
