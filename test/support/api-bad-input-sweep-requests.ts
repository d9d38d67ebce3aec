// The requests of the bad-input sweep (test/support/api-bad-input-sweep.ts): a corpus of bad
// values put into each path parameter, into common query keys and into every field of a JSON
// body of a route's good request (api-bad-input-sweep-table.ts), and whole bodies that are no
// JSON object at all.
import type { RouteBase } from './api-bad-input-sweep-table.js';
import type { RegisteredRoute } from './route-table.js';

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

export interface SweepRequest {
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
export function sweepRequests(route: RegisteredRoute, base: RouteBase, full: boolean): SweepRequest[] {
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
