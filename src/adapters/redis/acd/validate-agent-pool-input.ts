// Checks what the agent pool is given, so the Lua scripts only ever see well-formed values.
import { AgentStates, type AgentReadiness, type CallRequirement } from '../../../ports/acd/agent-pool.js';
import { AgentPoolInputError } from './agent-pool-input-error.js';

const isProficiency = (n: unknown): n is number => Number.isInteger(n) && (n as number) >= 1 && (n as number) <= 5;
const isName = (s: unknown): s is string => typeof s === 'string' && s.length > 0;

export function checkId(what: string, id: unknown): string {
  if (!isName(id)) throw new AgentPoolInputError(`${what} must be a non-empty string`);
  return id;
}

export function checkTime(what: string, ms: unknown): number {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) throw new AgentPoolInputError(`${what} must be a finite number of ms`);
  return ms;
}

export function checkReadiness(readiness: AgentReadiness): AgentReadiness {
  const { skills, languages, readySince } = readiness;
  if (typeof skills !== 'object' || skills === null || Array.isArray(skills)) throw new AgentPoolInputError('skills must be an object of skill → proficiency');
  for (const [skill, proficiency] of Object.entries(skills)) {
    if (!isName(skill)) throw new AgentPoolInputError('a skill name must be a non-empty string');
    if (!isProficiency(proficiency)) throw new AgentPoolInputError(`proficiency of ${skill} must be an integer 1–5, got ${String(proficiency)}`);
  }
  if (!Array.isArray(languages) || !languages.every(isName)) throw new AgentPoolInputError('languages must be an array of non-empty strings');
  return { skills, languages, readySince: checkTime('readySince', readySince) };
}

export function checkUnavailableState(state: unknown): string {
  const name = checkId('state', state);
  if (name === AgentStates.ready || name === AgentStates.reserved) {
    throw new AgentPoolInputError(`state ${name} is set by setAgentReady / claimAgent, not here`);
  }
  return name;
}

/**
 * The requirement as the claim script reads it, a plain argument list: the language ('' for any),
 * then each need as its minimum proficiency, its number of skills and the skills (the need's
 * skill first, then its alternatives).
 */
export function toScriptArguments(requirement: CallRequirement): string[] {
  const { skills, language } = requirement;
  if (!Array.isArray(skills) || skills.length === 0) throw new AgentPoolInputError('a requirement needs at least one skill');
  if (language !== undefined && !isName(language)) throw new AgentPoolInputError('language must be a non-empty string when given');
  const args = [language ?? ''];
  for (const need of skills) {
    if (!isName(need.skill)) throw new AgentPoolInputError('a required skill must be a non-empty string');
    if (!isProficiency(need.minProficiency)) throw new AgentPoolInputError(`minProficiency of ${need.skill} must be an integer 1–5`);
    const alternatives = need.alternatives ?? [];
    if (!Array.isArray(alternatives) || !alternatives.every(isName)) throw new AgentPoolInputError(`alternatives of ${need.skill} must be non-empty strings`);
    const names = [...new Set([need.skill, ...alternatives])];
    args.push(String(need.minProficiency), String(names.length), ...names);
  }
  return args;
}
