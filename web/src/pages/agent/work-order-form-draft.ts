// The work-order form's draft: its fields, the checks made before sending (each problem under its
// field), the body of POST /api/work-orders, and the server's 400 problems ("description: must
// not be empty", "then.departmentId: …") put under the fields they name. No words here: a
// problem found before sending is the key of its words in work-order-form.messages.ts.

export const ORDER_TYPES = ['consultation', 'help', 'complaint', 'report', 'suggestion'] as const;
export const URGENCIES = ['normal', 'urgent', 'emergency'] as const;
export const THEN_ACTIONS = ['dispatch', 'resolve_directly', 'submit'] as const;
export type ThenAction = (typeof THEN_ACTIONS)[number];

export interface Draft {
  type: string;
  categoryCode: string;
  categoryPath: string;
  districtId: string;
  location: string;
  description: string;
  urgency: (typeof URGENCIES)[number];
  citizenName: string;
  citizenNumber: string;
  confidential: boolean;
  then: ThenAction;
  note: string;
  departmentId: string;
}

export type Field = 'type' | 'categoryCode' | 'districtId' | 'location' | 'description' | 'citizenName' | 'citizenNumber' | 'note' | 'departmentId' | 'form';
export type FieldErrors = Partial<Record<Field, string>>;

/** The words of a problem found before sending (keys of work-order-form.messages.ts), with the limit passed. */
export type DraftProblemWord = 'error.type' | 'error.categoryCode' | 'error.description' | 'error.tooLong' | 'error.citizenNumber' | 'error.note' | 'error.departmentId';
export interface DraftProblem {
  word: DraftProblemWord;
  max?: number;
}
export type DraftProblems = Partial<Record<Field, DraftProblem>>;

export const emptyDraft = (citizenNumber = ''): Draft => ({
  type: '',
  categoryCode: '',
  categoryPath: '',
  districtId: '',
  location: '',
  description: '',
  urgency: 'normal',
  citizenName: '',
  citizenNumber,
  confidential: false,
  then: 'dispatch',
  note: '',
  departmentId: '',
});

const PHONE = /^\+?\d{3,20}$/;
const LIMITS = { description: 4000, location: 200, citizenName: 50, note: 2000 } as const;

/** The problems the server would refuse, found before sending; empty when the draft can go. */
export function checkDraft(d: Draft): DraftProblems {
  const problems: DraftProblems = {};
  if (!d.type) problems.type = { word: 'error.type' };
  if (!d.categoryCode) problems.categoryCode = { word: 'error.categoryCode' };
  if (!d.description.trim()) problems.description = { word: 'error.description' };
  for (const field of ['description', 'location', 'citizenName', 'note'] as const) {
    if (d[field].trim().length > LIMITS[field]) problems[field] = { word: 'error.tooLong', max: LIMITS[field] };
  }
  if (d.citizenNumber.trim() && !PHONE.test(d.citizenNumber.trim())) problems.citizenNumber = { word: 'error.citizenNumber' };
  if (d.then === 'resolve_directly' && !d.note.trim()) problems.note = { word: 'error.note' };
  if (d.then === 'dispatch' && !d.departmentId) problems.departmentId = { word: 'error.departmentId' };
  return problems;
}

const optional = (value: string) => (value.trim() ? value.trim() : undefined);

/** The body of POST /api/work-orders (docs/api.md, Work orders). */
export function orderBody(d: Draft, callId: string | null): Record<string, unknown> {
  const then =
    d.then === 'dispatch' ? { action: 'dispatch', departmentId: d.departmentId }
      : d.then === 'resolve_directly' ? { action: 'resolve_directly', note: d.note.trim() }
        : { action: 'submit' };
  const body: Record<string, unknown> = {
    channel: 'phone',
    callId: callId ?? undefined,
    citizenNumber: optional(d.citizenNumber),
    citizenName: optional(d.citizenName),
    confidential: d.confidential,
    type: d.type,
    categoryCode: d.categoryCode,
    districtId: optional(d.districtId),
    location: optional(d.location),
    description: d.description.trim(),
    urgency: d.urgency,
    then,
  };
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
}

const SERVER_FIELDS: Record<string, Field> = {
  type: 'type',
  categoryCode: 'categoryCode',
  districtId: 'districtId',
  location: 'location',
  description: 'description',
  citizenName: 'citizenName',
  citizenNumber: 'citizenNumber',
  'then.note': 'note',
  'then.departmentId': 'departmentId',
};

/** A 400's problems under the fields they name; the rest (and the message when none) under `form`. */
export function serverErrors(message: string, problems: unknown): FieldErrors {
  const errors: FieldErrors = {};
  const list = Array.isArray(problems) ? problems.filter((p): p is string => typeof p === 'string') : [];
  const rest: string[] = [];
  for (const problem of list) {
    const at = problem.indexOf(':');
    const field = at > 0 ? SERVER_FIELDS[problem.slice(0, at)] : undefined;
    if (field && !errors[field]) errors[field] = problem.slice(at + 1).trim();
    else rest.push(problem);
  }
  if (rest.length > 0 || list.length === 0) errors.form = rest.length > 0 ? rest.join('; ') : message;
  return errors;
}
