// The ledger (台账) of work orders: GET /api/work-orders (a filtered page, newest first, with the
// cursor of the next page), /counts (per status, same filters), /overdue (most overdue first)
// and /export.csv (UTF-8 with BOM for Excel, streamed). Supervisors, admins and auditors see
// every order; a department token its own (lead or assisting), never a confidential citizen.
// Registered before the router of /api/work-orders/:orderNo, whose pattern these paths are not.
import { once } from 'node:events';
import { Router, type Response } from 'express';
import type { WorkOrderLedger } from '../../app/work-order/ledger.js';
import { principalOf } from './request-principal.js';
import { parseInput } from './validate.js';
import { encodeCursor, ledgerFilterQuery, ledgerListQuery, ledgerOverdueQuery, toLedgerFilter } from './work-order-ledger-query.js';

const viewerOf = (res: Response) => {
  const { role, departmentId } = principalOf(res);
  return { role, departmentId };
};

/** Writes the chunks with backpressure; stops when the client goes away. */
async function stream(res: Response, chunks: AsyncGenerator<string>): Promise<void> {
  try {
    for await (const chunk of chunks) {
      if (res.destroyed) break;
      if (chunk.length > 0 && !res.write(chunk, 'utf8')) await Promise.race([once(res, 'drain'), once(res, 'close')]);
    }
    if (!res.destroyed) res.end();
  } finally {
    await chunks.return(undefined);
  }
}

export function workOrderLedgerRoutes(ledger: WorkOrderLedger, now: () => Date = () => new Date()): Router {
  const router = Router();

  router.get('/api/work-orders', async (req, res) => {
    const q = parseInput(ledgerListQuery, req.query, 'query');
    const page = await ledger.list(toLedgerFilter(q), { after: q.cursor ?? null, limit: q.limit }, viewerOf(res));
    res.json({ orders: page.orders, nextCursor: encodeCursor('list', page.next), limit: q.limit });
  });

  router.get('/api/work-orders/counts', async (req, res) => {
    const q = parseInput(ledgerFilterQuery, req.query, 'query');
    const counts = await ledger.counts(toLedgerFilter(q), viewerOf(res));
    res.json({ counts, total: Object.values(counts).reduce((a, b) => a + b, 0) });
  });

  router.get('/api/work-orders/overdue', async (req, res) => {
    const q = parseInput(ledgerOverdueQuery, req.query, 'query');
    const page = await ledger.overdue(toLedgerFilter(q), { after: q.cursor ?? null, limit: q.limit }, viewerOf(res));
    res.json({ orders: page.orders, nextCursor: encodeCursor('overdue', page.next), limit: q.limit });
  });

  router.get('/api/work-orders/export.csv', async (req, res) => {
    const q = parseInput(ledgerFilterQuery, req.query, 'query');
    const chunks = ledger.exportCsv(toLedgerFilter(q), viewerOf(res));
    // the first chunk (BOM and headers) before the status line: a failure before it is still a JSON error
    const first = await chunks.next();
    const day = now().toISOString().slice(0, 10).replaceAll('-', '');
    res.status(200);
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="work-orders-${day}.csv"`);
    res.setHeader('cache-control', 'no-store');
    if (!first.done) res.write(first.value, 'utf8');
    try {
      await stream(res, chunks);
    } catch (err) {
      // the status line is gone: cut the download short so it cannot pass for a whole file
      res.destroy(err as Error);
    }
  });

  return router;
}
