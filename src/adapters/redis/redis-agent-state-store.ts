// Agent states as one Redis hash: agentId -> JSON of the state.
import type { Redis } from 'ioredis';
import type { AgentState } from '../../domain/agent/agent-types.js';
import type { AgentStateStore } from '../../ports/agent/agent-state-store.js';

export function createRedisAgentStateStore(redis: Redis, prefix: string): AgentStateStore {
  const key = `${prefix}agent-states`;
  return {
    async get(agentId) {
      const raw = await redis.hget(key, agentId);
      return raw ? (JSON.parse(raw) as AgentState) : null;
    },
    async save(agentId, state) {
      await redis.hset(key, agentId, JSON.stringify(state));
    },
    async remove(agentId) {
      await redis.hdel(key, agentId);
    },
    async all() {
      const raw = await redis.hgetall(key);
      return Object.fromEntries(Object.entries(raw).map(([id, v]) => [id, JSON.parse(v) as AgentState]));
    },
  };
}
