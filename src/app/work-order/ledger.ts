// The ledger (台账) use case: pages, counts, the overdue list and the CSV export, each scoped to
// what the viewer may see (a department: its own orders; citizen numbers per ledger-view.ts).
import type { LedgerCursor, LedgerFilter, LedgerPageRequest, StatusCounts, WorkOrderLedgerStore } from '../../ports/work-order/work-order-ledger.js';
import { LEDGER_CSV_HEADERS, UTF8_BOM, csvLine, ledgerCsvLine, wallTimeFormatter } from './ledger-csv.js';
import { scopedFilter, viewerEntry, type LedgerEntry, type LedgerViewer } from './ledger-view.js';

export interface LedgerEntries {
  orders: LedgerEntry[];
  /** The cursor of the next page; null on the last page. */
  next: LedgerCursor | null;
}

export interface WorkOrderLedger {
  /** Newest first. */
  list(filter: LedgerFilter, page: LedgerPageRequest, viewer: LedgerViewer): Promise<LedgerEntries>;
  /** Orders past a running deadline, most overdue first. */
  overdue(filter: LedgerFilter, page: LedgerPageRequest, viewer: LedgerViewer): Promise<LedgerEntries>;
  counts(filter: LedgerFilter, viewer: LedgerViewer): Promise<StatusCounts>;
  /** The CSV file in pieces (BOM, header line and the first page first), read page by page as it is consumed. */
  exportCsv(filter: LedgerFilter, viewer: LedgerViewer): AsyncGenerator<string>;
}

export interface WorkOrderLedgerDeps {
  store: WorkOrderLedgerStore;
  now: () => Date;
  /** Times in the CSV are wall-clock times of this zone. Default Asia/Shanghai. */
  timeZone?: string;
  /** Orders read per query while exporting. Default 1000. */
  exportBatch?: number;
}

export function createWorkOrderLedger(deps: WorkOrderLedgerDeps): WorkOrderLedger {
  const batch = deps.exportBatch ?? 1000;
  const time = wallTimeFormatter(deps.timeZone ?? 'Asia/Shanghai');
  return {
    async list(filter, page, viewer) {
      const result = await deps.store.list(scopedFilter(viewer, filter), page, deps.now());
      return { orders: result.orders.map((o) => viewerEntry(viewer, o)), next: result.next };
    },
    async overdue(filter, page, viewer) {
      const result = await deps.store.listOverdue(scopedFilter(viewer, filter), page, deps.now());
      return { orders: result.orders.map((o) => viewerEntry(viewer, o)), next: result.next };
    },
    counts(filter, viewer) {
      return deps.store.countByStatus(scopedFilter(viewer, filter), deps.now());
    },
    async *exportCsv(filter, viewer) {
      const scoped = scopedFilter(viewer, filter);
      const now = deps.now();
      let head = UTF8_BOM + csvLine(LEDGER_CSV_HEADERS);
      let after: LedgerCursor | null = null;
      do {
        const page = await deps.store.list(scoped, { after, limit: batch }, now);
        // the first piece carries the first page too: a failing query fails before anything is sent
        yield head + page.orders.map((o) => ledgerCsvLine(viewerEntry(viewer, o), time)).join('');
        head = '';
        after = page.next;
      } while (after);
    },
  };
}
