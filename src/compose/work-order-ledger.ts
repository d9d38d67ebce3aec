// The ledger (台账) of work orders on the records database: its HTTP routes, to be listed before
// the router of /api/work-orders/:orderNo.
import type { Router } from 'express';
import type { Database } from '../adapters/db/database.js';
import { createWorkOrderLedgerStore } from '../adapters/db/work-order-ledger-store.js';
import { workOrderLedgerRoutes } from '../adapters/http/work-order-ledger-routes.js';
import { createWorkOrderLedger } from '../app/work-order/ledger.js';

export function workOrderLedgerRouter(db: Database, now: () => Date): Router {
  return workOrderLedgerRoutes(createWorkOrderLedger({ store: createWorkOrderLedgerStore(db), now }), now);
}
