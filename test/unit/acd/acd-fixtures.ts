// Builders shared by the ACD unit tests.
import type { AcdAgent, Proficiency, Requirement } from '../../../src/domain/acd/acd-types.js';
import { queueConfigSchema, type QueueConfig, type QueueConfigInput } from '../../../src/domain/acd/queue-config.js';
import type { AgentState } from '../../../src/domain/agent/agent-types.js';

export const T0 = 1_763_798_400_000; // 2025-11-22T08:00:00Z in ms
export const sec = (s: number): number => T0 + s * 1000;

export function queue(input: Partial<QueueConfigInput> & Pick<QueueConfigInput, 'id'>): QueueConfig {
  return queueConfigSchema.parse({ name: input.id, requiredSkills: [], ...input });
}

export function agent(
  agentId: string,
  skills: Record<string, Proficiency>,
  opts: { readySince?: number; languages?: string[]; state?: AgentState; deviceReachable?: boolean } = {},
): AcdAgent {
  const since = opts.readySince ?? T0;
  return {
    agentId,
    skills,
    languages: opts.languages ?? ['zh'],
    state: opts.state ?? { status: 'ready', since },
    readySince: since,
    ...(opts.deviceReachable === undefined ? {} : { deviceReachable: opts.deviceReachable }),
  };
}

export function requirement(skills: Record<string, number>, extra: Partial<Requirement> = {}): Requirement {
  return {
    queueId: 'q',
    skills: Object.entries(skills).map(([skill, minProficiency]) => ({ skill, minProficiency })),
    alternativeSkills: [],
    languages: null,
    overflow: null,
    ...extra,
  };
}
