import { describe, expect, it } from 'vitest';
import { parseQueueConfig, validateQueueSet } from '../../../src/domain/acd/queue-config.js';
import { queue } from './acd-fixtures.js';

const housing = {
  id: 'housing',
  name: '住房保障',
  requiredSkills: [{ skill: 'housing', minProficiency: 3 }],
  languages: ['zh'],
  priority: { base: 10, enterpriseLine: { boost: 50 }, listedNumbers: { numbers: ['13800138000'], boost: 30 }, repeatCaller: { boost: 20 } },
  relaxations: [
    { afterSeconds: 30, lowerProficiencyBy: 1 },
    { afterSeconds: 60, widenSkills: ['general'], dropLanguage: true },
    { afterSeconds: 120, overflowToQueue: 'general' },
  ],
  maxWaitSeconds: 600,
  callbackOfferAfterSeconds: 90,
};

describe('parseQueueConfig', () => {
  it('accepts a queue with a Chinese name and fills the defaults', () => {
    const r = parseQueueConfig({ id: 'social-insurance', name: '社保医保', requiredSkills: [{ skill: 'social-insurance', minProficiency: 2 }] });
    expect(r).toEqual({
      ok: true,
      value: {
        id: 'social-insurance',
        name: '社保医保',
        requiredSkills: [{ skill: 'social-insurance', minProficiency: 2 }],
        priority: {
          base: 0,
          enterpriseLine: { boost: 0 },
          listedNumbers: { numbers: [], boost: 0 },
          repeatCaller: { withinHours: 24, boost: 0 },
        },
        relaxations: [],
        maxWaitSeconds: 600,
        maxLength: 200,
        announcePeriodSeconds: 30,
        musicClass: 'default',
        wrapUpSeconds: 15,
        ringTimeoutSeconds: 15,
      },
    });
  });

  it('keeps what the admin wrote', () => {
    const r = parseQueueConfig(housing);
    if (!r.ok) throw new Error(r.problems.join('; '));
    expect(r.value.priority.repeatCaller).toEqual({ withinHours: 24, boost: 20 });
    expect(r.value.relaxations[1]).toEqual({ afterSeconds: 60, widenSkills: ['general'], dropLanguage: true });
    expect(r.value.callbackOfferAfterSeconds).toBe(90);
  });

  it.each([
    ['a queue id that is not kebab-case', { id: 'Housing_Queue' }, 'id: must be kebab-case, e.g. "social-insurance"'],
    ['an empty name', { name: '  ' }, 'name: must not be empty'],
    ['a name with a right-to-left override', { name: '社保\u202E医保' }, 'name: must not contain U+202E (a bidirectional control character)'],
    ['a name with a zero-width space', { name: '社保\u200B医保' }, 'name: must not contain U+200B (a zero-width character)'],
    ['a name ending in a line separator', { name: '社保医保\u2028' }, 'name: must not contain U+2028 (a line or paragraph separator)'],
    ['a proficiency above 5', { requiredSkills: [{ skill: 'housing', minProficiency: 6 }] }, /^requiredSkills\[0\]\.minProficiency: .*<=5/],
    ['a skill twice', { requiredSkills: [{ skill: 'housing', minProficiency: 3 }, { skill: 'housing', minProficiency: 2 }] }, 'requiredSkills[1].skill: "housing" is listed twice'],
    ['a language name instead of a code', { languages: ['Chinese'] }, 'languages[0]: must be a language code, e.g. "zh", "yue", "en"'],
    ['a listed number with dashes', { priority: { listedNumbers: { numbers: ['12345', '138-0013-8000'], boost: 5 } } }, 'priority.listedNumbers.numbers[1]: must be digits only'],
    ['lowering proficiency by 5', { relaxations: [{ afterSeconds: 30, lowerProficiencyBy: 5 }] }, /^relaxations\[0\]\.lowerProficiencyBy: .*<=4/],
    ['a relaxation that relaxes nothing', { relaxations: [{ afterSeconds: 30 }] }, 'relaxations[0]: a relaxation must lower proficiency, widen skills, drop the language or overflow'],
    [
      'relaxations out of order',
      { relaxations: [{ afterSeconds: 60, dropLanguage: true }, { afterSeconds: 30, lowerProficiencyBy: 1 }] },
      'relaxations[1].afterSeconds: must be later than the rule before (60 s)',
    ],
    ['a relaxation after the longest wait', { maxWaitSeconds: 300, relaxations: [{ afterSeconds: 300, dropLanguage: true }] }, 'relaxations[0].afterSeconds: never applies: maxWaitSeconds is 300'],
    ['an overflow to a bad id', { relaxations: [{ afterSeconds: 30, overflowToQueue: 'General Queue' }] }, 'relaxations[0].overflowToQueue: must be kebab-case, e.g. "social-insurance"'],
    ['a callback offer after the longest wait', { maxWaitSeconds: 300, callbackOfferAfterSeconds: 400 }, 'callbackOfferAfterSeconds: never offered: maxWaitSeconds is 300'],
    ['a ring timeout of 2 s', { ringTimeoutSeconds: 2 }, /^ringTimeoutSeconds: .*>=5/],
    ['a misspelt key', { maxWaitSecond: 300 }, '(queue): Unrecognized key: "maxWaitSecond"'],
  ])('names the path of %s', (_name, change, expected) => {
    const r = parseQueueConfig({ ...housing, ...change });
    expect(r.ok).toBe(false);
    const problems = r.ok ? [] : r.problems;
    expect(problems).toHaveLength(1);
    if (typeof expected === 'string') expect(problems[0]).toBe(expected);
    else expect(problems[0]).toMatch(expected);
  });

  it('lists every problem at once', () => {
    const r = parseQueueConfig({ id: 'x', name: '', requiredSkills: 'housing', wrapUpSeconds: -1 });
    expect(r.ok ? [] : r.problems.map((p) => p.split(':')[0])).toEqual(['name', 'requiredSkills', 'wrapUpSeconds']);
  });

  it('rejects something that is not an object', () => {
    const r = parseQueueConfig(null);
    expect(r.ok ? [] : r.problems).toEqual([expect.stringMatching(/^\(queue\): /)]);
  });
});

describe('validateQueueSet', () => {
  const overflowTo = (target: string, afterSeconds = 60) => [{ afterSeconds, overflowToQueue: target }];

  it('accepts a chain of overflows without a cycle', () => {
    const set = [queue({ id: 'a', relaxations: overflowTo('b') }), queue({ id: 'b', relaxations: overflowTo('c') }), queue({ id: 'c' })];
    expect(validateQueueSet(set)).toEqual([]);
  });

  it.each([
    ['a repeated id', [queue({ id: 'a' }), queue({ id: 'b' }), queue({ id: 'a' })], ['queues[2].id: "a" is already used by queues[0]']],
    ['an overflow to nowhere', [queue({ id: 'a', relaxations: overflowTo('nowhere') })], ['queues[0].relaxations[0].overflowToQueue: there is no queue "nowhere"']],
    ['a queue overflowing to itself', [queue({ id: 'a', relaxations: overflowTo('a') })], ['overflow cycle: a → a']],
    ['a two-queue cycle', [queue({ id: 'a', relaxations: overflowTo('b') }), queue({ id: 'b', relaxations: overflowTo('a') })], ['overflow cycle: a → b → a']],
    [
      'a three-queue cycle behind a later rule',
      [
        queue({ id: 'a', relaxations: [{ afterSeconds: 30, dropLanguage: true }, ...overflowTo('b', 90)] }),
        queue({ id: 'b', relaxations: overflowTo('c') }),
        queue({ id: 'c', relaxations: overflowTo('a') }),
        queue({ id: 'd', relaxations: overflowTo('a') }),
      ],
      ['overflow cycle: a → b → c → a'],
    ],
  ])('reports %s', (_name, set, expected) => {
    expect(validateQueueSet(set)).toEqual(expected);
  });
});
