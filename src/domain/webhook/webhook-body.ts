// The body a department receives: { id, event, orderNo, occurredAt, data } as UTF-8 JSON, in
// that key order. It never carries the citizen's contact: the department reads the order
// through its own API, which decides what it may see. A notice whose data looks like a phone
// or ID number is refused before it is stored.
export interface WebhookPayload {
  id: string;
  /** dispatched, reminder, supervision or reopened (the notifier port's DepartmentEvent). */
  event: string;
  orderNo: string;
  /** ISO 8601, UTC. */
  occurredAt: string;
  data: Record<string, unknown>;
}

/** The exact bytes that are signed and sent (the same for every attempt of a delivery). */
export function webhookBody(p: WebhookPayload): string {
  return JSON.stringify({ id: p.id, event: p.event, orderNo: p.orderNo, occurredAt: p.occurredAt, data: p.data });
}

/** Keys that name a person's contact or identity; their values never go to a department by webhook. */
const PERSONAL_KEY = /phone|mobile|^tel$|telephone|citizen|caller|contact|id_?card|id_?number|identity|身份证|电话|手机|号码/i;
/** 7 or more digits in a row, possibly split by spaces or hyphens: a phone or ID number, not a date or an order number. */
const LONG_DIGITS = /\d(?:[\s-]?\d){6,}/;
/** Order numbers (2026-000123) and ISO dates and times, taken out before looking for digit runs. */
const NOT_PERSONAL = /\d{4}-\d{6,}|\d{4}-\d{2}-\d{2}(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?/g;

const looksPersonal = (value: string): boolean => LONG_DIGITS.test(value.replace(NOT_PERSONAL, ' '));

/**
 * The first place in `data` that looks like personal data ("data.citizenPhone", or a value
 * with a phone-like digit run), or null when there is none.
 */
export function personalDataIn(data: unknown, at = 'data'): string | null {
  if (typeof data === 'string') return looksPersonal(data) ? at : null;
  if (typeof data === 'number') return Number.isInteger(data) && Math.abs(data) >= 1_000_000 ? at : null;
  if (data === null || typeof data !== 'object') return null;
  for (const [key, value] of Object.entries(data)) {
    const where = Array.isArray(data) ? `${at}[${key}]` : `${at}.${key}`;
    if (!Array.isArray(data) && PERSONAL_KEY.test(key)) return where;
    const found = personalDataIn(value, where);
    if (found) return found;
  }
  return null;
}
