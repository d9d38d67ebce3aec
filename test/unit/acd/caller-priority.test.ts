import { describe, expect, it } from 'vitest';
import { callerPriority, normalizeNumber, type CallerFacts } from '../../../src/domain/acd/caller-priority.js';
import type { PriorityRules } from '../../../src/domain/acd/queue-config.js';
import { queue, T0 } from './acd-fixtures.js';

const HOUR = 3_600_000;
const rules: PriorityRules = queue({
  id: 'housing',
  priority: { base: 10, enterpriseLine: { boost: 50 }, listedNumbers: { numbers: ['13800138000', '01062345678'], boost: 30 }, repeatCaller: { boost: 20 } },
}).priority;

const facts = (over: Partial<CallerFacts> = {}): CallerFacts => ({
  callerNumber: '13912345678',
  isEnterpriseLine: false,
  now: T0,
  previousCallTimes: [],
  ...over,
});

describe('callerPriority', () => {
  it.each([
    ['an ordinary first-time caller', facts(), 10, []],
    ['the enterprise line', facts({ isEnterpriseLine: true }), 60, [{ code: 'enterprise_line', boost: 50 }]],
    ['a listed mobile number', facts({ callerNumber: '13800138000' }), 40, [{ code: 'listed_number', boost: 30 }]],
    ['a listed number with +86 and spaces', facts({ callerNumber: '+86 138 0013 8000' }), 40, [{ code: 'listed_number', boost: 30 }]],
    ['a listed landline', facts({ callerNumber: '010-62345678' }), 40, [{ code: 'listed_number', boost: 30 }]],
    ['a number that only ends like a listed one', facts({ callerNumber: '38000138000' }), 10, []],
    [
      'a caller who called 23 h ago',
      facts({ previousCallTimes: [T0 - 23 * HOUR] }),
      30,
      [{ code: 'repeat_caller', boost: 20, withinHours: 24, earlierCalls: 1, lastCallAt: T0 - 23 * HOUR }],
    ],
    [
      'a caller who called exactly 24 h ago',
      facts({ previousCallTimes: [T0 - 24 * HOUR] }),
      30,
      [{ code: 'repeat_caller', boost: 20, withinHours: 24, earlierCalls: 1, lastCallAt: T0 - 24 * HOUR }],
    ],
    ['a caller who called 25 h ago', facts({ previousCallTimes: [T0 - 25 * HOUR] }), 10, []],
    ['an earlier call time in the future (clock skew)', facts({ previousCallTimes: [T0 + HOUR] }), 10, []],
    [
      'three earlier calls, two in the window',
      facts({ previousCallTimes: [T0 - 2 * HOUR, T0 - 30 * HOUR, T0 - 5 * HOUR] }),
      30,
      [{ code: 'repeat_caller', boost: 20, withinHours: 24, earlierCalls: 2, lastCallAt: T0 - 2 * HOUR }],
    ],
    [
      'everything at once',
      facts({ isEnterpriseLine: true, callerNumber: '13800138000', previousCallTimes: [T0 - HOUR] }),
      110,
      [
        { code: 'enterprise_line', boost: 50 },
        { code: 'listed_number', boost: 30 },
        { code: 'repeat_caller', boost: 20, withinHours: 24, earlierCalls: 1, lastCallAt: T0 - HOUR },
      ],
    ],
  ])('%s', (_name, input, priority, reasons) => {
    expect(callerPriority(input, rules)).toEqual({ priority, reasons });
  });

  it('a 48 h window counts a call 25 h ago', () => {
    const wide = queue({ id: 'q', priority: { repeatCaller: { withinHours: 48, boost: 7 } } }).priority;
    expect(callerPriority(facts({ previousCallTimes: [T0 - 25 * HOUR] }), wide).priority).toBe(7);
  });

  it('a rule with no boost gives no reason', () => {
    const none = queue({ id: 'q', priority: { base: 3 } }).priority;
    const all = facts({ isEnterpriseLine: true, previousCallTimes: [T0 - HOUR] });
    expect(callerPriority(all, none)).toEqual({ priority: 3, reasons: [] });
  });
});

describe('normalizeNumber', () => {
  it.each([
    ['13800138000', '13800138000'],
    ['+8613800138000', '13800138000'],
    ['008613800138000', '13800138000'],
    ['(010) 6234-5678', '01062345678'],
    ['8610623456', '8610623456'], // not a mobile number after 86: left as dialled
    ['anonymous', ''],
  ])('%s -> %s', (input, expected) => {
    expect(normalizeNumber(input)).toBe(expected);
  });
});
