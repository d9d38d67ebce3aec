// The ledger (台账) of work orders over HTTP, on the real PostgreSQL and on PGlite: orders seeded
// in SQL (departments and categories too), then the filters, counts per status, the overdue
// list, department scoping (another department's orders never appear; a confidential order's
// citizen never), the CSV export (BOM, Chinese headers, masked numbers, formulas neutralised)
// and keyset pages without duplicates or gaps. Bad query parameters are 400s that say why.
//
// Department tokens are issued by the token routes of the departments feature; here a department
// token is resolved by a small ApiAccess in front of the real token check (the rest is real).
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/adapters/db/migrate.js';
import { createWorkOrderLedgerStore } from '../../src/adapters/db/work-order-ledger-store.js';
import { createHttpApp } from '../../src/adapters/http/create-http-app.js';
import { tokensRoutes } from '../../src/adapters/http/tokens-routes.js';
import { workOrderLedgerRoutes } from '../../src/adapters/http/work-order-ledger-routes.js';
import { createWorkOrderLedger } from '../../src/app/work-order/ledger.js';
import type { Principal } from '../../src/domain/access/api-roles.js';
import { testApiTokens } from '../support/api-access.js';
import { testDatabaseFactories, type TestDatabase } from '../support/db-fixtures.js';
import { listen, type TestHttpServer } from '../support/http-client.js';

const NOW = new Date('2026-12-05T10:00:00+08:00');
const BULK = 120;

const SEED = `
INSERT INTO departments (id, name, kind, parent_id, created_at, updated_at) VALUES
  ('city', '市政府', 'city', NULL, now(), now()),
  ('dist-a', '东城区', 'district', 'city', now(), now()),
  ('dist-b', '西城区', 'district', 'city', now(), now()),
  ('housing', '住建委', 'bureau', 'city', now(), now()),
  ('water', '水务局', 'bureau', 'city', now(), now()),
  ('traffic', '交通委', 'bureau', 'city', now(), now());
INSERT INTO work_order_categories (code, name, parent_code, level) VALUES
  ('urban', '城市管理', NULL, 1), ('urban.road', '道路', 'urban', 2), ('urban.road.pothole', '路面坑洼', 'urban.road', 3),
  ('urban.light', '路灯', 'urban', 2), ('urbanx', '相似前缀', NULL, 1),
  ('env', '生态环境', NULL, 1), ('env.noise', '噪声', 'env', 2);
INSERT INTO work_orders (order_no, status, channel, citizen_number, citizen_name, confidential, type, category_code, district_id,
  location, description, urgency, lead_department_id, assisting_department_ids, dispatch_due_at, sign_due_at, reply_due_at,
  created_by, created_at, updated_at) VALUES
  ('2026-000001', 'dispatched', 'phone', '13800138000', '张三', false, 'complaint', 'urban.road.pothole', 'dist-a',
   '东城区某路1号', '路面坑洼', 'urgent', 'housing', '{}', NULL, '2026-12-03T10:00:00+08:00', '2026-12-10T10:00:00+08:00',
   'agent:a1', '2026-12-01T09:00:00+08:00', '2026-12-01T09:00:00+08:00'),
  ('2026-000002', 'in_progress', 'web', '13700137000', '李四', false, 'help', 'env.noise', 'dist-b',
   NULL, '夜间施工噪声', 'normal', 'water', '{housing}', NULL, NULL, '2026-12-12T10:00:00+08:00',
   'agent:a1', '2026-12-02T09:00:00+08:00', '2026-12-02T09:00:00+08:00'),
  ('2026-000003', 'closed', 'phone', '13600136000', '@admin', false, 'consultation', 'urban.light', 'dist-a',
   '+1', '=HYPERLINK("http://evil.example","点击")', 'normal', 'traffic', '{}', NULL, NULL, NULL,
   'agent:a2', '2026-12-03T09:00:00+08:00', '2026-12-03T09:00:00+08:00'),
  ('2026-000004', 'pending_dispatch', 'app', '13500135000', '王五', false, 'suggestion', 'urban.road', 'dist-a',
   NULL, '-建议增设路灯', 'emergency', NULL, '{}', '2026-12-04T12:00:00+08:00', NULL, NULL,
   'agent:a2', '2026-12-04T08:00:00+08:00', '2026-12-04T08:00:00+08:00'),
  ('2026-000005', 'signed', 'phone', '13911112222', '赵六', true, 'report', 'urbanx', 'dist-b',
   NULL, '保密举报', 'normal', 'housing', '{}', NULL, NULL, '2026-12-20T10:00:00+08:00',
   'agent:a1', '2026-12-04T09:00:00+08:00', '2026-12-04T09:00:00+08:00'),
  ('2026-000006', 'in_progress', 'phone', '13800138000', '张三', false, 'complaint', 'env.noise', 'dist-b',
   NULL, '噪声再次投诉', 'normal', 'water', '{}', NULL, NULL, '2026-11-27T10:00:00+08:00',
   'agent:a1', '2026-11-20T09:00:00+08:00', '2026-11-20T09:00:00+08:00');
-- archived bulk orders, ten to an instant (ties) at microsecond times, for the keyset pages
INSERT INTO work_orders (order_no, status, channel, type, category_code, district_id, description, urgency, lead_department_id,
  created_by, created_at, updated_at)
SELECT '2025-' || lpad(i::text, 6, '0'), 'archived', 'phone', 'consultation', 'env.noise', 'dist-b', '归档工单' || i, 'normal', 'traffic',
  'agent:a3', timestamptz '2026-11-01 00:00:00.123456+00' + (i / 10) * interval '1 minute 0.000001 second',
  timestamptz '2026-11-01 00:00:00+00'
FROM generate_series(1, ${BULK}) i;`;

type Order = { orderNo: string; status: string; citizenNumber: string | null; citizenName: string | null; dueKind: string | null; overdue: boolean };
type Page = { orders: Order[]; nextCursor: string | null };

describe.each(testDatabaseFactories)('work-order ledger on $kind', (factory) => {
  let testDb: TestDatabase;
  let http: TestHttpServer;
  /** The same app on a second port, for the CSV (the JSON client parses every answer). */
  let raw: Server;
  const tokens: Record<string, string> = {};
  const departments: Record<string, Principal> = {
    'dept-housing-token': { tokenId: 'dept-housing', name: 'housing-console', role: 'department', agentId: null, departmentId: 'housing' },
    'dept-traffic-token': { tokenId: 'dept-traffic', name: 'traffic-console', role: 'department', agentId: null, departmentId: 'traffic' },
    'agent-token': { tokenId: 'agent-a1', name: 'a1-console', role: 'agent', agentId: 'a1', departmentId: null },
  };

  beforeAll(async () => {
    testDb = await factory.create();
    await migrate(testDb.db);
    await testDb.db.exec(SEED);
    const apiTokens = testApiTokens(testDb.db);
    const access = { authenticate: async (token: string) => departments[token] ?? apiTokens.authenticate(token) };
    const ledger = createWorkOrderLedger({ store: createWorkOrderLedgerStore(testDb.db), now: () => NOW, exportBatch: 7 });
    const app = createHttpApp([workOrderLedgerRoutes(ledger, () => NOW), tokensRoutes(apiTokens)], pino({ level: 'silent' }), access);
    http = await listen(app);
    raw = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    for (const role of ['supervisor', 'auditor', 'admin'] as const) {
      const issued = await http.request<{ token: string }>('POST', '/api/tokens', { name: `ledger-${role}`, role });
      expect(issued.status, JSON.stringify(issued.body)).toBe(201);
      tokens[role] = issued.body.token;
    }
  }, 60_000);

  afterAll(async () => {
    await http?.close();
    await new Promise((resolve) => (raw ? raw.close(resolve) : resolve(undefined)));
    await testDb?.dispose();
  });

  const get = async <T = Page>(path: string, token = tokens.supervisor!) => http.as(token).request<T>('GET', path);
  const numbers = async (path: string, token?: string) => {
    const res = await get(path, token);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.orders.map((o) => o.orderNo.slice(-1)).join(',');
  };
  const q = (query: string) => `/api/work-orders?limit=200&${query}&status=dispatched,signed,in_progress,closed,pending_dispatch`;

  it('filters by status (several), department, district, category subtree, type, urgency, number and dates, newest first', async () => {
    expect(await numbers('/api/work-orders?status=dispatched,signed')).toBe('5,1');
    expect(await numbers('/api/work-orders?status=dispatched&status=signed')).toBe('5,1');
    expect(await numbers(q('departmentId=housing'))).toBe('5,1');
    expect(await numbers(q('districtId=dist-a'))).toBe('4,3,1');
    expect(await numbers(q('category=urban'))).toBe('4,3,1');
    expect(await numbers(q('category=urban.road'))).toBe('4,1');
    expect(await numbers(q('category=urban.road.pothole'))).toBe('1');
    expect(await numbers(q('type=complaint'))).toBe('1,6');
    expect(await numbers(q('urgency=emergency'))).toBe('4');
    expect(await numbers(q('orderNo=2026-000003'))).toBe('3');
    expect(await numbers(q('citizenNumber=13800138000'))).toBe('1,6');
    expect(await numbers(q('from=2026-12-02&to=2026-12-03'))).toBe('3,2');
    expect(await numbers(q('from=2026-12-02T09:00:00%2B08:00&to=2026-12-03T09:00:00%2B08:00'))).toBe('2');
  });

  it('finds the orders past a running deadline while open, and the others', async () => {
    expect(await numbers('/api/work-orders?overdue=true')).toBe('4,1,6');
    expect(await numbers(q('overdue=false'))).toBe('5,3,2');
    const overdue = await get('/api/work-orders/overdue');
    expect(overdue.status).toBe(200);
    expect(overdue.body.orders.map((o) => [o.orderNo, o.dueKind, o.overdue])).toEqual([
      ['2026-000006', 'reply', true],
      ['2026-000001', 'sign', true],
      ['2026-000004', 'dispatch', true],
    ]);
    expect(await numbers('/api/work-orders/overdue?districtId=dist-a')).toBe('1,4');
  });

  it('counts per status with the same filters, every status named', async () => {
    const all = await get<{ counts: Record<string, number>; total: number }>('/api/work-orders/counts');
    expect(all.status).toBe(200);
    expect(all.body.counts).toMatchObject({ dispatched: 1, signed: 1, in_progress: 2, closed: 1, pending_dispatch: 1, archived: BULK, accepted: 0, cancelled: 0 });
    expect(Object.keys(all.body.counts)).toHaveLength(13);
    expect(all.body.total).toBe(6 + BULK);
    const some = await get<{ counts: Record<string, number>; total: number }>('/api/work-orders/counts?districtId=dist-a&overdue=true');
    expect(some.body).toMatchObject({ total: 2, counts: { dispatched: 1, pending_dispatch: 1, closed: 0 } });
  });

  it("shows a department only the orders it leads or assists, never a confidential order's citizen", async () => {
    const housing = 'dept-housing-token';
    const page = await get('/api/work-orders', housing);
    expect(page.body.orders.map((o) => o.orderNo)).toEqual(['2026-000005', '2026-000002', '2026-000001']);
    const byNo = Object.fromEntries(page.body.orders.map((o) => [o.orderNo, o]));
    expect(byNo['2026-000005']).toMatchObject({ citizenNumber: null, citizenName: null });
    expect(byNo['2026-000001']).toMatchObject({ citizenNumber: '13800138000' });
    expect(await numbers('/api/work-orders?departmentId=water', housing)).toBe('2');
    expect(await numbers('/api/work-orders?departmentId=traffic', housing)).toBe('');
    expect(await numbers('/api/work-orders?citizenNumber=13911112222', housing)).toBe('');
    expect(await numbers('/api/work-orders/overdue', housing)).toBe('1');
    const counts = await get<{ total: number }>('/api/work-orders/counts', housing);
    expect(counts.body.total).toBe(3);
    const traffic = await get('/api/work-orders?limit=200', 'dept-traffic-token');
    expect(traffic.body.orders).toHaveLength(1 + BULK);
    expect(traffic.body.orders.map((o) => o.orderNo)).not.toContain('2026-000001');
    expect(traffic.body.orders.map((o) => o.orderNo)).not.toContain('2026-000005');
  });

  it('masks citizen numbers for auditors and shows them to supervisors', async () => {
    const audited = await get('/api/work-orders?orderNo=2026-000001', tokens.auditor);
    expect(audited.body.orders[0]).toMatchObject({ citizenNumber: '138****8000', citizenName: null });
    const supervised = await get('/api/work-orders?orderNo=2026-000005');
    expect(supervised.body.orders[0]).toMatchObject({ citizenNumber: '13911112222', citizenName: '赵六' });
  });

  it('exports CSV with the BOM, Chinese headers and labels, masked numbers and formulas neutralised', async () => {
    const res = await fetchCsv('/api/work-orders/export.csv', tokens.auditor!);
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.disposition).toMatch(/^attachment; filename="work-orders-\d{8}\.csv"$/);
    expect([...res.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = res.text.slice(1).split('\r\n');
    expect(lines[0]!.startsWith('工单编号,受理时间,状态,渠道,类型,紧急程度,分类编码,分类,区域,主办单位,协办单位,市民姓名,市民号码')).toBe(true);
    expect(lines.at(-1)).toBe('');
    expect(lines).toHaveLength(1 + 6 + BULK + 1);
    const three = lines.find((l) => l.startsWith('2026-000003,'))!;
    expect(three).toContain('2026-12-03 09:00:00,已办结,电话,咨询,一般,urban.light,路灯,东城区,交通委');
    expect(three).toContain(`"'=HYPERLINK(""http://evil.example"",""点击"")"`);
    expect(three).toContain(",'+1,");
    expect(lines.find((l) => l.startsWith('2026-000004,'))).toContain(",'-建议增设路灯,");
    expect(res.text).toContain('138****8000');
    expect(res.text).not.toContain('13800138000');
    expect(lines.find((l) => l.startsWith('2026-000001,'))).toContain('签收超期');

    const housing = await fetchCsv('/api/work-orders/export.csv', 'dept-housing-token');
    const rows = housing.text.slice(1).split('\r\n').filter((l) => l && !l.startsWith('工单编号'));
    expect(rows.map((l) => l.slice(0, 11))).toEqual(['2026-000005', '2026-000002', '2026-000001']);
    expect(housing.text).not.toContain('13911112222');
    expect(housing.text).toContain('13800138000');
  });

  it('pages by keyset without duplicates or gaps, across ties at the same microsecond', async () => {
    const expected = (await testDb.db.query<{ order_no: string }>(
      "SELECT order_no FROM work_orders WHERE status = 'archived' ORDER BY created_at DESC, id DESC",
    )).map((r) => r.order_no);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { status: number; body: Page } = await get(`/api/work-orders?status=archived&limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      seen.push(...res.body.orders.map((o) => o.orderNo));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 100);
    expect(seen).toEqual(expected);
    expect(new Set(seen).size).toBe(BULK);
    expect(pages).toBe(Math.ceil(BULK / 7));

    const first = await get('/api/work-orders/overdue?limit=2');
    const second = await get(`/api/work-orders/overdue?limit=2&cursor=${first.body.nextCursor}`);
    expect([...first.body.orders, ...second.body.orders].map((o) => o.orderNo)).toEqual(['2026-000006', '2026-000001', '2026-000004']);
    expect(second.body.nextCursor).toBeNull();
  });

  it('answers bad query parameters with a 400 that names them', async () => {
    const bad = async (path: string, words: RegExp) => {
      const res = await get<{ error: { message: string } }>(path);
      expect(res.status, path).toBe(400);
      expect(res.body.error.message).toMatch(words);
    };
    await bad('/api/work-orders?from=2026-02-30', /from: must be a real date/);
    await bad('/api/work-orders?to=yesterday', /to: must be a real date/);
    await bad('/api/work-orders?status=open', /status\.0: must be one of accepted/);
    await bad('/api/work-orders?cursor=abc', /cursor: is not a page cursor/);
    const overdue = await get('/api/work-orders/overdue?limit=1');
    await bad(`/api/work-orders?cursor=${overdue.body.nextCursor}`, /cursor: is not a page cursor/);
    await bad('/api/work-orders?from=2026-12-05&to=2026-12-01', /from must not be after to/);
    await bad('/api/work-orders?category=Urban', /category: must be a category code/);
    await bad('/api/work-orders?limit=0', /limit/);
    await bad('/api/work-orders/counts?cursor=x', /Unrecognized key/i);
    await bad('/api/work-orders/overdue?overdue=true', /Unrecognized key/i);
    await bad('/api/work-orders/export.csv?urgency=high', /urgency: must be one of emergency, urgent, normal/);
  });

  it('is closed to agent tokens', async () => {
    expect((await get('/api/work-orders', 'agent-token')).status).toBe(403);
    expect((await get('/api/work-orders/counts', 'agent-token')).status).toBe(403);
    expect((await fetchCsv('/api/work-orders/export.csv', 'agent-token')).status).toBe(403);
  });

  async function fetchCsv(path: string, token: string) {
    const { port } = raw.address() as AddressInfo;
    const r = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { authorization: `Bearer ${token}` } });
    const bytes = new Uint8Array(await r.arrayBuffer());
    return {
      status: r.status,
      type: r.headers.get('content-type') ?? '',
      disposition: r.headers.get('content-disposition') ?? '',
      bytes,
      text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes),
    };
  }
});
