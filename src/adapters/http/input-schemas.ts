// The building blocks every router checks its input with, so that nothing unchecked reaches a
// store: strings PostgreSQL can hold (no NUL, no lone surrogate) of bounded length, ids by their
// pattern, times within a sane range, whole numbers within limits. `checkedPath` and
// `checkedQueryAndBody` are the guards create-http-app runs on every request before the routers.
import { z } from 'zod';
import { badRequest } from './http-errors.js';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** False for text with a NUL or a lone surrogate: neither PostgreSQL text nor jsonb takes it. */
export function isStorableText(s: string): boolean {
  return !s.includes('\u0000') && !LONE_SURROGATE.test(s);
}

const STORABLE = 'must not contain NUL or a lone surrogate (not valid Unicode text)';

/** A string of at most `max` characters that a store can hold; `missing` is said when it is absent or no string. */
export const safeString = (max: number, missing = 'must be a string') =>
  z.string({ message: missing }).max(max, `must be at most ${max} characters`).refine(isStorableText, STORABLE);

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Lower-case letters and digits with single hyphens ("zhang-wei", "social-insurance"). */
export const kebabId = (max: number, message: string) => z.string({ message: 'must be a string' }).max(max, `must be at most ${max} characters`).regex(KEBAB, message);

export const agentIdSchema = kebabId(32, 'must be lower-case letters and digits with single hyphens, e.g. "zhang-wei" or "a1024"');
export const queueIdSchema = kebabId(64, 'must be kebab-case, e.g. "social-insurance"');
/** Asterisk's channel-based call ids ("1772355600.11"). */
export const callIdSchema = z.string().min(1).max(128).regex(/^[\w.-]+$/, 'is not a call id');

const EARLIEST = Date.UTC(2000, 0, 1);
const LATEST = Date.UTC(2100, 0, 1);
/** An ISO 8601 time with its offset, between 2000 and 2100. */
export const isoTime = z.iso
  .datetime({ offset: true, message: 'must be an ISO 8601 time, e.g. 2026-11-22T08:00:00+08:00' })
  .refine((v) => {
    const t = new Date(v).getTime();
    return t >= EARLIEST && t < LATEST;
  }, 'must be a real time between the years 2000 and 2099');

/** from ≤ to when both are given (for .refine on a query with from and to). */
export const fromNotAfterTo: [(q: { from?: string | undefined; to?: string | undefined }) => boolean, { message: string; path: string[] }] = [
  (q) => !q.from || !q.to || new Date(q.from) <= new Date(q.to),
  { message: 'from must not be after to', path: ['from'] },
];

/** `limit` of a list: a whole number from 1 to max. */
export const limitParam = (max: number, fallback: number) => z.coerce.number().int().min(1).max(max).default(fallback);
/** `offset` of a list: a whole number from 0 to max. */
export const offsetParam = (max: number) => z.coerce.number().int().min(0).max(max).default(0);

/** A path parameter by its schema; a bad one is a 400 naming what it should be. */
export function pathParam<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw badRequest(`Invalid ${what}: ${parsed.error.issues[0]?.message ?? 'bad value'}`);
  return parsed.data;
}

const MAX_DEPTH = 32;

/** The first string or key in `value` a store could not hold, or nesting past MAX_DEPTH, as a problem; null when fine. */
function problemIn(value: unknown, where: string): string | null {
  const stack: Array<{ v: unknown; at: string; depth: number }> = [{ v: value, at: where, depth: 0 }];
  while (stack.length > 0) {
    const { v, at, depth } = stack.pop()!;
    if (typeof v === 'string') {
      if (!isStorableText(v)) return `${at}: ${STORABLE}`;
    } else if (v !== null && typeof v === 'object') {
      if (depth >= MAX_DEPTH) return `${at}: nested more than ${MAX_DEPTH} levels deep`;
      for (const [k, child] of Object.entries(v)) {
        if (!isStorableText(k)) return `${at}: a key ${STORABLE}`;
        stack.push({ v: child, at: Array.isArray(v) ? `${at}[${k}]` : `${at}.${k}`, depth: depth + 1 });
      }
    }
  }
  return null;
}

/** Throws a 400 when the path has a broken percent-encoding, a NUL or a lone surrogate once decoded. */
export function checkedPath(path: string): void {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    throw badRequest('Invalid path: it has a broken percent-encoding (e.g. "%E0%A4%A")');
  }
  if (!isStorableText(decoded)) throw badRequest(`Invalid path: ${STORABLE}`);
}

/** Throws a 400 when a query value or key, or a string or key of the JSON body, has a NUL or a lone surrogate, or the body nests too deep. */
export function checkedQueryAndBody(query: unknown, body: unknown): void {
  const problem = problemIn(query, 'query') ?? problemIn(body, 'body');
  if (problem) throw badRequest(`Invalid input: ${problem}`, [problem]);
}
