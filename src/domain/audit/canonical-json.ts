// One byte-exact text per JSON value, so the same entry always hashes the same: object keys
// sorted (UTF-16 code unit order), no whitespace, undefined members left out. Values that JSON
// cannot carry (NaN, Infinity, bigint, functions, symbols) are refused, not silently changed.
import { NamedError } from '../shared/named-error.js';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export class NotJsonError extends NamedError {
  readonly code = 'not-json';
  constructor(readonly path: string, what: string) {
    super(`${path}: ${what} cannot be stored as JSON`);
  }
}

/** The canonical JSON text of `value`. Throws NotJsonError naming the first bad member. */
export function canonicalJson(value: unknown, path = '$'): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      // PostgreSQL text and jsonb cannot hold NUL: refuse it here with a clear message.
      if (value.includes('\u0000')) throw new NotJsonError(path, 'a string with a NUL character');
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new NotJsonError(path, String(value));
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) {
        return `[${value.map((v, i) => (v === undefined ? 'null' : canonicalJson(v, `${path}[${i}]`))).join(',')}]`;
      }
      if (value instanceof Date) {
        if (Number.isNaN(value.getTime())) throw new NotJsonError(path, 'an invalid Date');
        return JSON.stringify(value.toISOString());
      }
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) throw new NotJsonError(path, `an object of type ${value.constructor?.name ?? 'unknown'}`);
      const members = Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v, `${path}.${k}`)}`);
      return `{${members.join(',')}}`;
    }
    default:
      throw new NotJsonError(path, `a ${typeof value}`);
  }
}

/**
 * `value` as it will read back from a JSON column: Dates become ISO strings, undefined
 * members go. Hash what is stored, so a read-back entry hashes the same as the appended one.
 */
export function toJsonValue(value: unknown): JsonValue {
  return JSON.parse(canonicalJson(value)) as JsonValue;
}
