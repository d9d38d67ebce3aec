-- Work orders (工单) and what they need: departments (承办单位) with the dispatch catalogue
-- (派单目录), the category taxonomy, the working-day calendar's overrides, deadline notices,
-- department webhooks with their delivery log, and department-scoped API tokens.

-- Departments: a tree (city → district → street/township; bureaus under the city).
CREATE TABLE departments (
  id                text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{0,63}$'),
  name              text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  kind              text NOT NULL CHECK (kind IN ('city', 'district', 'street', 'bureau', 'enterprise', 'other')),
  parent_id         text REFERENCES departments (id),
  contacts          jsonb NOT NULL DEFAULT '[]'::jsonb,      -- [{ name, phone, role }]
  duty_hours        text,                                    -- e.g. '08:30-17:30' or '7x24'
  webhook_url       text,
  webhook_secret    text,                                    -- HMAC-SHA256 key (shown once to the admin)
  active            boolean NOT NULL DEFAULT true,
  created_at        timestamptz NOT NULL,
  updated_at        timestamptz NOT NULL
);
CREATE INDEX departments_parent ON departments (parent_id);

-- Category taxonomy, three levels (GB/T 39666-2020 in spirit): 'urban' > 'urban.road' > 'urban.road.pothole'.
CREATE TABLE work_order_categories (
  code        text PRIMARY KEY CHECK (code ~ '^[a-z0-9_]+(\.[a-z0-9_]+){0,2}$'),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
  parent_code text REFERENCES work_order_categories (code),
  level       smallint NOT NULL CHECK (level BETWEEN 1 AND 3),
  -- the reply limit class of this category: life_property 2 h, utilities 24 h, general 7 wd, complex 15 wd
  time_class  text CHECK (time_class IN ('life_property', 'utilities', 'general', 'complex')),
  active      boolean NOT NULL DEFAULT true
);

-- Dispatch catalogue: a category (at any level) and optionally a district → the lead department.
CREATE TABLE dispatch_catalogue (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  category_code  text NOT NULL REFERENCES work_order_categories (code),
  district_id    text REFERENCES departments (id),
  department_id  text NOT NULL REFERENCES departments (id),
  note           text,
  UNIQUE NULLS NOT DISTINCT (category_code, district_id)
);

-- Working-day calendar overrides (an admin enters the State Council's notice for a year the
-- package does not know): a date is a holiday, or a make-up working day (调休).
CREATE TABLE calendar_overrides (
  day         date PRIMARY KEY,
  kind        text NOT NULL CHECK (kind IN ('holiday', 'workday')),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
  created_at  timestamptz NOT NULL,
  created_by  text NOT NULL
);

-- Order numbers: readable, unique, per year: 2026-000001 (the counter of each year).
CREATE TABLE work_order_counters (
  year   integer PRIMARY KEY,
  last   integer NOT NULL
);

CREATE TABLE work_orders (
  id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  order_no             text NOT NULL UNIQUE CHECK (order_no ~ '^[0-9]{4}-[0-9]{6,}$'),
  status               text NOT NULL,
  status_before_dispute text,
  version              integer NOT NULL DEFAULT 1,       -- optimistic lock: one action wins
  channel              text NOT NULL,
  call_id              text,
  citizen_number       text,                              -- personal data: masked in logs and for departments
  citizen_name         text,
  confidential         boolean NOT NULL DEFAULT false,    -- 保密: departments never see the contact
  type                 text NOT NULL,
  category_code        text NOT NULL REFERENCES work_order_categories (code),
  district_id          text REFERENCES departments (id),
  location             text,
  description          text NOT NULL,
  urgency              text NOT NULL,
  lead_department_id   text REFERENCES departments (id),
  assisting_department_ids text[] NOT NULL DEFAULT '{}',
  supervision          text NOT NULL DEFAULT 'none',
  extension            jsonb,                             -- the pending extension request
  reopen_count         integer NOT NULL DEFAULT 0,
  merged_into          text,
  dispatch_due_at      timestamptz,
  sign_due_at          timestamptz,
  reply_due_at         timestamptz,
  survey_id            bigint,
  survey_answers       jsonb,
  created_by           text NOT NULL,
  created_at           timestamptz NOT NULL,
  updated_at           timestamptz NOT NULL,
  dispatched_at        timestamptz,
  signed_at            timestamptz,
  replied_at           timestamptz,
  closed_at            timestamptz
);
CREATE INDEX work_orders_status_created ON work_orders (status, created_at DESC);
CREATE INDEX work_orders_department ON work_orders (lead_department_id, status, created_at DESC);
CREATE INDEX work_orders_created ON work_orders (created_at DESC);
CREATE INDEX work_orders_citizen ON work_orders (citizen_number, created_at DESC);
CREATE INDEX work_orders_call ON work_orders (call_id);
CREATE INDEX work_orders_category ON work_orders (category_code, created_at DESC);
CREATE INDEX work_orders_district ON work_orders (district_id, created_at DESC);
CREATE INDEX work_orders_sign_due ON work_orders (sign_due_at) WHERE status = 'dispatched';
CREATE INDEX work_orders_reply_due ON work_orders (reply_due_at) WHERE status IN ('dispatched', 'signed', 'in_progress');
CREATE INDEX work_orders_dispatch_due ON work_orders (dispatch_due_at) WHERE status IN ('accepted', 'pending_dispatch');

-- Everything that happened to an order, in order (the order's timeline).
CREATE TABLE work_order_events (
  order_id    bigint NOT NULL REFERENCES work_orders (id),
  seq         integer NOT NULL,
  at          timestamptz NOT NULL,
  action      text NOT NULL,
  actor       text NOT NULL,
  from_status text,
  to_status   text NOT NULL,
  data        jsonb NOT NULL DEFAULT '{}'::jsonb,
  PRIMARY KEY (order_id, seq)
);

-- Deadline notices: warning before, 催办 at expiry, 督办 yellow/red after; each at most once
-- per order, deadline and round (the unique key), however often a job or the sweeper runs.
CREATE TABLE work_order_notices (
  order_id     bigint NOT NULL REFERENCES work_orders (id),
  deadline     text NOT NULL CHECK (deadline IN ('dispatch', 'sign', 'reply')),
  kind         text NOT NULL CHECK (kind IN ('warning', 'reminder', 'supervision_yellow', 'supervision_red')),
  round        integer NOT NULL,        -- the order's reopen_count + dispatch round: a reopened order gets fresh notices
  due_at       timestamptz NOT NULL,
  sent_at      timestamptz,
  PRIMARY KEY (order_id, deadline, kind, round)
);
CREATE INDEX work_order_notices_due ON work_order_notices (due_at) WHERE sent_at IS NULL;

-- Outbound department webhooks: one row per event, the delivery log and the dead-letter list.
CREATE TABLE webhook_deliveries (
  id               uuid PRIMARY KEY,                        -- also the idempotency key the receiver sees
  department_id    text NOT NULL REFERENCES departments (id),
  order_no         text,
  event            text NOT NULL,
  payload          jsonb NOT NULL,
  status           text NOT NULL CHECK (status IN ('pending', 'delivered', 'dead')),
  attempts         integer NOT NULL DEFAULT 0,
  last_status_code integer,
  last_error       text,
  created_at       timestamptz NOT NULL,
  delivered_at     timestamptz,
  dead_at          timestamptz
);
CREATE INDEX webhook_deliveries_status ON webhook_deliveries (status, created_at DESC);
CREATE INDEX webhook_deliveries_department ON webhook_deliveries (department_id, created_at DESC);

-- Department tokens: a department's own API, scoped to its orders.
ALTER TABLE api_tokens DROP CONSTRAINT IF EXISTS api_tokens_role_check;
ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_role_check CHECK (role IN ('agent', 'supervisor', 'auditor', 'admin', 'department'));
ALTER TABLE api_tokens ADD COLUMN department_id text REFERENCES departments (id);
ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_department_check CHECK ((role = 'department') = (department_id IS NOT NULL));
