import { describe, expect, it } from 'vitest';
import { effectiveRequirements, requirementChain } from '../../../src/domain/acd/requirements.js';
import type { QueueConfig } from '../../../src/domain/acd/queue-config.js';
import { queue } from './acd-fixtures.js';

const housing = queue({
  id: 'housing',
  requiredSkills: [
    { skill: 'housing', minProficiency: 4 },
    { skill: 'tax', minProficiency: 2 },
  ],
  languages: ['zh', 'yue'],
  relaxations: [
    { afterSeconds: 30, lowerProficiencyBy: 1 },
    { afterSeconds: 60, widenSkills: ['general', 'finance'] },
    { afterSeconds: 90, dropLanguage: true, widenSkills: ['general'] },
    { afterSeconds: 120, lowerProficiencyBy: 2, overflowToQueue: 'general' },
  ],
});

describe('effectiveRequirements', () => {
  it.each([
    [0, { housing: 4, tax: 2 }, [], ['zh', 'yue'], null],
    [29.9, { housing: 4, tax: 2 }, [], ['zh', 'yue'], null],
    [30, { housing: 3, tax: 1 }, [], ['zh', 'yue'], null],
    [59, { housing: 3, tax: 1 }, [], ['zh', 'yue'], null],
    [60, { housing: 3, tax: 1 }, ['general', 'finance'], ['zh', 'yue'], null],
    [90, { housing: 3, tax: 1 }, ['general', 'finance'], null, null],
    [120, { housing: 1, tax: 1 }, ['general', 'finance'], null, { queueId: 'general', afterSeconds: 120 }],
    [3600, { housing: 1, tax: 1 }, ['general', 'finance'], null, { queueId: 'general', afterSeconds: 120 }],
  ])('after %s s: skills %j, alternatives %j, languages %j, overflow %j', (waited, skills, alternatives, languages, overflow) => {
    expect(effectiveRequirements(housing, waited)).toEqual({
      queueId: 'housing',
      skills: Object.entries(skills).map(([skill, minProficiency]) => ({ skill, minProficiency })),
      alternativeSkills: alternatives,
      languages,
      overflow,
    });
  });

  it('a queue that sets no language asks for none', () => {
    expect(effectiveRequirements(queue({ id: 'general' }), 0).languages).toBeNull();
  });

  it('the latest overflow rule passed names the overflow queue', () => {
    const q = queue({
      id: 'a',
      relaxations: [
        { afterSeconds: 60, overflowToQueue: 'b' },
        { afterSeconds: 180, overflowToQueue: 'c' },
      ],
    });
    expect([59, 60, 179, 180].map((s) => effectiveRequirements(q, s).overflow?.queueId ?? null)).toEqual([null, 'b', 'b', 'c']);
  });
});

describe('requirementChain', () => {
  const byId = (...qs: QueueConfig[]) => new Map(qs.map((q) => [q.id, q]));
  const a = queue({ id: 'a', requiredSkills: [{ skill: 'a', minProficiency: 3 }], relaxations: [{ afterSeconds: 60, overflowToQueue: 'b' }] });
  const b = queue({
    id: 'b',
    requiredSkills: [{ skill: 'b', minProficiency: 3 }],
    relaxations: [
      { afterSeconds: 20, lowerProficiencyBy: 1 },
      { afterSeconds: 30, overflowToQueue: 'c' },
    ],
  });
  const c = queue({ id: 'c', requiredSkills: [{ skill: 'c', minProficiency: 2 }] });

  it.each([
    [59, [['a', 3]]],
    [60, [['a', 3], ['b', 3]]],
    [80, [['a', 3], ['b', 2]]],
    [95, [['a', 3], ['b', 2], ['c', 2]]],
  ])('after %s s the call may be served by %j (queue, min proficiency)', (waited, expected) => {
    const chain = requirementChain('a', waited, byId(a, b, c));
    expect(chain.map((r) => [r.queueId, r.skills[0]?.minProficiency])).toEqual(expected);
  });

  it('ends at an unknown queue and cuts a cycle', () => {
    expect(requirementChain('a', 100, byId(a)).map((r) => r.queueId)).toEqual(['a']);
    expect(requirementChain('nowhere', 100, byId(a, b, c))).toEqual([]);
    const back = queue({ id: 'b', relaxations: [{ afterSeconds: 10, overflowToQueue: 'a' }] });
    expect(requirementChain('a', 500, byId(a, back)).map((r) => r.queueId)).toEqual(['a', 'b']);
  });
});
