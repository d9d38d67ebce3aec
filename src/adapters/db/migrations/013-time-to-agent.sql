-- Time to agent: from the caller's answer to the caller bridged with an agent who answered
-- (the first such agent of the call). NULL: the call never reached an agent. Written once by
-- the call flow; live stats take its p50/p90 over recent calls.
ALTER TABLE calls ADD COLUMN time_to_agent_ms integer CHECK (time_to_agent_ms >= 0);
-- Live stats read the recent calls that reached an agent.
CREATE INDEX calls_time_to_agent_idx ON calls (started_at) WHERE time_to_agent_ms IS NOT NULL;
