// What a waiting call asks of an agent after waiting so long: the queue's skills, minus every
// relaxation whose threshold has passed, plus the overflow queues it may now also be served from.
import type { Requirement } from './acd-types.js';
import type { QueueConfig } from './queue-config.js';

/**
 * The queue's requirement after `waitedSeconds`. A rule applies from the second it names on
 * (inclusive). Rules add up: proficiency lowerings sum (never below 1), widened skills and a dropped
 * language accumulate; the latest overflow rule passed names the overflow queue.
 */
export function effectiveRequirements(queue: QueueConfig, waitedSeconds: number): Requirement {
  const passed = queue.relaxations.filter((r) => waitedSeconds >= r.afterSeconds);
  const lowerBy = passed.reduce((sum, r) => sum + (r.lowerProficiencyBy ?? 0), 0);
  const alternatives = new Set(passed.flatMap((r) => r.widenSkills ?? []));
  const languageDropped = passed.some((r) => r.dropLanguage === true);
  const overflowRule = passed.filter((r) => r.overflowToQueue !== undefined).at(-1);
  return {
    queueId: queue.id,
    skills: queue.requiredSkills.map((s) => ({ skill: s.skill, minProficiency: Math.max(1, s.minProficiency - lowerBy) })),
    alternativeSkills: [...alternatives],
    languages: queue.languages && !languageDropped ? [...queue.languages] : null,
    overflow:
      overflowRule?.overflowToQueue !== undefined
        ? { queueId: overflowRule.overflowToQueue, afterSeconds: overflowRule.afterSeconds }
        : null,
  };
}

/**
 * The call's own requirement first, then each overflow queue's, in the order the call overflowed.
 * An overflow queue's relaxations count from the moment the call overflowed into it.
 * Unknown queues end the chain; a cycle (rejected by validateQueueSet) is cut, not followed.
 */
export function requirementChain(
  queueId: string,
  waitedSeconds: number,
  queues: ReadonlyMap<string, QueueConfig>,
): Requirement[] {
  const chain: Requirement[] = [];
  const visited = new Set<string>();
  let queue = queues.get(queueId);
  let waited = waitedSeconds;
  while (queue && !visited.has(queue.id)) {
    visited.add(queue.id);
    const requirement = effectiveRequirements(queue, waited);
    chain.push(requirement);
    if (!requirement.overflow) break;
    waited -= requirement.overflow.afterSeconds;
    queue = queues.get(requirement.overflow.queueId);
  }
  return chain;
}
