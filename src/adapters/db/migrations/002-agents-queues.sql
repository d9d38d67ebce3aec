-- Agent accounts and skill queues (技能组) as records: the database is the source of truth,
-- Asterisk gets the agents' softphone accounts pushed from here (ARI push configuration).

CREATE TABLE agents (
  agent_id      text PRIMARY KEY CHECK (agent_id ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(agent_id) <= 32),
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
  -- The SIP user / PJSIP endpoint name of the agent's softphone.
  extension     text NOT NULL CHECK (extension ~ '^[0-9]{3,8}$'),
  -- {"housing": 4, "social-insurance": 2}: skill -> proficiency 1..5
  skills        jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(skills) = 'object'),
  -- ["zh", "yue"]
  languages     jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(languages) = 'array'),
  agent_group   text NOT NULL,
  -- Kept in clear because it is pushed to Asterisk again after every Asterisk restart.
  -- Never returned by the HTTP API except once, on creation and on rotation.
  sip_password  text NOT NULL CHECK (length(sip_password) >= 16),
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  -- Named: the store maps a unique violation on it to AgentConflictError.
  CONSTRAINT agents_extension_unique UNIQUE (extension)
);

CREATE TABLE queues (
  queue_id    text PRIMARY KEY,
  -- The parsed QueueConfig (defaults filled in); its "id" is the key.
  config      jsonb NOT NULL CHECK (jsonb_typeof(config) = 'object' AND config ->> 'id' = queue_id),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
