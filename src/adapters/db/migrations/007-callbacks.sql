-- Callbacks (回拨) left by callers waiting in a skill queue. The database is the source of truth:
-- the caller's waiting-list entry in Redis carries only the id, BullMQ jobs carry only the id.
-- A callback is dialled only after the atomic move 'waiting' -> 'delivering' (never twice at once).

CREATE TABLE callbacks (
  id               text PRIMARY KEY CHECK (id ~ '^[0-9a-f]{12}$'),
  -- The inbound call the callback was left on (its timeline records the delivery too).
  call_id          text NOT NULL REFERENCES calls (call_id),
  queue_id         text NOT NULL,
  -- The confirmed number to call back (a mainland number as checkCitizenNumber accepts; shown to supervisors only).
  number           text NOT NULL CHECK (number ~ '^(1[3-9][0-9]{9}|0[1-9][0-9]{9,10}|[2-8][0-9]{6,7})$'),
  -- The caller's place: the original time in the queue and priority, kept across retries.
  queued_at        timestamptz NOT NULL,
  priority         integer NOT NULL DEFAULT 0,
  status           text NOT NULL DEFAULT 'waiting'
                   CHECK (status IN ('waiting', 'delivering', 'retry_wait', 'completed', 'failed_follow_up', 'cancelled')),
  -- Calls placed to the citizen so far.
  attempts         integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at  timestamptz,
  -- The agent of the current or last delivery.
  agent_id         text,
  last_result      text,
  completed_at     timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX callbacks_status_idx ON callbacks (status, queued_at);
CREATE INDEX callbacks_call_idx ON callbacks (call_id);
