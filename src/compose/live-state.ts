// Live state in Redis, shared by the features: each instance keeps its calls' state under its ARI
// app name and records, shared, which app holds each call (the agent's call actions reach the
// others over the command bus); the agent pool and agent states are shared by every instance,
// waiting callers are per instance.
import type { Logger } from 'pino';
import { createRedisAgentPool } from '../adapters/redis/acd/redis-agent-pool.js';
import { createRedis } from '../adapters/redis/create-redis.js';
import { createRedisAgentStateStore } from '../adapters/redis/redis-agent-state-store.js';
import { createRedisCallCommandBus } from '../adapters/redis/redis-call-command-bus.js';
import { createRedisCallOwners } from '../adapters/redis/redis-call-owners.js';
import { createRedisCallStateStore } from '../adapters/redis/redis-call-state-store.js';
import { createRedisWaitingList } from '../adapters/redis/redis-waiting-list.js';
import type { Config } from '../config.js';

export function buildLiveState(config: Config, logger: Logger) {
  const redis = createRedis(config.REDIS_URL, logger);
  const instancePrefix = `${config.REDIS_PREFIX}${config.ARI_APP}:`;
  const callOwners = createRedisCallOwners(redis, config.REDIS_PREFIX);
  const commandBus = createRedisCallCommandBus({ redis, redisPrefix: config.REDIS_PREFIX, logger });
  return {
    name: 'live state (Redis)',
    redis,
    callOwners,
    commandBus,
    calls: createRedisCallStateStore(redis, instancePrefix, callOwners.recordAs(config.ARI_APP)),
    pool: createRedisAgentPool(redis, config.REDIS_PREFIX),
    agentStates: createRedisAgentStateStore(redis, config.REDIS_PREFIX),
    waiting: createRedisWaitingList(redis, instancePrefix),
    ping: async () => (await redis.ping()) === 'PONG',
    async stop() {
      await commandBus.close();
      redis.disconnect();
    },
  };
}

export type LiveState = ReturnType<typeof buildLiveState>;
