// The agent pool in Redis, shared by every app instance. Each change is one Lua script, so a
// claim reads the candidates, picks one and reserves it with no other client in between.
// Key layout and the Redis Cluster hash tag: acd-keys.ts.
import type { Redis } from 'ioredis';
import { AgentStates, type AgentPool, type AgentSkills, type AgentSnapshot } from '../../../ports/acd/agent-pool.js';
import { acdKeys } from './acd-keys.js';
import { AgentPoolInputError } from './agent-pool-input-error.js';
import { luaScript } from '../lua-script.js';
import { acdScript } from './lua-common.js';
import { createReleaseQueue } from './release-queue.js';
import { checkId, checkReadiness, checkTime, checkUnavailableState, toScriptArguments } from './validate-agent-pool-input.js';

export interface RedisAgentPoolOptions {
  /** Candidates the claim script reads per ZRANGE after the first two of each set; it reads on until one qualifies. */
  claimWindow?: number;
}

/** The scripts (lua/<name>.lua: keys, arguments and replies are described there), read once at start, run by SHA1. */
const scripts = {
  setAgentReady: luaScript(acdScript('set-agent-ready')),
  setAgentUnavailable: luaScript(acdScript('set-agent-unavailable')),
  claimAgent: luaScript(acdScript('claim-select', 'claim-agent')),
  claimAgents: luaScript(acdScript('claim-select', 'claim-agents')),
  releaseAgents: luaScript(acdScript('release-agents')),
  removeAgent: luaScript(acdScript('remove-agent')),
};

export function createRedisAgentPool(redis: Redis, prefix: string, options: RedisAgentPoolOptions = {}): AgentPool {
  const keys = acdKeys(prefix);
  const window = options.claimWindow ?? 64;
  if (!Number.isInteger(window) || window < 1) throw new Error(`claimWindow must be a positive integer, got ${window}`);
  const releases = createReleaseQueue(async (args) => (await scripts.releaseAgents.run(redis, 1, keys.index, ...args)) as number[]);
  // Every other command of the pool first sends the releases made before it (release-queue.ts).
  const afterReleases = () => releases.flush();

  return {
    async setAgentReady(agentId, readiness) {
      afterReleases();
      const { skills, languages, readySince } = checkReadiness(readiness);
      const done = await scripts.setAgentReady.run(redis, 1, keys.index, checkId('agentId', agentId), JSON.stringify(skills), JSON.stringify(languages), String(readySince));
      return done === 1;
    },

    async setAgentUnavailable(agentId, state) {
      afterReleases();
      const dropped = (await scripts.setAgentUnavailable.run(redis, 1, keys.index, checkId('agentId', agentId), checkUnavailableState(state))) as string | null;
      return { droppedCallId: dropped ?? null };
    },

    async claimAgent({ callId, requirement, now }) {
      afterReleases();
      const id = checkId('callId', callId);
      const reply = (await scripts.claimAgent.run(
        redis, 2, keys.index, keys.call(id), id, String(checkTime('now', now)), String(window), ...toScriptArguments(requirement),
      )) as [string, string] | null;
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
      const reply = (await scripts.claimAgents.run(redis, 1, keys.index, String(checkTime('now', now)), String(window), ...args)) as (string | number)[];
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
      const dropped = (await scripts.removeAgent.run(redis, 1, keys.index, checkId('agentId', agentId), ...skills)) as string | null;
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
