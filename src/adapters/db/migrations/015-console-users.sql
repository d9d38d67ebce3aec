-- Console users: people (agents, supervisors, auditors, admins, department staff) who log in to
-- the browser consoles with a username and password. Only the scrypt hash of the password is
-- kept, with its salt and parameters ("scrypt$ln=17,r=8,p=1$salt$key"). Sessions live in Redis.
-- Users are disabled, never deleted: the audit log names them (user:<username>).

CREATE TABLE console_users (
  id                   uuid PRIMARY KEY,
  username             text NOT NULL CHECK (username ~ '^[a-z][a-z0-9._-]{1,31}$'),
  name                 text NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
  role                 text NOT NULL CHECK (role IN ('agent', 'supervisor', 'auditor', 'admin', 'department')),
  -- the agent account an agent user works as; emptied when that agent is deleted, so a new agent
  -- with the same id never inherits the login (such a user can no longer log in)
  agent_id             text REFERENCES agents (agent_id) ON DELETE SET NULL CHECK (role = 'agent' OR agent_id IS NULL),
  department_id        text REFERENCES departments (id) CHECK ((role = 'department') = (department_id IS NOT NULL)),
  password_hash        text NOT NULL CHECK (password_hash LIKE 'scrypt$%'),
  password_changed_at  timestamptz NOT NULL DEFAULT now(),
  created_at           timestamptz NOT NULL DEFAULT now(),
  disabled_at          timestamptz,
  -- Named: the store maps a unique violation on it to ConsoleUserConflictError.
  CONSTRAINT console_users_username_unique UNIQUE (username)
);
