// The deadline policy: the statutory defaults, the rules of a policy file on top, and a bad
// file reported with its file name, line and field.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DEADLINE_POLICY,
  DeadlinePolicyFileError,
  limitFor,
  parseDeadlinePolicyFile,
  type DeadlineLimit,
  type PolicySubject,
} from '../../../src/domain/work-order/deadline-policy.js';
import type { DeadlineKind } from '../../../src/domain/work-order/work-order-types.js';

const subject = (over: Partial<PolicySubject> = {}): PolicySubject => ({
  type: 'help',
  urgency: 'normal',
  categoryCode: 'city.roads.potholes',
  timeClass: 'general',
  ...over,
});

describe('defaults', () => {
  it.each<[string, DeadlineKind, Partial<PolicySubject>, DeadlineLimit]>([
    ['dispatch of an emergency (紧急) order: 1 h', 'dispatch', { urgency: 'emergency' }, { hours: 1 }],
    ['dispatch of an urgent (加急) order: 2 h', 'dispatch', { urgency: 'urgent' }, { hours: 2 }],
    ['dispatch of a normal (一般) order: 24 h', 'dispatch', { urgency: 'normal' }, { hours: 24 }],
    ['sign: 1 working day', 'sign', { urgency: 'emergency' }, { workingDays: 1 }],
    ['reply, life and property: 2 h', 'reply', { timeClass: 'life_property' }, { hours: 2 }],
    ['reply, water/power/gas/heating: 24 h', 'reply', { timeClass: 'utilities' }, { hours: 24 }],
    ['reply, general: 7 working days', 'reply', { timeClass: 'general' }, { workingDays: 7 }],
    ['reply, complex: 15 working days', 'reply', { timeClass: 'complex' }, { workingDays: 15 }],
    ['reply, a category without a class: general', 'reply', { timeClass: null }, { workingDays: 7 }],
  ])('%s', (_what, kind, over, limit) => {
    expect(limitFor(DEFAULT_DEADLINE_POLICY, kind, subject(over))).toEqual(limit);
  });
});

describe('rules of the policy file', () => {
  const policy = parseDeadlinePolicyFile(
    'p.json',
    JSON.stringify({
      dispatch: { normal: { hours: 12 } },
      rules: [
        { kind: 'reply', type: 'complaint', limit: { workingDays: 5 } },
        { kind: 'reply', category: 'utilities', limit: { hours: 12 } },
        { kind: 'reply', category: 'utilities.water', limit: { hours: 6 } },
        { kind: 'reply', category: 'utilities.water', urgency: 'emergency', limit: { hours: 1 } },
        { kind: 'sign', urgency: 'emergency', limit: { hours: 0.5 } },
      ],
    }),
  );
  it.each<[string, DeadlineKind, Partial<PolicySubject>, DeadlineLimit]>([
    ['a section value replaces its default', 'dispatch', { urgency: 'normal' }, { hours: 12 }],
    ['the other defaults stay', 'dispatch', { urgency: 'urgent' }, { hours: 2 }],
    ['a rule by type', 'reply', { type: 'complaint' }, { workingDays: 5 }],
    ['a rule by category matches its children', 'reply', { categoryCode: 'utilities.power.outage', timeClass: 'utilities' }, { hours: 12 }],
    ['the deeper category wins', 'reply', { categoryCode: 'utilities.water.outage', timeClass: 'utilities' }, { hours: 6 }],
    ['a category beats a type', 'reply', { type: 'complaint', categoryCode: 'utilities.water' }, { hours: 6 }],
    ['category and urgency beat category alone', 'reply', { urgency: 'emergency', categoryCode: 'utilities.water.outage' }, { hours: 1 }],
    ['a prefix that is not a parent does not match', 'reply', { categoryCode: 'utilities_other' }, { workingDays: 7 }],
    ['a rule by urgency for signing', 'sign', { urgency: 'emergency' }, { hours: 0.5 }],
    ['no rule: the default', 'sign', { urgency: 'urgent' }, { workingDays: 1 }],
  ])('%s', (_what, kind, over, limit) => {
    expect(limitFor(policy, kind, subject(over))).toEqual(limit);
  });
});

describe('the policy file', () => {
  it('the shipped dialplans/work-order-deadlines.json is the defaults', () => {
    const file = 'dialplans/work-order-deadlines.json';
    expect(parseDeadlinePolicyFile(file, readFileSync(file, 'utf8'))).toEqual(DEFAULT_DEADLINE_POLICY);
  });

  const problemsOf = (text: string) => {
    try {
      parseDeadlinePolicyFile('deadlines.json', text);
    } catch (err) {
      expect(err).toBeInstanceOf(DeadlinePolicyFileError);
      return { problems: (err as DeadlinePolicyFileError).problems, message: (err as Error).message };
    }
    throw new Error('the file was accepted');
  };

  it('a bad value names the file, its line and the field', () => {
    const text = ['{', '  "sign": { "workingDays": 1 },', '  "rules": [', '    { "kind": "reply", "limit": { "workingDays": 7 } },', '    { "kind": "reply", "limit": { "hours": -2 } }', '  ]', '}'].join('\n');
    const { problems, message } = problemsOf(text);
    expect(problems).toEqual([{ line: 5, column: 44, field: 'rules[1].limit.hours', message: 'must be more than 0' }]);
    expect(message).toContain('deadlines.json:5:44: rules[1].limit.hours: must be more than 0');
  });

  it('an unknown field is reported at its own line', () => {
    const { problems } = problemsOf('{\n  "dispatch": {\n    "normal": { "hours": 24 },\n    "urgnet": { "hours": 2 }\n  }\n}');
    expect(problems).toEqual([{ line: 4, column: 15, field: 'dispatch.urgnet', message: 'unknown field "urgnet"' }]);
  });

  it('a limit with both units, a bad urgency, a fractional working day: each named', () => {
    const text = '{"rules": [\n{"kind": "reply", "limit": {"hours": 1, "workingDays": 2}},\n{"kind": "sign", "urgency": "high", "limit": {"workingDays": 1.5}}\n]}';
    const { problems } = problemsOf(text);
    expect(problems.map((p) => [p.line, p.field])).toEqual([
      [2, 'rules[0].limit'],
      [3, 'rules[1].urgency'],
      [3, 'rules[1].limit.workingDays'],
    ]);
    expect(problems[0]?.message).toMatch(/exactly one of "hours" and "workingDays"/);
  });

  it('broken JSON names the line and column', () => {
    const { problems } = problemsOf('{\n  "sign": { "workingDays": 1 },\n}');
    expect(problems).toEqual([{ line: 3, column: 1, field: '', message: expect.stringMatching(/not valid JSON: a comma before "}"/) }]);
  });

  it('a duplicated key is refused (JSON.parse would keep the last silently)', () => {
    const { problems } = problemsOf('{\n"sign": {"workingDays": 1},\n"sign": {"workingDays": 2}\n}');
    expect(problems[0]).toMatchObject({ line: 3, column: 1, message: expect.stringMatching(/"sign" appears twice/) });
  });
});
