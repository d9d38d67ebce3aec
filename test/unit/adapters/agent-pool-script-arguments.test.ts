// The claim script's arguments: a plain list (no JSON to decode in Lua), and the ready-set keys
// the scripts build, with the {acd} hash tag.
import { describe, expect, it } from 'vitest';
import { acdKeys } from '../../../src/adapters/redis/acd/acd-keys.js';
import { AgentPoolInputError } from '../../../src/adapters/redis/acd/agent-pool-input-error.js';
import { toScriptArguments } from '../../../src/adapters/redis/acd/validate-agent-pool-input.js';

describe('claim script arguments', () => {
  it('list the language, then each need as minimum, number of skills, skills (alternatives once each)', () => {
    expect(toScriptArguments({ skills: [{ skill: 'tax', minProficiency: 3 }] })).toEqual(['', '3', '1', 'tax']);
    expect(toScriptArguments({
      skills: [{ skill: 'housing', minProficiency: 2, alternatives: ['property', 'housing'] }, { skill: 'social', minProficiency: 1 }],
      language: 'yue',
    })).toEqual(['yue', '2', '2', 'housing', 'property', '1', '1', 'social']);
  });

  it('refuse a bad requirement', () => {
    expect(() => toScriptArguments({ skills: [] })).toThrow(AgentPoolInputError);
    expect(() => toScriptArguments({ skills: [{ skill: 'tax', minProficiency: 6 }] })).toThrow(/minProficiency/);
    expect(() => toScriptArguments({ skills: [{ skill: '', minProficiency: 1 }] })).toThrow(/skill/);
    expect(() => toScriptArguments({ skills: [{ skill: 'tax', minProficiency: 1, alternatives: [''] }] })).toThrow(/alternatives/);
    expect(() => toScriptArguments({ skills: [{ skill: 'tax', minProficiency: 1 }], language: '' })).toThrow(/language/);
  });
});

describe('ready-set keys', () => {
  it('the set for any proficiency is ready:<skill>, for minimum 2–5 ready<m>:<skill>, all in the {acd} slot', () => {
    const keys = acdKeys('hotline:');
    expect(keys.ready('tax')).toBe('hotline:{acd}:ready:tax');
    expect(keys.ready('tax', 1)).toBe('hotline:{acd}:ready:tax');
    expect(keys.ready('tax', 4)).toBe('hotline:{acd}:ready4:tax');
    expect(keys.ready('3:tax')).not.toBe(keys.ready('tax', 3));
  });
});
