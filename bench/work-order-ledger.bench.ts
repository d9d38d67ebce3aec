// The ledger (台账) of work orders with 1,000,000 orders on the local PostgreSQL: a database of
// its own (as the tests get one), the schema of the migrations, departments (a city, 16
// districts, 60 bureaus), a three-level category tree of 260 codes, and a year of orders made by
// generate_series — the last 30 days mostly still open (some past their deadlines), the older
// ones closed, archived, merged or cancelled — with their deadline notices. Then, through the
// ledger store as the HTTP routes call it, p50/p99 of: filtered pages (several filter mixes,
// first pages and pages deep in a keyset walk), counts per status, the overdue list; and the
// sweep the deadline notices run: the due notices and every overdue order.
// Goal: a filtered page p99 under 50 ms; the sweep under 5 s.
// Run: npx tsx bench/work-order-ledger.bench.ts
//   LEDGER_BENCH_ORDERS (default 1000000), LEDGER_BENCH_RUNS (default 200 per query),
//   LEDGER_BENCH_KEEP=1 keeps the database (its URL is printed) for EXPLAIN.
// Prints the figures and writes the "Work-order ledger (PostgreSQL)" section of BENCHMARKS.md.
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { writeBenchmarkSection } from './benchmarks-file.js';
import type { Database } from '../src/adapters/db/database.js';
import { migrate } from '../src/adapters/db/migrate.js';
import { createPostgresDatabase } from '../src/adapters/db/postgres-database.js';
import { createWorkOrderLedgerStore, OPEN_DUE_AT } from '../src/adapters/db/work-order-ledger-store.js';
import { createWorkOrderNoticeStore } from '../src/adapters/db/work-order-notice-store.js';
import type { WorkOrderNoticeStore } from '../src/ports/work-order/work-order-notice-store.js';
import type { LedgerFilter, LedgerPage, LedgerPageRequest } from '../src/ports/work-order/work-order-ledger.js';
import { createTestDatabase } from '../test/support/hotline-app.js';

const ORDERS = Number(process.env.LEDGER_BENCH_ORDERS ?? 1_000_000);
const RUNS = Number(process.env.LEDGER_BENCH_RUNS ?? 200);
const KEEP = process.env.LEDGER_BENCH_KEEP === '1';
const CHUNK = 100_000;
const PAGE = 50;
const SECTION = 'Work-order ledger (PostgreSQL)';
const NOW = new Date('2026-12-05T10:00:00+08:00');

const SEED_REFERENCE = `
INSERT INTO departments (id, name, kind, parent_id, created_at, updated_at) VALUES ('city', '市政府', 'city', NULL, now(), now());
INSERT INTO departments (id, name, kind, parent_id, created_at, updated_at)
  SELECT 'd' || lpad(i::text, 2, '0'), '第' || i || '区', 'district', 'city', now(), now() FROM generate_series(1, 16) i;
INSERT INTO departments (id, name, kind, parent_id, created_at, updated_at)
  SELECT 'b' || lpad(i::text, 2, '0'), '委办局' || i, 'bureau', 'city', now(), now() FROM generate_series(1, 60) i;
INSERT INTO work_order_categories (code, name, parent_code, level)
  SELECT 'c' || a, '一级' || a, NULL, 1 FROM generate_series(1, 10) a;
INSERT INTO work_order_categories (code, name, parent_code, level)
  SELECT 'c' || a || '.s' || b, '二级' || a || '-' || b, 'c' || a, 2 FROM generate_series(1, 10) a, generate_series(1, 5) b;
INSERT INTO work_order_categories (code, name, parent_code, level, time_class)
  SELECT 'c' || a || '.s' || b || '.t' || c, '三级' || a || '-' || b || '-' || c, 'c' || a || '.s' || b, 3, 'general'
  FROM generate_series(1, 10) a, generate_series(1, 5) b, generate_series(1, 4) c;`;

// One chunk of orders: $1 first i, $2 last i, $3 now, $4 total. Derived from hashes of i, so a
// rerun makes the same orders. Created uniformly over the 365 days before now.
const SEED_ORDERS = `
WITH g AS (
  SELECT i,
    $3::timestamptz - ((i::float8 / $4) * 365 * 86400) * interval '1 second' AS created_at,
    abs(hashint4(i)) % 1000 AS h1, abs(hashint4(i + 7777777)) % 1000 AS h2, abs(hashint4(i + 3333333)) % 1000 AS h3
  FROM generate_series($1::int, $2::int) i
), s AS (
  SELECT g.*, $3::timestamptz - created_at AS age,
    CASE
      WHEN $3::timestamptz - created_at < interval '30 days' THEN
        (ARRAY['accepted','pending_dispatch','dispatched','signed','in_progress','in_progress','replied','surveying',
               'dispute_review','reopen_review','closed','closed','closed','closed','cancelled','merged'])[1 + h1 % 16]
      ELSE (ARRAY['closed','closed','closed','archived','archived','archived','archived','cancelled','merged','closed'])[1 + h1 % 10]
    END AS status
  FROM g
)
INSERT INTO work_orders (order_no, status, channel, call_id, citizen_number, citizen_name, confidential, type, category_code,
  district_id, location, description, urgency, lead_department_id, assisting_department_ids, supervision,
  dispatch_due_at, sign_due_at, reply_due_at, created_by, created_at, updated_at, dispatched_at, closed_at)
SELECT
  to_char(created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY') || '-' || lpad(i::text, 7, '0'),
  status,
  (ARRAY['phone','phone','phone','web','app'])[1 + h2 % 5],
  CASE WHEN h2 % 5 < 3 THEN '1764000000.' || i END,
  '1' || (30 + h3 % 60)::text || lpad((abs(hashint4(i * 31)) % 100000000)::text, 8, '0'),
  '市民' || (i % 997),
  h3 % 50 = 0,
  (ARRAY['consultation','help','complaint','report','suggestion'])[1 + h2 % 5],
  'c' || (1 + h1 % 10) || '.s' || (1 + h2 % 5) || '.t' || (1 + h3 % 4),
  'd' || lpad((1 + h2 % 16)::text, 2, '0'),
  '某路' || (i % 500) || '号',
  '市民反映：小区门口道路破损，请尽快修复。编号' || i,
  CASE WHEN h3 < 30 THEN 'emergency' WHEN h3 < 150 THEN 'urgent' ELSE 'normal' END,
  CASE WHEN status IN ('accepted', 'pending_dispatch') THEN NULL
       WHEN h1 % 4 = 0 THEN 'd' || lpad((1 + h2 % 16)::text, 2, '0')
       ELSE 'b' || lpad((1 + h3 % 60)::text, 2, '0') END,
  CASE WHEN h2 % 5 = 0 THEN ARRAY['b' || lpad((1 + (h3 + 7) % 60)::text, 2, '0')]
       WHEN h2 % 25 = 1 THEN ARRAY['b' || lpad((1 + (h3 + 7) % 60)::text, 2, '0'), 'd' || lpad((1 + h1 % 16)::text, 2, '0')]
       ELSE '{}'::text[] END,
  CASE WHEN h1 % 40 = 0 THEN 'yellow' WHEN h1 % 97 = 0 THEN 'red' ELSE 'none' END,
  created_at + CASE WHEN h3 < 30 THEN interval '1 hour' WHEN h3 < 150 THEN interval '2 hours' ELSE interval '24 hours' END,
  CASE WHEN status IN ('accepted', 'pending_dispatch') THEN NULL ELSE created_at + interval '2 days' END,
  CASE WHEN status IN ('accepted', 'pending_dispatch') THEN NULL
       WHEN h3 < 30 THEN created_at + interval '1 day' ELSE created_at + (7 + h2 % 14) * interval '1 day' END,
  'agent:a' || (i % 300),
  created_at,
  created_at + interval '1 hour',
  CASE WHEN status IN ('accepted', 'pending_dispatch') THEN NULL ELSE created_at + interval '1 hour' END,
  CASE WHEN status IN ('closed', 'archived') THEN created_at + interval '5 days' END
FROM s`;

// The notices of the open orders' running deadlines: a warning at 80 % and the 催办 reminder at
// the deadline; those due before now were sent, except a backlog of 1 in 50 (a lost job).
const SEED_NOTICES = `
INSERT INTO work_order_notices (order_id, deadline, kind, round, due_at, sent_at)
SELECT w.id, d.deadline, k.kind, 0, k.due_at,
  CASE WHEN k.due_at <= $1 AND w.id % 50 <> 0 THEN k.due_at + interval '1 minute' END
FROM work_orders w
CROSS JOIN LATERAL (VALUES
  ('dispatch', w.dispatch_due_at, w.status IN ('accepted', 'pending_dispatch')),
  ('sign', w.sign_due_at, w.status = 'dispatched'),
  ('reply', w.reply_due_at, w.status IN ('dispatched', 'signed', 'in_progress'))) AS d(deadline, due, applies)
CROSS JOIN LATERAL (VALUES
  ('warning', w.created_at + (d.due - w.created_at) * 0.8),
  ('reminder', d.due)) AS k(kind, due_at)
WHERE d.applies AND d.due IS NOT NULL`;

// Every overdue order (open, past its running deadline), what a sweep of overdue orders reads;
// the deadline notices' sweeper itself runs the notice store's listDue (and listUnplanned).
const SWEEP_OVERDUE_ORDERS = `
  SELECT w.id, w.order_no, w.status, ${OPEN_DUE_AT} AS due_at FROM work_orders w
  WHERE w.status IN ('accepted', 'pending_dispatch', 'dispatched', 'signed', 'in_progress') AND ${OPEN_DUE_AT} < $1
  ORDER BY ${OPEN_DUE_AT}, w.id`;

interface Figure {
  what: string;
  runs: number;
  rows: string;
  p50: number;
  p99: number;
  max: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;

async function measure(what: string, runs: number, fn: (run: number) => Promise<number>): Promise<Figure> {
  await fn(0); // warm the cache and the plan
  const times: number[] = [];
  const rows: number[] = [];
  for (let run = 1; run <= runs; run++) {
    const t0 = performance.now();
    rows.push(await fn(run));
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const sortedRows = [...rows].sort((a, b) => a - b);
  const lo = sortedRows[0] ?? 0;
  const hi = sortedRows.at(-1) ?? 0;
  const f = { what, runs, rows: lo === hi ? String(lo) : `${lo}–${hi}`, p50: percentile(times, 0.5), p99: percentile(times, 0.99), max: times.at(-1) ?? NaN };
  console.log(`${what.padEnd(64)} rows ${f.rows.padStart(13)}  p50 ${f.p50.toFixed(2).padStart(8)} ms  p99 ${f.p99.toFixed(2).padStart(8)} ms`);
  return f;
}

const pick = <T>(list: readonly T[], run: number): T => list[run % list.length]!;
const district = (run: number) => `d${String(1 + (run % 16)).padStart(2, '0')}`;
const bureau = (run: number) => `b${String(1 + ((run * 7) % 60)).padStart(2, '0')}`;
const dayBefore = (days: number) => new Date(NOW.getTime() - days * 86_400_000);

async function seed(db: Database): Promise<void> {
  await db.exec(SEED_REFERENCE);
  const t0 = performance.now();
  for (let first = 1; first <= ORDERS; first += CHUNK) {
    const last = Math.min(ORDERS, first + CHUNK - 1);
    await db.query(SEED_ORDERS, [first, last, NOW, ORDERS]);
    process.stdout.write(`\rseeded ${last} orders (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  }
  await db.query(SEED_NOTICES, [NOW]);
  console.log(`\nseeded notices; vacuum analyze…`);
  for (const table of ['work_orders', 'work_order_notices', 'departments', 'work_order_categories']) await db.exec(`VACUUM ANALYZE ${table}`);
  console.log(`seed done in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}

let numbers: string[] = [];
let orderNos: string[] = [];
let pgVersion = '';
let sharedBuffers = '';

async function main(): Promise<void> {
  const loadBefore = loadavg()[0] ?? NaN;
  const database = await createTestDatabase();
  const db = await createPostgresDatabase({ connectionString: database.url, maxConnections: 2 });
  const figures: Figure[] = [];
  let seedSeconds: number | undefined;
  let counts: Record<string, number> = {};
  try {
    await migrate(db);
    pgVersion = (await db.query<{ v: string }>("SELECT current_setting('server_version') AS v"))[0]?.v ?? '';
    sharedBuffers = (await db.query<{ v: string }>("SELECT current_setting('shared_buffers') AS v"))[0]?.v ?? '';
    const t0 = performance.now();
    await seed(db);
    seedSeconds = (performance.now() - t0) / 1000;
    const store = createWorkOrderLedgerStore(db);
    const sample = await db.query<{ n: string; o: string }>('SELECT citizen_number AS n, order_no AS o FROM work_orders TABLESAMPLE SYSTEM (0.5) LIMIT 200');
    numbers = sample.map((r) => r.n);
    orderNos = sample.map((r) => r.o);
    const first: LedgerPageRequest = { after: null, limit: PAGE };
    const page = (filter: (run: number) => LedgerFilter) => async (run: number) => (await store.list(filter(run), first, NOW)).orders.length;

    figures.push(await measure('page: no filter', RUNS, page(() => ({}))));
    figures.push(await measure('page: status in (signed, in_progress)', RUNS, page(() => ({ statuses: ['signed', 'in_progress'] }))));
    figures.push(await measure('page: lead department + open statuses', RUNS, page((r) => ({ leadDepartmentId: bureau(r), statuses: ['dispatched', 'signed', 'in_progress'] }))));
    figures.push(await measure('page: district + category subtree (level 1)', RUNS, page((r) => ({ districtId: district(r), categoryCode: `c${1 + (r % 10)}` }))));
    figures.push(await measure('page: overdue + urgency urgent', RUNS, page(() => ({ overdue: true, urgency: 'urgent' }))));
    figures.push(await measure('page: created in one week + type complaint', RUNS, page((r) => ({ createdFrom: dayBefore(60 + (r % 200)), createdTo: dayBefore(53 + (r % 200)), type: 'complaint' }))));
    figures.push(await measure('page: district + category (level 3) + emergency (rare)', RUNS, page((r) => ({ districtId: district(r), categoryCode: `c${1 + (r % 10)}.s${1 + (r % 5)}.t${1 + (r % 4)}`, urgency: 'emergency' }))));
    figures.push(await measure('page: citizen number', RUNS, page((r) => ({ citizenNumber: pick(numbers, r) }))));
    figures.push(await measure('page: order number', RUNS, page((r) => ({ orderNo: pick(orderNos, r) }))));
    figures.push(await measure('page: department view (lead or assisting)', RUNS, page((r) => ({ departmentScope: bureau(r) }))));
    figures.push(await measure('page: department view + open statuses + overdue', RUNS, page((r) => ({ departmentScope: bureau(r), statuses: ['dispatched', 'signed', 'in_progress'], overdue: true }))));

    // keyset walks: 40 pages one after the other, each page timed
    const walk = async (filter: LedgerFilter) => {
      const times: number[] = [];
      let after: LedgerPage['next'] = null;
      for (let i = 0; i < 40; i++) {
        const t = performance.now();
        const p = await store.list(filter, { after, limit: PAGE }, NOW);
        times.push(performance.now() - t);
        after = p.next;
        if (!after) break;
      }
      return times;
    };
    for (const [what, filter] of [['keyset walk: no filter, pages 1–40', {}], ['keyset walk: district, pages 1–40', { districtId: 'd05' }]] as const) {
      await walk(filter); // warm-up
      const times: number[] = [];
      for (let r = 0; r < Math.ceil(RUNS / 40); r++) times.push(...(await walk(filter)));
      times.sort((a, b) => a - b);
      const f = { what, runs: times.length, rows: String(PAGE), p50: percentile(times, 0.5), p99: percentile(times, 0.99), max: times.at(-1) ?? NaN };
      console.log(`${what.padEnd(64)} rows ${f.rows.padStart(13)}  p50 ${f.p50.toFixed(2).padStart(8)} ms  p99 ${f.p99.toFixed(2).padStart(8)} ms`);
      figures.push(f);
    }

    const countRuns = Math.max(20, Math.floor(RUNS / 4));
    const total = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);
    figures.push(await measure('counts per status: no filter', countRuns, async () => total((counts = await store.countByStatus({}, NOW)))));
    figures.push(await measure('counts per status: department view', countRuns, async (r) => total(await store.countByStatus({ departmentScope: bureau(r) }, NOW))));
    figures.push(await measure('counts per status: district + last 30 days', countRuns, async (r) => total(await store.countByStatus({ districtId: district(r), createdFrom: dayBefore(30) }, NOW))));
    figures.push(await measure('counts per status: overdue', countRuns, async () => total(await store.countByStatus({ overdue: true }, NOW))));

    const overdue = (filter: (run: number) => LedgerFilter) => async (run: number) => (await store.listOverdue(filter(run), first, NOW)).orders.length;
    figures.push(await measure('overdue list: first page', RUNS, overdue(() => ({}))));
    figures.push(await measure('overdue list: department view', RUNS, overdue((r) => ({ departmentScope: bureau(r) }))));
    figures.push(await measure('overdue list: district + emergency', RUNS, overdue((r) => ({ districtId: district(r), urgency: 'emergency' }))));

    const sweepRuns = 10;
    const notices = createWorkOrderNoticeStore(db) as WorkOrderNoticeStore & { listUnplanned?: (limit: number) => Promise<number[]> };
    figures.push(await measure('sweep: due notices (notice store listDue, 1000)', sweepRuns, async () => (await notices.listDue(NOW, 1000)).length));
    if (notices.listUnplanned) {
      const listUnplanned = notices.listUnplanned.bind(notices);
      figures.push(await measure('sweep: orders without planned notices (listUnplanned, 1000)', sweepRuns, async () => (await listUnplanned(1000)).length));
    }
    figures.push(await measure('sweep: every overdue order', sweepRuns, async () => (await db.query(SWEEP_OVERDUE_ORDERS, [NOW])).length));
  } finally {
    await db.close();
    if (KEEP) console.log(`kept the database: ${database.url}`);
    else await database.drop();
  }
  await write(figures, seedSeconds ?? NaN, counts, loadBefore);
}

async function write(figures: Figure[], seedSeconds: number, counts: Record<string, number>, loadBefore: number): Promise<void> {
  const pages = figures.filter((f) => f.what.startsWith('page') || f.what.startsWith('keyset') || f.what.startsWith('overdue list'));
  const worstPage = Math.max(...pages.map((f) => f.p99));
  const sweep = figures.filter((f) => f.what.startsWith('sweep')).reduce((a, f) => a + f.max, 0);
  const open = ['accepted', 'pending_dispatch', 'dispatched', 'signed', 'in_progress'].reduce((a, s) => a + (counts[s] ?? 0), 0);
  const body = [
    `\`npx tsx bench/work-order-ledger.bench.ts\` — ${new Date().toISOString().slice(0, 10)}; ${availableParallelism()} CPUs, PostgreSQL ${pgVersion} on 127.0.0.1 (the stack's; shared_buffers ${sharedBuffers}), Node ${process.version};`,
    `load average ${loadBefore.toFixed(1)} at the start and ${(loadavg()[0] ?? NaN).toFixed(1)} at the end (other work shared the 2 CPUs).`,
    '',
    `${ORDERS.toLocaleString('en')} orders over one year made with generate_series (${seedSeconds.toFixed(0)} s with notices, VACUUM ANALYZE), ${open.toLocaleString('en')} of them open`,
    '(the last 30 days), 16 districts, 60 bureaus, 260 categories in three levels, 1 in 5 orders with assisting departments.',
    `Each query through the ledger store (src/adapters/db/work-order-ledger-store.ts) as the routes call it, one connection, ${PAGE} orders a page,`,
    'after one warm-up run; parameters vary per run (district, bureau, category, week). The sweep lines are what the deadline-notice',
    "sweeper runs (the notice store's due notices and orders without planned notices) and the list of every overdue order.",
    '',
    '| query | runs | rows | p50 ms | p99 ms | max ms |',
    '|---|---:|---:|---:|---:|---:|',
    ...figures.map((f) => `| ${f.what} | ${f.runs} | ${f.rows} | ${f.p50.toFixed(2)} | ${f.p99.toFixed(2)} | ${f.max.toFixed(2)} |`),
    '',
    `Worst page p99: ${worstPage.toFixed(1)} ms (goal < 50 ms). Sweep (the sweep queries one after the other, slowest run of each): ${(sweep / 1000).toFixed(2)} s (goal < 5 s).`,
  ].join('\n');
  console.log(`\nworst page p99 ${worstPage.toFixed(1)} ms (goal < 50); sweep ${(sweep / 1000).toFixed(2)} s (goal < 5)`);
  if (process.env.LEDGER_BENCH_WRITE !== '0') await writeBenchmarkSection(SECTION, body);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
