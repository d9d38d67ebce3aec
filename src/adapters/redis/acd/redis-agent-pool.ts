// The agent pool in Redis, shared by every app instance. Each change is one Lua script, so a
// claim reads the candidates, picks one and reserves it with no other client in between.
// Key layout and the Redis Cluster hash tag: acd-keys.ts.
import type { Redis } from 'ioredis';
import { AgentStates, type AgentPool, type AgentSkills, type AgentSnapshot } from '../../../ports/acd/agent-pool.js';
import { acdKeys } from './acd-keys.js';
import { AgentPoolInputError } from './agent-pool-input-error.js';
import { acdScript } from './lua-common.js';
import { createReleaseQueue } from './release-queue.js';
import { checkId, checkReadiness, checkTime, checkUnavailableState, toScriptArguments } from './validate-agent-pool-input.js';

export interface RedisAgentPoolOptions {
  /** Candidates the claim script reads per ZRANGE after the first two of each set; it reads on until one qualifies. */
  claimWindow?: number;
}

type Reply<T> = Promise<T>;
interface AcdCommands {
  acdSetAgentReady(index: string, agentId: string, skills: string, languages: string, readySince: string): Reply<number>;
  acdSetAgentUnavailable(index: string, agentId: string, state: string): Reply<string | null>;
  acdClaimAgent(index: string, callKey: string, callId: string, now: string, window: string, ...requirement: string[]): Reply<[string, string] | null>;
  acdClaimAgents(index: string, now: string, window: string, ...callers: string[]): Reply<(string | number)[]>;
  acdReleaseAgents(index: string, ...releases: string[]): Reply<number[]>;
  acdRemoveAgent(index: string, agentId: string, ...skills: string[]): Reply<string | null>;
}

/** The scripts (lua/<name>.lua: keys, arguments and replies are described there), read once at start. */
const scripts = {
  acdSetAgentReady: { numberOfKeys: 1, lua: acdScript('set-agent-ready') },
  acdSetAgentUnavailable: { numberOfKeys: 1, lua: acdScript('set-agent-unavailable') },
  acdClaimAgent: { numberOfKeys: 2, lua: acdScript('claim-select', 'claim-agent') },
  acdClaimAgents: { numberOfKeys: 1, lua: acdScript('claim-select', 'claim-agents') },
  acdReleaseAgents: { numberOfKeys: 1, lua: acdScript('release-agents') },
  acdRemoveAgent: { numberOfKeys: 1, lua: acdScript('remove-agent') },
} as const;

/** Defines the scripts on the connection (idempotent) and returns them typed. */
function acdCommands(redis: Redis): AcdCommands {
  for (const [name, definition] of Object.entries(scripts)) {
    if (!(name in redis)) redis.defineCommand(name, definition);
  }
  return redis as unknown as AcdCommands;
}

export function createRedisAgentPool(redis: Redis, prefix: string, options: RedisAgentPoolOptions = {}): AgentPool {
  const keys = acdKeys(prefix);
  const commands = acdCommands(redis);
  const window = options.claimWindow ?? 64;
  if (!Number.isInteger(window) || window < 1) throw new Error(`claimWindow must be a positive integer, got ${window}`);
  const releases = createReleaseQueue((args) => commands.acdReleaseAgents(keys.index, ...args));
  // Every other command of the pool first sends the releases made before it (release-queue.ts).
  const afterReleases = () => releases.flush();

  return {
    async setAgentReady(agentId, readiness) {
      afterReleases();
      const { skills, languages, readySince } = checkReadiness(readiness);
      const done = await commands.acdSetAgentReady(keys.index, checkId('agentId', agentId), JSON.stringify(skills), JSON.stringify(languages), String(readySince));
      return done === 1;
    },

    async setAgentUnavailable(agentId, state) {
      afterReleases();
      const dropped = await commands.acdSetAgentUnavailable(keys.index, checkId('agentId', agentId), checkUnavailableState(state));
      return { droppedCallId: dropped ?? null };
    },

    async claimAgent({ callId, requirement, now }) {
      afterReleases();
      const id = checkId('callId', callId);
      const reply = await commands.acdClaimAgent(
        keys.index, keys.call(id), id, String(checkTime('now', now)), String(window), ...toScriptArguments(requirement),
      );
      return reply ? { agentId: reply[0] } : null;
    },

    async claimAgents({ callers, now }) {
      afterReleases();
      if (!Array.isArray(callers)) throw new AgentPoolInputError('callers must be an array');
      if (callers.length === 0) return [];
      const args: string[] = [];
      for (const { callId, requirements } of callers) {
        if (!Array.isArray(requirements)) throw new AgentPoolInputError('requirements must be an array');
        args.push(checkId('callId', callId), String(requirements.length));
        for (const requirement of requirements) {
          const scriptArguments = toScriptArguments(requirement);
          args.push(String(scriptArguments.length), ...scriptArguments);
        }
      }
      const reply = await commands.acdClaimAgents(keys.index, String(checkTime('now', now)), String(window), ...args);
      return callers.map((_, i) => {
        const agentId = String(reply[2 * i]);
        const matched = Number(reply[2 * i + 1]);
        return agentId === '' || matched === 0 ? null : { agentId, requirementIndex: matched - 1 };
      });
    },

    async releaseAgent(agentId, callId, { backToReady, now, state }) {
      const other = state === undefined ? 'not-ready' : checkUnavailableState(state);
      return releases.add([checkId('agentId', agentId), checkId('callId', callId), backToReady ? '1' : '0', String(checkTime('now', now)), other]);
    },

    async removeAgent(agentId, skills = []) {
      afterReleases();
      if (!Array.isArray(skills) || !skills.every((s) => typeof s === 'string' && s.length > 0)) {
        throw new AgentPoolInputError('skills must be an array of non-empty strings');
      }
      const dropped = await commands.acdRemoveAgent(keys.index, checkId('agentId', agentId), ...skills);
      return { droppedCallId: dropped ?? null };
    },

    async reservationOf(callId) {
      afterReleases();
      const agentId = await redis.get(keys.call(checkId('callId', callId)));
      return agentId === null ? null : { agentId };
    },

    async agentState(agentId) {
      afterReleases();
      const fields = await redis.hgetall(keys.agent(checkId('agentId', agentId)));
      if (fields.state === undefined) return null;
      return toSnapshot(agentId, fields);
    },

    async countByState() {
      afterReleases();
      // The index names the agents; each state is in the agent's own hash (acd-keys.ts).
      const agentIds = await redis.hkeys(keys.index);
      const pipeline = redis.pipeline();
      for (const agentId of agentIds) pipeline.hget(keys.agent(agentId), 'state');
      const counts: Record<string, number> = {};
      for (const [err, state] of (await pipeline.exec()) ?? []) {
        if (err) throw err;
        if (typeof state === 'string') counts[state] = (counts[state] ?? 0) + 1;
      }
      return counts;
    },
  };
}

function toSnapshot(agentId: string, fields: Record<string, string>): AgentSnapshot {
  const state = fields.state ?? 'unknown';
  return {
    agentId,
    state,
    skills: fields.skills ? (JSON.parse(fields.skills) as AgentSkills) : {},
    languages: fields.languages ? (JSON.parse(fields.languages) as string[]) : [],
    readySince: state === AgentStates.ready && fields.readySince !== undefined ? Number(fields.readySince) : null,
    callId: state === AgentStates.reserved ? (fields.callId ?? null) : null,
  };
}
