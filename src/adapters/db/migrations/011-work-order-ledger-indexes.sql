-- Indexes of the ledger (台账), measured with 1,000,000 orders (bench/work-order-ledger.bench.ts):
--
-- The earliest running deadline of an open order, as the ledger store writes it (OPEN_DUE_AT in
-- src/adapters/db/work-order-ledger-store.ts; the two must stay the same expression): the overdue
-- list (most overdue first), the overdue filter and the sweep of overdue orders read it in order
-- instead of sorting every open order.
CREATE INDEX work_orders_open_due ON work_orders ((CASE WHEN status IN ('accepted', 'pending_dispatch') THEN dispatch_due_at
  WHEN status = 'dispatched' THEN LEAST(sign_due_at, reply_due_at)
  WHEN status IN ('signed', 'in_progress') THEN reply_due_at END), id)
  WHERE status IN ('accepted', 'pending_dispatch', 'dispatched', 'signed', 'in_progress');

-- A department's view: the orders it leads or assists, one array per order (DEPARTMENTS in the
-- ledger store), so its pages and counts read its own orders, combined with the other filters'
-- indexes, instead of the whole table.
CREATE INDEX work_orders_departments ON work_orders USING gin ((assisting_department_ids || lead_department_id));
