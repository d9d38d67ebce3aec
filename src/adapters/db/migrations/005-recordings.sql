-- Conversation recordings: one row per recording the app started, linked to its call. The
-- file is <RECORDINGS_DIR>/<name>.<format>. The retention sweeper deletes the file and sets
-- deleted_at; the row stays, so "recording deleted" (410) differs from "never recorded" (404).

CREATE TABLE recordings (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  call_id     text NOT NULL REFERENCES calls (call_id) ON DELETE CASCADE,
  -- Asterisk's recording name (no folder, no extension); one file per name.
  name        text NOT NULL CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9._-]*$' AND length(name) <= 200),
  format      text NOT NULL CHECK (format ~ '^[a-z0-9]{2,8}$'),
  bridge_id   text NOT NULL,
  started_at  timestamptz NOT NULL,
  deleted_at  timestamptz,
  CONSTRAINT recordings_name_unique UNIQUE (name)
);

CREATE INDEX recordings_call_idx ON recordings (call_id, started_at);
-- What the retention sweeper looks at.
CREATE INDEX recordings_live_idx ON recordings (started_at) WHERE deleted_at IS NULL;
