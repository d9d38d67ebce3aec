-- The append-only, hash-chained audit log. Rows are written only by the audit log store
-- (src/adapters/db/audit-log-store.ts), one at a time under an advisory lock, so seq has no
-- gaps and every prev_hash is the hash of the row before. The trigger refuses UPDATE, DELETE
-- and TRUNCATE; a change made behind it (trigger disabled by the table owner) still breaks
-- the chain, and `npm run audit:verify` names the first broken seq.

CREATE TABLE audit_log (
  seq        bigint PRIMARY KEY CHECK (seq >= 1),
  at         timestamptz NOT NULL,
  kind       text NOT NULL,
  actor      text NOT NULL,
  subject    text NOT NULL,
  data       jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(data) = 'object'),
  prev_hash  text NOT NULL,
  hash       text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$')
);

CREATE INDEX audit_log_subject_idx ON audit_log (subject, seq);
CREATE INDEX audit_log_kind_idx ON audit_log (kind, seq);
CREATE INDEX audit_log_at_idx ON audit_log (at);

CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_log_append_only
  BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();

CREATE TRIGGER audit_log_no_truncate
  BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
