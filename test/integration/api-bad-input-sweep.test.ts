// Every route of the HTTP API, on the real app (src/main.ts as a child process: its own
// database — PostgreSQL, then embedded PGlite —, Redis under its own prefix, the local Asterisk
// under its own ARI app name), is sent a corpus of bad values: in each path parameter, in common query keys, in every
// field of a JSON body, and as whole bodies that are no JSON object at all. Any 5xx fails,
// listing each (token, method, path, value); so does a 4xx without a JSON error message.
//
// The route table is the routers' own (test/support/route-table.ts): a route added to a router
// and not to SWEEP below fails here until it gets its line. Needs the stack up
// (`bash scripts/stack.sh up`); `npm test` brings it up before the integration tests.
//
// Side effects on the shared stack are kept inside this test: the agents it creates use
// extensions 2981-2983 and are deleted at the end; surveys are placed in quiet hours through a
// context that does not exist; no call is routed to its ARI app.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCallRecordsStore } from '../../src/adapters/db/call-records-store.js';
import type { Database } from '../../src/adapters/db/database.js';
import { migrate } from '../../src/adapters/db/migrate.js';
import { createPgliteDatabase } from '../../src/adapters/db/pglite-database.js';
import { createPostgresDatabase } from '../../src/adapters/db/postgres-database.js';
import { createRecordingsStore } from '../../src/adapters/db/recordings-store.js';
import { API_ACCESS_POLICY } from '../../src/domain/access/api-access-policy.js';
import { createTestDatabase, startHotlineApp, type HotlineApp } from '../support/hotline-app.js';
import { registeredRoutes, type RegisteredRoute } from '../support/route-table.js';

const AGENT = 'sweep-agent';
const QUEUE = 'sweep-queue';
const CALL = `1772355600.${randomBytes(3).toString('hex')}`;

/** How each route is reached when nothing is wrong: the params, query and bodies the bad values go into. */
interface RouteBase {
  params?: Record<string, string>;
  query?: Record<string, string>;
  bodies?: unknown[];
}

/** One line per route of the route table; a new route fails the sweep until it has its line here. */
const SWEEP: Record<string, RouteBase> = {
  'GET /healthz': {},
  'GET /readyz': {},
  'GET /api/calls': { query: { from: '2026-01-01T00:00:00Z', to: '2026-12-31T00:00:00+08:00' } },
  'GET /api/calls/:id': { params: { id: CALL } },
  'GET /api/calls/:id/recording': { params: { id: CALL }, query: { reason: '市民投诉 核查通话内容' } },
  'POST /api/calls/:id/supervision': { params: { id: CALL }, bodies: [{ mode: 'listen', extension: '2981' }] },
  'GET /api/calls/:id/supervision': { params: { id: CALL } },
  'POST /api/calls/:id/supervision/:sessionId/mode': { params: { id: CALL, sessionId: '0123456789ab' }, bodies: [{ mode: 'barge' }] },
  'DELETE /api/calls/:id/supervision/:sessionId': { params: { id: CALL, sessionId: '0123456789ab' } },
  'POST /api/agents': {
    bodies: [{ agentId: 'sweep-new', name: '扫描员', extension: '2982', skills: { general: 3 }, languages: ['zh'], group: '一班' }],
  },
  'GET /api/agents': {},
  'GET /api/agents/:id': { params: { id: AGENT } },
  'PATCH /api/agents/:id': { params: { id: AGENT }, bodies: [{ name: '扫描员二', extension: '2983', skills: { general: 2 }, languages: ['zh'], group: '二班' }] },
  'DELETE /api/agents/:id': { params: { id: 'sweep-absent' } },
  'POST /api/agents/:id/sip-password': { params: { id: 'sweep-absent' } },
  'POST /api/agents/:id/login': { params: { id: AGENT }, bodies: [{ ready: false }] },
  'POST /api/agents/:id/logout': { params: { id: AGENT } },
  'GET /api/agents/:id/state': { params: { id: AGENT } },
  'PUT /api/agents/:id/state': { params: { id: AGENT }, bodies: [{ status: 'not_ready', reason: 'break', note: '休息' }, { status: 'ready' }] },
  'POST /api/agents/:id/emergency': { params: { id: AGENT }, bodies: [{ number: '110' }] },
  'POST /api/agents/:id/hangup': { params: { id: AGENT } },
  'GET /api/agents/:id/audio': { params: { id: AGENT } },
  'GET /api/agents/:id/calls': { params: { id: AGENT }, query: { date: '2026-12-05' } },
  'POST /api/agents/:id/end-service': { params: { id: AGENT }, bodies: [{}] },
  'POST /api/agents/:id/hold': { params: { id: AGENT }, bodies: [{}] },
  'POST /api/agents/:id/unhold': { params: { id: AGENT }, bodies: [{}] },
  'GET /api/queues': {},
  'GET /api/queues/:id': { params: { id: QUEUE } },
  'PUT /api/queues/:id': {
    params: { id: QUEUE },
    bodies: [
      {
        name: '扫描队列',
        requiredSkills: [{ skill: 'general', minProficiency: 1 }],
        languages: ['zh'],
        priority: { base: 1, enterpriseLine: { boost: 5 }, listedNumbers: { numbers: ['13800138000'], boost: 10 }, repeatCaller: { withinHours: 24, boost: 3 } },
        relaxations: [{ afterSeconds: 60, widenSkills: ['housing'], dropLanguage: true }],
        musicClass: 'default',
      },
    ],
  },
  'DELETE /api/queues/:id': { params: { id: 'sweep-absent' } },
  'GET /api/stats/live': {},
  'GET /api/floor': {},
  'GET /api/floor/day': { query: { date: '2026-12-05', queueId: QUEUE } },
  'GET /api/floor/abandoned': { query: { date: '2026-12-05', limit: '50' } },
  // every request of the sweep has a bad query or a body, so none opens a stream that stays open
  'GET /api/events': {},
  'GET /api/stats/missed-call-callbacks': { query: { from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00+08:00' } },
  'GET /api/system/process': { query: { gc: '0' } },
  'GET /metrics': {},
  'GET /api/incidents': { query: { agentId: AGENT, from: '2026-01-01T00:00:00Z' } },
  'GET /api/incidents/:id': { params: { id: '1' } },
  'GET /api/audit': { query: { kind: 'agent_change', from: '2026-01-01T00:00:00Z' } },
  'GET /api/audit/verify': {},
  'GET /api/callbacks': { query: { status: 'waiting', queueId: QUEUE } },
  'GET /api/callbacks/:id': { params: { id: '0123456789ab' } },
  'POST /api/case-surveys': { bodies: [{ caseId: 'WO-SWEEP-0001', number: '13800138000' }] },
  'GET /api/case-surveys': { query: { caseId: 'WO-SWEEP-0001' } },
  'GET /api/case-surveys/:id': { params: { id: '1' } },
  'GET /api/webhook-deliveries': { query: { status: 'dead', departmentId: 'sweep-dept', orderNo: '2026-000001' } },
  'GET /api/webhook-deliveries/:id': { params: { id: randomUUID() } },
  'POST /api/webhook-deliveries/:id/retry': { params: { id: randomUUID() } },
  'POST /api/tokens': { bodies: [{ name: 'sweep-auditor', role: 'auditor' }, { name: 'sweep-agent-console', role: 'agent', agentId: AGENT }] },
  'GET /api/tokens': {},
  'DELETE /api/tokens/:id': { params: { id: randomUUID() } },
  'POST /api/session': { bodies: [{ username: 'sweep-nobody', password: 'not-the-password' }] },
  'GET /api/session': {},
  'DELETE /api/session': {},
  'POST /api/users': { bodies: [{ username: 'sweep.agent', name: '扫描员', role: 'agent', password: 'sweep-password-1', agentId: AGENT }] },
  'GET /api/users': {},
  'POST /api/users/:username/password': { params: { username: 'sweep.agent' }, bodies: [{ password: 'sweep-password-2' }] },
  'POST /api/users/:username/disable': { params: { username: 'sweep.absent' } },
  'GET /api/departments': { query: { view: 'tree', includeInactive: 'true' } },
  'GET /api/departments/:id': { params: { id: 'jz-zhujian' } },
  'POST /api/departments': {
    bodies: [{ id: 'sweep-dept', name: '扫描办', kind: 'bureau', parentId: 'jiangzhou', contacts: [{ name: '值班室', phone: '0799-86609999', role: '值班' }], dutyHours: '08:30-12:00,14:00-17:30', webhookUrl: 'https://sweep.example.org/hook' }],
  },
  'PUT /api/departments/:id': {
    params: { id: 'jz-wenlv' },
    bodies: [{ name: '江州市文化广电旅游局', kind: 'bureau', parentId: 'jiangzhou', contacts: [{ name: '值班室', phone: '0799-86609998' }], dutyHours: '7x24', webhookUrl: 'https://wenlv.example.org/hook', active: true }],
  },
  'DELETE /api/departments/:id': { params: { id: 'sweep-absent' } },
  'POST /api/departments/:id/webhook-secret': { params: { id: 'jz-wenlv' } },
  'GET /api/work-order-categories': { query: { q: '停水', includeInactive: 'false' } },
  'PUT /api/work-order-categories/:code': { params: { code: 'other.sweep' }, bodies: [{ name: '扫描类', timeClass: 'general', active: false }] },
  'GET /api/dispatch-catalogue': {},
  'GET /api/dispatch-catalogue/suggest': { query: { category: 'city_mgmt.sanitation.garbage', district: 'jiangbei' } },
  'POST /api/dispatch-catalogue': { bodies: [{ categoryCode: 'culture.venues', districtId: 'qingshan', departmentId: 'jz-wenlv', note: '扫描' }] },
  'DELETE /api/dispatch-catalogue/:id': { params: { id: '999999' } },
  'GET /api/knowledge': { query: { q: '社保卡补办', tag: '社保卡', limit: '5' } },
  'GET /api/knowledge/:id': { params: { id: 'social-security-card-lost' } },
  'POST /api/knowledge': { bodies: [{ id: 'sweep-article', title: '扫描条目', body: '扫描正文', tags: ['扫描'], categoryCode: 'other' }] },
  'PUT /api/knowledge/:id': { params: { id: 'sweep-absent' }, bodies: [{ version: 1, title: '扫描条目', body: '扫描正文', tags: ['扫描'], categoryCode: null, active: true }] },
  'DELETE /api/knowledge/:id': { params: { id: 'sweep-absent' } },
  'GET /api/calendar': { query: { year: '2026' } },
  'PUT /api/calendar/overrides/:day': { params: { day: '2099-12-30' }, bodies: [{ kind: 'holiday', name: '扫描假日' }] },
  'DELETE /api/calendar/overrides/:day': { params: { day: '2099-12-31' } },
  'PUT /api/calendar/years/:year': { params: { year: '2098' }, bodies: [{ days: [{ day: '2098-01-01', kind: 'holiday', name: '元旦' }] }] },
  'GET /api/work-orders': { query: { status: 'dispatched,signed', from: '2026-01-01', to: '2026-12-31T00:00:00+08:00', limit: '20' } },
  'GET /api/work-orders/counts': { query: { category: 'urban', overdue: 'true' } },
  'GET /api/work-orders/overdue': { query: { urgency: 'urgent', limit: '10' } },
  'GET /api/work-orders/export.csv': { query: { type: 'complaint', from: '2026-12-01' } },
  'POST /api/work-orders': {
    bodies: [
      {
        channel: 'phone', citizenNumber: '13800138000', citizenName: '扫描先生', confidential: false, type: 'complaint',
        categoryCode: 'city_mgmt.sanitation.garbage', districtId: 'jiangbei', location: '江北区扫描路', description: '垃圾未清运',
        urgency: 'normal', assistingDepartmentIds: [], then: { action: 'dispatch' },
      },
    ],
  },
  'GET /api/work-orders/:orderNo': { params: { orderNo: '2026-000001' } },
  'GET /api/work-orders/:orderNo/events': { params: { orderNo: '2026-000001' } },
  'POST /api/work-orders/:orderNo/actions': {
    params: { orderNo: '2026-000001' },
    bodies: [{ action: 'append', note: '市民补充' }, { action: 'request_extension', until: '2099-01-01T00:00:00+08:00', reason: '扫描' }, { action: 'merge', intoOrderNo: '2026-000002' }],
  },
  'GET /api/citizens/:number/work-orders': { params: { number: '13800138000' }, query: { limit: '5' } },
  'GET /api/citizens/:number/calls': { params: { number: '13800138000' }, query: { limit: '5' } },
};

/** Strings a hostile client sends where an id, a name, a time or a number is expected. */
const BAD_STRINGS: readonly string[] = [
  '\u0000', 'a\u0000b', '\u0000'.repeat(10), '市民投诉 \u0000 核查', '\uD800', '\uDFFF', 'a\uDBFFb', '0000-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '1969-12-31T23:59:59Z',
  '2026-02-30T00:00:00Z', '-1', '0', '1e309', '99999999999999999999', 'NaN', 'Infinity', '1.5', 'x'.repeat(10_240),
  '../../etc/passwd', '%00', "' OR 1=1 --", '\u202E', '\u200B', '\u2028', '', ' ', 'null', 'undefined', '😀', '中文',
];
/** Values of the wrong type for body fields. */
const BAD_JSON_VALUES: readonly unknown[] = [1e308, -1, 0.5, true, null, {}, [], ['\u0000'], { '\u0000': 1 }];
/** Whole bodies, as sent (content type JSON unless given). */
const BAD_RAW_BODIES: ReadonlyArray<{ label: string; body: string; type?: string }> = [
  { label: 'a JSON string', body: '"\\u0000"' },
  { label: 'a JSON number', body: '123' },
  { label: 'JSON null', body: 'null' },
  { label: 'an empty array', body: '[]' },
  { label: 'an array of an object', body: '[{}]' },
  { label: 'malformed JSON', body: '{"a":' },
  { label: 'a trailing comma', body: '{"a":1,}' },
  { label: 'a NUL key', body: '{"\\u0000":"x"}' },
  { label: 'a lone surrogate key', body: '{"\\ud800":"x"}' },
  { label: 'deep nesting (arrays)', body: `${'['.repeat(20_000)}${']'.repeat(20_000)}` },
  { label: 'deep nesting (objects)', body: `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}` },
  { label: 'a 200 kB body', body: JSON.stringify({ name: 'x'.repeat(200_000) }) },
  { label: 'plain text', body: 'hello', type: 'text/plain' },
  { label: 'a form', body: 'name=x&role=admin', type: 'application/x-www-form-urlencoded' },
  { label: 'JSON in another charset', body: '{"a":"b"}', type: 'application/json; charset=utf-16' },
  { label: 'an unknown JSON type', body: '{"a":"b"}', type: 'application/json-patch+json' },
];
/** Path segments sent as they are (not encoded): broken escapes and dot segments. */
const RAW_SEGMENTS: readonly string[] = ['%E0%A4%A', '%', '%zz', '%00', '%C0%80', '%ED%A0%80', '..', '.', '%2e%2e', '%2F'];
/** Query keys read by some route; every route gets each of them. */
const QUERY_KEYS: readonly string[] = [
  'from', 'to', 'agentId', 'status', 'limit', 'offset', 'queue', 'queueId', 'kind', 'subject', 'callId', 'severity', 'number', 'caseId',
  'reason', 'anchor', 'gc', 'id',
];

/** Percent-encodes a value; lone surrogates as the bytes a careless client sends (WTF-8), which no UTF-8 decoder takes. */
function encode(value: string): string {
  let out = '';
  for (const ch of value) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0xd800 && cp <= 0xdfff) {
      out += [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    } else {
      out += encodeURIComponent(ch);
    }
  }
  return out;
}

const show = (v: unknown): string => {
  const s = typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 40)}…(${s.length} chars)` : s;
};

interface SweepRequest {
  method: string;
  url: string;
  body?: string;
  type?: string;
  /** What was bad, for the failure list. */
  what: string;
}

function pathOf(route: RegisteredRoute, params: Record<string, string>, raw: Record<string, string> = {}): string {
  return route.path.replace(/:(\w+)/g, (_m, name: string) => raw[name] ?? encode(params[name] ?? 'x'));
}

function queryOf(query: Record<string, string>): string {
  const parts = Object.entries(query).map(([k, v]) => `${encode(k)}=${encode(v)}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

/** Every string, number and boolean in a body, by its path of keys. */
function leaves(value: unknown, path: Array<string | number> = []): Array<Array<string | number>> {
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, [...path, i]));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]));
  return [path];
}

function objectsIn(value: unknown, path: Array<string | number> = []): Array<Array<string | number>> {
  if (Array.isArray(value)) return value.flatMap((v, i) => objectsIn(v, [...path, i]));
  if (value !== null && typeof value === 'object') return [path, ...Object.entries(value).flatMap(([k, v]) => objectsIn(v, [...path, k]))];
  return [];
}

function replaced(base: unknown, path: Array<string | number>, value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(base) as Record<string | number, unknown>;
  let at = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  at[path.at(-1)!] = value;
  return copy;
}

function withKey(base: unknown, path: Array<string | number>, key: string): unknown {
  const copy = structuredClone(base) as Record<string | number, unknown>;
  let at = copy;
  for (const k of path) at = at[k] as Record<string | number, unknown>;
  // an own property even for "__proto__", as JSON.parse makes it
  Object.defineProperty(at, key, { value: 'x', enumerable: true, writable: true, configurable: true });
  return copy;
}

/** The requests of the sweep for one route: `full` for a token the route lets in, else the short list. */
function sweepRequests(route: RegisteredRoute, base: RouteBase, full: boolean): SweepRequest[] {
  const params = base.params ?? {};
  const query = base.query ?? {};
  const out: SweepRequest[] = [];
  const bodies = base.bodies ?? [];
  const baseBody = bodies[0] === undefined ? undefined : JSON.stringify(bodies[0]);
  const add = (r: Omit<SweepRequest, 'method'>) => out.push({ method: route.method, ...r });
  const pathNames = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
  const fullPath = pathOf(route, params);

  for (const name of pathNames) {
    for (const v of BAD_STRINGS) add({ url: pathOf(route, params, { [name]: encode(v) }) + queryOf(query), body: baseBody, what: `:${name} = ${show(v)}` });
    for (const v of RAW_SEGMENTS) add({ url: pathOf(route, params, { [name]: v }) + queryOf(query), body: baseBody, what: `:${name} = raw ${v}` });
  }
  for (const v of BAD_RAW_BODIES) add({ url: fullPath + queryOf(query), body: v.body, type: v.type, what: `body: ${v.label}` });
  if (!full) return out;

  for (const key of QUERY_KEYS) {
    for (const v of BAD_STRINGS) add({ url: fullPath + queryOf({ ...query, [key]: v }), body: baseBody, what: `?${key}=${show(v)}` });
    add({ url: `${fullPath}${queryOf(query)}${Object.keys(query).length ? '&' : '?'}${key}=1&${key}=2`, body: baseBody, what: `?${key} twice` });
    add({ url: `${fullPath}${queryOf(query)}${Object.keys(query).length ? '&' : '?'}${key}=%E0%A4%A`, body: baseBody, what: `?${key}= broken escape` });
  }
  for (const body of bodies) {
    for (const leaf of leaves(body)) {
      const at = leaf.join('.') || '(body)';
      for (const v of BAD_STRINGS) add({ url: fullPath, body: JSON.stringify(replaced(body, leaf, v)), what: `body ${at} = ${show(v)}` });
      for (const v of BAD_JSON_VALUES) add({ url: fullPath, body: JSON.stringify(replaced(body, leaf, v)), what: `body ${at} = ${show(v)}` });
    }
    for (const obj of objectsIn(body)) {
      for (const key of ['\u0000', '\uD800', '__proto__', 'constructor', 'x'.repeat(10_240)]) {
        add({ url: fullPath, body: JSON.stringify(withKey(body, obj, key)), what: `body key ${show(key)} in ${obj.join('.') || '(body)'}` });
      }
    }
  }
  return out;
}

let app: HotlineApp;
let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
let recordingsDir: string;
const tokens: Record<'admin' | 'supervisor' | 'auditor' | 'agent', string> = { admin: '', supervisor: '', auditor: '', agent: '' };

/** Sends the request as given (node:http, not fetch: a GET may carry a body, and the path is not normalised). */
async function send(token: string | null, r: SweepRequest): Promise<{ status: number; problem: string | null }> {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  if (r.body !== undefined) {
    headers['content-type'] = r.type ?? 'application/json';
    headers['content-length'] = String(Buffer.byteLength(r.body));
  }
  const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
    const base = new URL(app.baseUrl);
    const req = httpRequest({ host: base.hostname, port: base.port, path: r.url, method: r.method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(r.body);
  });
  if (status < 400) return { status, problem: null };
  let message: unknown;
  try {
    message = (JSON.parse(text) as { error?: { message?: unknown } }).error?.message;
  } catch {
    message = undefined;
  }
  return { status, problem: typeof message === 'string' && message.length > 0 ? null : `no JSON error message: ${text.slice(0, 80)}` };
}

/** Runs the requests a few at a time; each answer that is a 5xx, or a 4xx without a JSON message, is a failure line. */
async function run(label: string, token: string | null, requests: SweepRequest[]): Promise<string[]> {
  const failures: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const r = requests[next++]!;
      const answer = await send(token, r).catch((err: unknown) => ({ status: 0, problem: `no answer: ${String(err)}` }));
      if (answer.status >= 500 || answer.status === 0) failures.push(`${answer.status} ${label} ${r.method} ${r.url.slice(0, 100)} — ${r.what}`);
      else if (answer.problem) failures.push(`${answer.status} ${label} ${r.method} ${r.url.slice(0, 100)} — ${r.what}: ${answer.problem}`);
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
  return failures;
}

/** A finished call with a recording on disk, so the recording route gets as far as the audit log. */
async function seedRecordedCall(db: Database): Promise<void> {
  await migrate(db);
  await createCallRecordsStore(db).openCall({ callId: CALL, channelId: `PJSIP/trunk-${CALL}`, callerNumber: '13800138000', dialedNumber: '12345', startedAt: new Date() });
  await createRecordingsStore(db).add({ callId: CALL, name: `call-${CALL}`, format: 'wav', bridgeId: `bridge-${CALL}`, startedAt: new Date() });
  await writeFile(join(recordingsDir, `call-${CALL}.wav`), Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt ', 'latin1'));
}

/** The app on its own database of `kind`, seeded first (PGlite takes one handle, so before the app opens it). */
async function startApp(kind: 'postgres' | 'pglite'): Promise<void> {
  recordingsDir = await mkdtemp(join(tmpdir(), 'hotline-sweep-'));
  let databaseEnv: { databaseUrl?: string; PGLITE_DIR?: string };
  if (kind === 'postgres') {
    database = await createTestDatabase();
    const db = await createPostgresDatabase({ connectionString: database.url, onError: () => undefined });
    await seedRecordedCall(db).finally(() => db.close());
    databaseEnv = { databaseUrl: database.url };
  } else {
    const dir = join(recordingsDir, 'pglite');
    const db = await createPgliteDatabase({ dataDir: dir });
    await seedRecordedCall(db).finally(() => db.close());
    databaseEnv = { PGLITE_DIR: dir };
  }
  app = await startHotlineApp({
    ...(databaseEnv.databaseUrl ? { databaseUrl: databaseEnv.databaseUrl } : {}),
    env: {
      ARI_APP: `hotline-sweep-${randomBytes(3).toString('hex')}`,
      LOG_LEVEL: 'warn',
      QUEUE_LOG_FILE: 'off',
      RECORDINGS_DIR: recordingsDir,
      SURVEY_QUIET_HOURS: '00:00-23:59',
      SURVEY_OUTBOUND_CONTEXT: 'hotline-sweep-nowhere',
      CALLBACK_OUTBOUND_CONTEXT: 'hotline-sweep-nowhere',
      // the cheapest scrypt cost the hash format accepts: hundreds of passwords are hashed here
      CONSOLE_PASSWORD_SCRYPT_LOG2N: '14',
      ...(databaseEnv.PGLITE_DIR ? { PGLITE_DIR: databaseEnv.PGLITE_DIR } : {}),
    },
  });
  await app.waitReady(60_000);
  tokens.admin = app.adminToken;
  const created = await app.request('POST', '/api/agents', {
    body: { agentId: AGENT, name: '扫描坐席', extension: '2981', skills: { general: 3 }, languages: ['zh'], group: '一班' },
  });
  if (created.status !== 201) throw new Error(`could not create the sweep agent: ${created.status} ${JSON.stringify(created.body)}`);
  const queue = await app.request('PUT', `/api/queues/${QUEUE}`, { body: { name: '扫描队列', requiredSkills: [{ skill: 'general', minProficiency: 1 }] } });
  if (queue.status !== 201) throw new Error(`could not create the sweep queue: ${queue.status} ${JSON.stringify(queue.body)}`);
  tokens.supervisor = await app.createToken('supervisor');
  tokens.auditor = await app.createToken('auditor');
  tokens.agent = await app.createToken('agent', { agentId: AGENT });
}

async function stopApp(): Promise<void> {
  // the agents the sweep created leave Asterisk with their softphone accounts
  if (app) {
    const list = await app.get<{ agents?: Array<{ agentId: string }> }>('/api/agents').catch(() => null);
    for (const a of list?.body.agents ?? []) await app.request('DELETE', `/api/agents/${a.agentId}`).catch(() => undefined);
    await app.stop();
  }
  await database?.drop();
  database = undefined;
  if (recordingsDir) await rm(recordingsDir, { recursive: true, force: true });
}

describe.each(['postgres', 'pglite'] as const)('bad input on every route answers 4xx with a message, never 5xx (records on %s)', async (kind) => {
  const routes = await registeredRoutes();
  beforeAll(() => startApp(kind), 120_000);
  afterAll(() => stopApp(), 60_000);

  it('every route of the route table has its line in the sweep', () => {
    expect(routes.length).toBeGreaterThan(30);
    expect(routes.filter((r) => !SWEEP[`${r.method} ${r.path}`]).map((r) => `${r.method} ${r.path} (${r.file})`), 'add these routes to SWEEP').toEqual([]);
  });

  it.each(routes.map((r) => [`${r.method} ${r.path}`, r] as const))('%s', async (_name, route) => {
    const base = SWEEP[`${route.method} ${route.path}`] ?? {};
    const rule = API_ACCESS_POLICY.find((p) => p.method === route.method && p.path === route.path);
    // every role the route lets in gets the whole sweep (admin first), an agent token the short one
    // (its own agent on the routes it may use, otherwise it is turned away before its input is read)
    const roles = rule?.public ? [] : (['admin', 'supervisor', 'auditor'] as const).filter((r) => rule?.roles.includes(r));
    const failures: string[] = [];
    let sent = 0;
    if (rule?.public) {
      const requests = sweepRequests(route, base, true);
      sent += requests.length;
      failures.push(...(await run('no token', null, requests)));
    }
    for (const role of roles) {
      const requests = sweepRequests(route, base, true);
      sent += requests.length;
      failures.push(...(await run(role, tokens[role], requests)));
    }
    const agentRequests = sweepRequests(route, base, rule?.ownAgent === true);
    sent += agentRequests.length;
    failures.push(...(await run('agent', tokens.agent, agentRequests)));
    expect(sent).toBeGreaterThan(0);
    const serverErrors = failures.filter((f) => !/^4/.test(f)).length;
    expect(failures, `${serverErrors} 5xx and ${failures.length - serverErrors} 4xx without a message, of ${sent} requests:\n${failures.join('\n')}`).toEqual([]);
  }, 300_000);
});
