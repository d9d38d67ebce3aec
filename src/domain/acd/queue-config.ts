// A skill queue (技能组) as admins write it: required skills, caller priority, relaxation over the
// wait, limits and timings. `parseQueueConfig` checks one queue, `validateQueueSet` the set of them.
import { z } from 'zod';
import { displayName } from '../text/display-name-schema.js';

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const queueId = z.string().regex(KEBAB, 'must be kebab-case, e.g. "social-insurance"');
const skill = z.string().regex(KEBAB, 'must be kebab-case, e.g. "housing"');
const language = z.string().regex(/^[a-z]{2,3}(?:-[A-Za-z0-9]+)*$/, 'must be a language code, e.g. "zh", "yue", "en"');
const boost = z.int().min(0).max(1000);

const prioritySchema = z.strictObject({
  /** Every call of the queue starts here; higher is served first. */
  base: z.int().min(-1000).max(1000).default(0),
  /** Calls on the enterprise line (企业专线). */
  enterpriseLine: z.strictObject({ boost: boost.default(0) }).prefault({}),
  /** Numbers on a published list (e.g. registered elderly or disabled callers). */
  listedNumbers: z
    .strictObject({ numbers: z.array(z.string().regex(/^\d{3,20}$/, 'must be digits only')).default([]), boost: boost.default(0) })
    .prefault({}),
  /** A caller who already called within the window (a repeat request, 重复来电). */
  repeatCaller: z
    .strictObject({ withinHours: z.number().positive().max(24 * 31).default(24), boost: boost.default(0) })
    .prefault({}),
});

/** Applied once the call has waited `afterSeconds`; each rule adds to those before it. */
const relaxationSchema = z
  .strictObject({
    afterSeconds: z.int().positive(),
    /** Lowers every required minimum proficiency by this much more (never below 1). */
    lowerProficiencyBy: z.int().min(1).max(4).optional(),
    /** Skills accepted in place of the required ones, at the same minimum proficiency. */
    widenSkills: z.array(skill).min(1).optional(),
    /** Any agent may serve, whatever the languages they speak. */
    dropLanguage: z.boolean().optional(),
    /** The call may also be taken by agents of this queue (its requirement then applies). */
    overflowToQueue: queueId.optional(),
  })
  .refine((r) => r.lowerProficiencyBy !== undefined || r.widenSkills !== undefined || r.dropLanguage === true || r.overflowToQueue !== undefined, {
    message: 'a relaxation must lower proficiency, widen skills, drop the language or overflow',
  });

export const queueConfigSchema = z
  .strictObject({
    id: queueId,
    /** Shown to people, Chinese welcome: "社保医保". No control, bidi or zero-width characters. */
    name: displayName(64),
    requiredSkills: z.array(z.strictObject({ skill, minProficiency: z.int().min(1).max(5) })),
    /** The agent must speak one of these; absent means any language. */
    languages: z.array(language).min(1).optional(),
    priority: prioritySchema.prefault({}),
    relaxations: z.array(relaxationSchema).default([]),
    maxWaitSeconds: z.int().min(1).max(7200).default(600),
    maxLength: z.int().min(1).max(10_000).default(200),
    /** Position and expected wait announcements; 0 turns them off. */
    announcePeriodSeconds: z.int().min(0).max(600).default(30),
    musicClass: z.string().regex(/^[A-Za-z0-9_-]+$/, 'must be an Asterisk music class name').default('default'),
    wrapUpSeconds: z.int().min(0).max(600).default(15),
    ringTimeoutSeconds: z.int().min(5).max(120).default(15),
    /** Offer a callback (回拨) instead of waiting on; absent means never offered. */
    callbackOfferAfterSeconds: z.int().min(1).optional(),
  })
  .superRefine((q, ctx) => {
    const seen = new Set<string>();
    q.requiredSkills.forEach((r, i) => {
      if (seen.has(r.skill)) ctx.addIssue({ code: 'custom', path: ['requiredSkills', i, 'skill'], message: `"${r.skill}" is listed twice` });
      seen.add(r.skill);
    });
    let previous = 0;
    q.relaxations.forEach((r, i) => {
      const path = ['relaxations', i, 'afterSeconds'];
      if (r.afterSeconds <= previous) {
        ctx.addIssue({ code: 'custom', path, message: `must be later than the rule before (${previous} s)` });
      } else if (r.afterSeconds >= q.maxWaitSeconds) {
        ctx.addIssue({ code: 'custom', path, message: `never applies: maxWaitSeconds is ${q.maxWaitSeconds}` });
      }
      previous = Math.max(previous, r.afterSeconds);
    });
    if (q.callbackOfferAfterSeconds !== undefined && q.callbackOfferAfterSeconds >= q.maxWaitSeconds) {
      ctx.addIssue({ code: 'custom', path: ['callbackOfferAfterSeconds'], message: `never offered: maxWaitSeconds is ${q.maxWaitSeconds}` });
    }
  });

export type QueueConfig = z.infer<typeof queueConfigSchema>;
export type QueueConfigInput = z.input<typeof queueConfigSchema>;
export type PriorityRules = QueueConfig['priority'];
export type RelaxationRule = QueueConfig['relaxations'][number];

export type QueueConfigResult = { ok: true; value: QueueConfig } | { ok: false; problems: string[] };

/** "relaxations[1].afterSeconds" */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), '');
}

/** One queue, or every problem as "path: message". */
export function parseQueueConfig(input: unknown): QueueConfigResult {
  const result = queueConfigSchema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, problems: result.error.issues.map((i) => `${formatPath(i.path) || '(queue)'}: ${i.message}`) };
}

/** The set as a whole: unique ids, overflow targets that exist, no overflow cycle. Empty when fine. */
export function validateQueueSet(queues: readonly QueueConfig[]): string[] {
  const problems: string[] = [];
  const firstIndex = new Map<string, number>();
  queues.forEach((q, i) => {
    const first = firstIndex.get(q.id);
    if (first === undefined) firstIndex.set(q.id, i);
    else problems.push(`queues[${i}].id: "${q.id}" is already used by queues[${first}]`);
  });
  const targets = new Map<string, string[]>();
  queues.forEach((q, i) => {
    q.relaxations.forEach((r, j) => {
      if (r.overflowToQueue === undefined) return;
      if (!firstIndex.has(r.overflowToQueue)) {
        problems.push(`queues[${i}].relaxations[${j}].overflowToQueue: there is no queue "${r.overflowToQueue}"`);
        return;
      }
      targets.set(q.id, [...(targets.get(q.id) ?? []), r.overflowToQueue]);
    });
  });
  return [...problems, ...overflowCycles(targets).map((c) => `overflow cycle: ${c.join(' → ')}`)];
}

/** Each cycle once, as the ids along it with the first repeated at the end. */
function overflowCycles(targets: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles: string[][] = [];
  const done = new Set<string>();
  const stack: string[] = [];
  const visit = (id: string): void => {
    const at = stack.indexOf(id);
    if (at >= 0) {
      cycles.push([...stack.slice(at), id]);
      return;
    }
    if (done.has(id)) return;
    stack.push(id);
    for (const next of targets.get(id) ?? []) visit(next);
    stack.pop();
    done.add(id);
  };
  for (const id of targets.keys()) visit(id);
  return cycles;
}
