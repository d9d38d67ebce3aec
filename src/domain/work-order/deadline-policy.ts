// How long each step of a work order may take (the statutory limits of the 12345 hotline), by
// the order's type, urgency and category. Pure: defaults, the rules of a policy file on top,
// and the limit that applies to one order. The deadline clock (src/app/calendar) counts them.
//
// Defaults: dispatch (派单) within 1 h / 2 h / 24 h for 紧急 / 加急 / 一般; sign (签收) within 1
// working day; reply (办结反馈) by the category's time class: life_property 2 h, utilities (water,
// power, gas, heating) 24 h, general 7 working days (also for a category without a class),
// complex 15 working days.
//
// A rule of the file names a kind and any of type, urgency and category, and replaces the
// default for the orders it matches. A category rule also matches the category's children
// ("utilities" matches "utilities.water.outage"). When several rules match, the most specific
// wins: a deeper category first, then a rule with a type, then one with an urgency; among equals
// the later rule in the file.
import { z } from 'zod';
import { JsonSyntaxError, parseLocatedJson, type JsonPath } from '../text/located-json.js';
import { URGENCIES, WORK_ORDER_TYPES, type DeadlineKind, type Urgency, type WorkOrderType } from './work-order-types.js';
import { NamedError } from '../shared/named-error.js';

export const REPLY_TIME_CLASSES = ['life_property', 'utilities', 'general', 'complex'] as const;
export type ReplyTimeClass = (typeof REPLY_TIME_CLASSES)[number];

/** Clock hours (through nights and holidays), or working days on China's calendar. */
export type DeadlineLimit = { hours: number } | { workingDays: number };

export interface DeadlineRule {
  kind: DeadlineKind;
  type?: WorkOrderType;
  urgency?: Urgency;
  /** A category code; matches the category and its children. */
  category?: string;
  limit: DeadlineLimit;
}

export interface DeadlinePolicy {
  dispatch: Readonly<Record<Urgency, DeadlineLimit>>;
  sign: DeadlineLimit;
  reply: Readonly<Record<ReplyTimeClass, DeadlineLimit>>;
  rules: readonly DeadlineRule[];
}

/** What a limit depends on (the DeadlineSubject of src/ports/calendar/deadline-clock.ts). */
export interface PolicySubject {
  type: WorkOrderType;
  urgency: Urgency;
  categoryCode: string;
  timeClass: ReplyTimeClass | null;
}

export const DEFAULT_DEADLINE_POLICY: DeadlinePolicy = {
  dispatch: { emergency: { hours: 1 }, urgent: { hours: 2 }, normal: { hours: 24 } },
  sign: { workingDays: 1 },
  reply: { life_property: { hours: 2 }, utilities: { hours: 24 }, general: { workingDays: 7 }, complex: { workingDays: 15 } },
  rules: [],
};

const categoryMatches = (rule: string, code: string) => code === rule || code.startsWith(`${rule}.`);

function specificity(rule: DeadlineRule): number {
  const depth = rule.category ? rule.category.split('.').length : 0;
  return depth * 4 + (rule.type ? 2 : 0) + (rule.urgency ? 1 : 0);
}

/** The limit of `kind` for an order: the most specific matching rule, else the default. */
export function limitFor(policy: DeadlinePolicy, kind: DeadlineKind, subject: PolicySubject): DeadlineLimit {
  let best: DeadlineRule | null = null;
  for (const rule of policy.rules) {
    if (rule.kind !== kind) continue;
    if (rule.type && rule.type !== subject.type) continue;
    if (rule.urgency && rule.urgency !== subject.urgency) continue;
    if (rule.category && !categoryMatches(rule.category, subject.categoryCode)) continue;
    if (!best || specificity(rule) >= specificity(best)) best = rule;
  }
  if (best) return best.limit;
  if (kind === 'dispatch') return policy.dispatch[subject.urgency];
  if (kind === 'sign') return policy.sign;
  return policy.reply[subject.timeClass ?? 'general'];
}

// ---- the policy file -------------------------------------------------------------------------

const MAX_HOURS = 24 * 366;
const MAX_WORKING_DAYS = 250;

const limitSchema = z
  .object({
    hours: z.number({ message: 'must be a number of hours' }).positive('must be more than 0').max(MAX_HOURS, `must be at most ${MAX_HOURS}`).optional(),
    workingDays: z.number({ message: 'must be a number of working days' }).int('must be a whole number of working days').min(1, 'must be at least 1').max(MAX_WORKING_DAYS, `must be at most ${MAX_WORKING_DAYS}`).optional(),
  })
  .strict()
  .refine((l) => (l.hours === undefined) !== (l.workingDays === undefined), 'must give exactly one of "hours" and "workingDays"')
  .transform((l): DeadlineLimit => (l.hours !== undefined ? { hours: l.hours } : { workingDays: l.workingDays! }));

const categoryCode = z.string({ message: 'must be a category code' }).regex(/^[a-z0-9_]+(\.[a-z0-9_]+){0,2}$/, 'must be a category code such as "utilities.water"');

const ruleSchema = z
  .object({
    kind: z.enum(['dispatch', 'sign', 'reply'], { message: 'must be "dispatch", "sign" or "reply"' }),
    type: z.enum(WORK_ORDER_TYPES, { message: `must be one of ${WORK_ORDER_TYPES.join(', ')}` }).optional(),
    urgency: z.enum(URGENCIES, { message: `must be one of ${URGENCIES.join(', ')}` }).optional(),
    category: categoryCode.optional(),
    limit: limitSchema,
  })
  .strict();

const policyFileSchema = z
  .object({
    dispatch: z.object({ emergency: limitSchema.optional(), urgent: limitSchema.optional(), normal: limitSchema.optional() }).strict().optional(),
    sign: limitSchema.optional(),
    reply: z
      .object({ life_property: limitSchema.optional(), utilities: limitSchema.optional(), general: limitSchema.optional(), complex: limitSchema.optional() })
      .strict()
      .optional(),
    rules: z.array(ruleSchema).max(1000).optional(),
  })
  .strict();

export interface PolicyFileProblem {
  line: number;
  column: number;
  /** The bad field, e.g. `rules[2].limit.hours` ('' for the whole file). */
  field: string;
  message: string;
}

export class DeadlinePolicyFileError extends NamedError {
  readonly code = 'deadline-policy-file-invalid';
  constructor(readonly file: string, readonly problems: PolicyFileProblem[]) {
    super(
      `${file} is not a valid work-order deadline policy:\n${problems
        .map((p) => `  - ${file}:${p.line}:${p.column}: ${p.field ? `${p.field}: ` : ''}${p.message}`)
        .join('\n')}`,
    );
  }
}

const fieldName = (path: JsonPath) =>
  path.reduce<string>((s, k) => (typeof k === 'number' ? `${s}[${k}]` : s ? `${s}.${k}` : k), '');

/** The policy of a policy file's text: the defaults with the file's values on top. Throws DeadlinePolicyFileError naming each bad line and field. */
export function parseDeadlinePolicyFile(file: string, text: string): DeadlinePolicy {
  let located;
  try {
    located = parseLocatedJson(text);
  } catch (err) {
    if (err instanceof JsonSyntaxError) {
      throw new DeadlinePolicyFileError(file, [{ ...err.position, field: '', message: `not valid JSON: ${err.message.replace(/^line \d+, column \d+: /, '')}` }]);
    }
    throw err;
  }
  const parsed = policyFileSchema.safeParse(located.value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue): PolicyFileProblem => {
      // an unknown key is reported at that key, not at the object holding it
      const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
      const path = keys.length ? [...issue.path, keys[0]!] : issue.path;
      const where = path.filter((k): k is string | number => typeof k !== 'symbol');
      const message = keys.length ? `unknown field${keys.length > 1 ? 's' : ''} ${keys.map((k) => `"${k}"`).join(', ')}` : issue.message;
      return { ...located.positionOf(where), field: fieldName(where), message };
    });
    throw new DeadlinePolicyFileError(file, problems);
  }
  const f = parsed.data;
  const d = DEFAULT_DEADLINE_POLICY;
  return {
    dispatch: { ...d.dispatch, ...definedOnly(f.dispatch) },
    sign: f.sign ?? d.sign,
    reply: { ...d.reply, ...definedOnly(f.reply) },
    rules: (f.rules ?? []).map((r) => ({
      kind: r.kind,
      ...(r.type ? { type: r.type } : {}),
      ...(r.urgency ? { urgency: r.urgency } : {}),
      ...(r.category ? { category: r.category } : {}),
      limit: r.limit,
    })),
  };
}

function definedOnly<T extends object>(o: T | undefined): Partial<{ [K in keyof T]: Exclude<T[K], undefined> }> {
  return Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined)) as Partial<{ [K in keyof T]: Exclude<T[K], undefined> }>;
}
