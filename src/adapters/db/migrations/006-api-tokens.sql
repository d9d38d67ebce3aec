-- API tokens with roles. Only the SHA-256 (hex) of a token is kept: a token is shown once, when
-- it is created, and cannot be read back from here. Revoked tokens stay, for the audit trail.

CREATE TABLE api_tokens (
  id          uuid PRIMARY KEY,
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
  role        text NOT NULL CHECK (role IN ('agent', 'supervisor', 'auditor', 'admin')),
  -- the agent an agent token acts for; only agent tokens have one, and they must
  agent_id    text CHECK ((role = 'agent') = (agent_id IS NOT NULL)),
  token_hash  text NOT NULL CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  created_at  timestamptz NOT NULL DEFAULT now(),
  revoked_at  timestamptz,
  -- Named: the store maps a unique violation on it to ApiTokenConflictError.
  CONSTRAINT api_tokens_name_unique UNIQUE (name),
  CONSTRAINT api_tokens_hash_unique UNIQUE (token_hash)
);
