// Random agents' skills and callers' requirements for the agent-pool tests that compare the Lua
// claims with a reference (or with each other) on many seeded random pools.
import type { CallRequirement, SkillNeed } from '../../../src/ports/acd/agent-pool.js';
import { prng } from '../../support/seeded-random.js';

export const SKILLS = ['tax', 'housing', 'social', 'traffic', 'water', 'power'];
export const LANGUAGES = ['zh', 'yue', 'en'];

export function randomDraws(seed: number) {
  const random = prng(seed);
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  const sample = <T>(items: readonly T[], n: number): T[] => [...items].sort(() => random() - 0.5).slice(0, n);
  const randomNeed = (): SkillNeed => {
    const [skill, ...alternatives] = sample(SKILLS, 1 + (random() < 0.3 ? 1 + int(2) : 0)) as [string, ...string[]];
    return alternatives.length > 0 ? { skill, minProficiency: 1 + int(5), alternatives } : { skill, minProficiency: 1 + int(5) };
  };
  const randomRequirement = (): CallRequirement => {
    const skills = Array.from({ length: random() < 0.25 ? 2 : 1 }, randomNeed);
    return random() < 0.4 ? { skills, language: pick(LANGUAGES) } : { skills };
  };
  return { random, int, pick, sample, randomRequirement };
}
