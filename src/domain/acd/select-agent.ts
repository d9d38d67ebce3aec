// Which agent takes a call: among the agents who meet the requirement and can be offered a call,
// the one idle longest; ties go to the more skilled, then to the lower agent id (deterministic).
import { isOfferable } from '../agent/agent-state.js';
import type { AcdAgent, Requirement, SkillNeed } from './acd-types.js';

/** The agent's level for one need: the skill itself or the best accepted alternative; 0 if none. */
function levelFor(agent: AcdAgent, need: SkillNeed, alternatives: readonly string[]): number {
  return Math.max(0, ...[need.skill, ...alternatives].map((s) => agent.skills[s] ?? 0));
}

/** Skills and language only; whether the agent is free is selectAgent's concern. */
export function meetsRequirement(agent: AcdAgent, requirement: Requirement): boolean {
  const skilled = requirement.skills.every((need) => levelFor(agent, need, requirement.alternativeSkills) >= need.minProficiency);
  const languages = requirement.languages;
  return skilled && (languages === null || agent.languages.some((l) => languages.includes(l)));
}

/** The agents whose skills and languages meet the requirement, whatever their state. */
export function eligibleAgents(agents: readonly AcdAgent[], requirement: Requirement): AcdAgent[] {
  return agents.filter((a) => meetsRequirement(a, requirement));
}

/**
 * Tie-break score: the SUM over the required skills of the agent's level in each (its best
 * accepted alternative counting when higher), so an agent strong in every required skill beats
 * one strong in a single skill. With one required skill, sum and max are the same.
 */
export function skillScore(agent: AcdAgent, requirement: Requirement): number {
  return requirement.skills.reduce((sum, need) => sum + levelFor(agent, need, requirement.alternativeSkills), 0);
}

const idleSince = (agent: AcdAgent): number => agent.readySince ?? agent.state.since;

/** Longest idle first (earliest readySince), then the higher skill score, then the lower agent id. */
export function compareCandidates(a: AcdAgent, b: AcdAgent, requirement: Requirement): number {
  return (
    idleSince(a) - idleSince(b) ||
    skillScore(b, requirement) - skillScore(a, requirement) ||
    (a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0)
  );
}

/** The agent to offer the call to, or null when no eligible agent is ready with a reachable device. */
export function selectAgent(candidates: readonly AcdAgent[], requirement: Requirement): AcdAgent | null {
  const free = eligibleAgents(candidates, requirement).filter((a) =>
    isOfferable(a.state, { deviceReachable: a.deviceReachable ?? true }),
  );
  return free.sort((a, b) => compareCandidates(a, b, requirement))[0] ?? null;
}
