// The claim rule written the plain way, to check the Lua script against: every ready agent that
// meets each need (skill or alternative at the minimum proficiency) and the language, ordered by
// readySince, then the best proficiency in the first need (higher first), then id in byte order.
import type { AgentSkills, CallRequirement, SkillNeed } from '../../../src/ports/acd/agent-pool.js';

export interface ReferenceAgent {
  agentId: string;
  state: string;
  skills: AgentSkills;
  languages: string[];
  readySince: number;
}

function proficiencyFor(skills: AgentSkills, need: SkillNeed): number | null {
  const options = [need.skill, ...(need.alternatives ?? [])]
    .map((skill) => skills[skill])
    .filter((p): p is number => p !== undefined && p >= need.minProficiency);
  return options.length > 0 ? Math.max(...options) : null;
}

export function referenceChoice(agents: Iterable<ReferenceAgent>, requirement: CallRequirement): string | null {
  const [first, ...rest] = requirement.skills;
  if (!first) throw new Error('a requirement needs a skill');
  const eligible: Array<{ agent: ReferenceAgent; proficiency: number }> = [];
  for (const agent of agents) {
    if (agent.state !== 'ready') continue;
    const proficiency = proficiencyFor(agent.skills, first);
    if (proficiency === null) continue;
    if (rest.some((need) => proficiencyFor(agent.skills, need) === null)) continue;
    if (requirement.language !== undefined && !agent.languages.includes(requirement.language)) continue;
    eligible.push({ agent, proficiency });
  }
  eligible.sort((a, b) =>
    a.agent.readySince - b.agent.readySince
    || b.proficiency - a.proficiency
    || Buffer.compare(Buffer.from(a.agent.agentId), Buffer.from(b.agent.agentId)));
  return eligible[0]?.agent.agentId ?? null;
}
