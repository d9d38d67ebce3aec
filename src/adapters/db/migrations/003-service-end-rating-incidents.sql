-- End of service, the per-call rating (一次一评) and incidents found in a call's timeline.

ALTER TABLE calls ADD COLUMN agent_id text;
-- When the agent's service ended and who ended it (agent by API, phone key or hang-up; caller).
ALTER TABLE calls ADD COLUMN service_ended_at timestamptz;
ALTER TABLE calls ADD COLUMN service_ended_by text
  CHECK (service_ended_by IN ('agent_api', 'agent_phone', 'agent_hangup', 'caller_hangup', 'supervisor', 'system'));
-- The per-call rating: a key the caller pressed after the agent left, or 'not_rated'.
ALTER TABLE calls ADD COLUMN rating text;
ALTER TABLE calls ADD COLUMN rated_at timestamptz;
-- When the finished call was reviewed for incidents and written to the audit log (once).
ALTER TABLE calls ADD COLUMN reviewed_at timestamptz;

CREATE INDEX calls_agent_idx ON calls (agent_id, started_at) WHERE agent_id IS NOT NULL;

CREATE TABLE incidents (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  call_id      text NOT NULL REFERENCES calls (call_id) ON DELETE CASCADE,
  agent_id     text,
  kind         text NOT NULL,
  severity     text NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
  detected_at  timestamptz NOT NULL,
  summary      text NOT NULL,
  evidence     jsonb NOT NULL DEFAULT '{}',
  -- One incident of a kind per call, however often the call is reviewed.
  CONSTRAINT incidents_call_kind_unique UNIQUE (call_id, kind)
);

CREATE INDEX incidents_detected_idx ON incidents (detected_at);
CREATE INDEX incidents_agent_idx ON incidents (agent_id, detected_at);
