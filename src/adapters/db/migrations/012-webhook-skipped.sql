-- A department webhook can also be skipped: the department has no webhook URL or secret (or is
-- inactive) when its job runs; nothing is sent unsigned. An admin can retry it once the
-- department's webhook is set. The delivery log is also looked up by order number.
ALTER TABLE webhook_deliveries DROP CONSTRAINT IF EXISTS webhook_deliveries_status_check;
ALTER TABLE webhook_deliveries ADD CONSTRAINT webhook_deliveries_status_check
  CHECK (status IN ('pending', 'delivered', 'dead', 'skipped'));
CREATE INDEX webhook_deliveries_order ON webhook_deliveries (order_no, created_at DESC);
