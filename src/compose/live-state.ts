// Live state in Redis, shared by the features: each instance keeps its calls' state under its ARI
// app name and records, shared, which app holds each call (the agent's call actions reach the
// others over the command bus); the agent pool, the agent states and the waiting list (one order
// for every instance's callers, each entry naming its instance) are shared by every instance.
// The pool and the call states count claims and answered calls for /metrics (compose/metrics.ts).
import type { Logger } from 'pino';
import { rebuildReadySets } from '../adapters/redis/acd/rebuild-ready-sets.js';
import { createRedisAgentPool } from '../adapters/redis/acd/redis-agent-pool.js';
import { createRedis } from '../adapters/redis/create-redis.js';
import { createRedisAgentStateStore } from '../adapters/redis/redis-agent-state-store.js';
import { createRedisCallCommandBus } from '../adapters/redis/redis-call-command-bus.js';
import { createRedisCallOwners } from '../adapters/redis/redis-call-owners.js';
import { createRedisCallStateStore } from '../adapters/redis/redis-call-state-store.js';
import { createRedisWaitingList, moveInstanceWaitingList } from '../adapters/redis/redis-waiting-list.js';
import { ensureZsetListpackEntries } from '../adapters/redis/zset-encoding.js';
import type { Config } from '../config.js';
import { buildMetrics } from './metrics.js';

export function buildLiveState(config: Config, logger: Logger) {
  const redis = createRedis(config.REDIS_URL, logger);
  const instancePrefix = `${config.REDIS_PREFIX}${config.ARI_APP}:`;
  const callOwners = createRedisCallOwners(redis, config.REDIS_PREFIX);
  const commandBus = createRedisCallCommandBus({ redis, redisPrefix: config.REDIS_PREFIX, logger });
  // an instance silent for a few ticks is taken as gone: its callers keep their place, unserved, until it is back
  const waiting = createRedisWaitingList(redis, config.REDIS_PREFIX, {
    instance: config.ARI_APP,
    aliveMs: Math.max(10_000, 10 * config.ACD_TICK_MS),
    turnMs: Math.max(5_000, 5 * config.ACD_TICK_MS),
  });
  const agentStates = createRedisAgentStateStore(redis, config.REDIS_PREFIX);
  const metrics = buildMetrics({
    pool: createRedisAgentPool(redis, config.REDIS_PREFIX),
    calls: createRedisCallStateStore(redis, instancePrefix, callOwners.recordAs(config.ARI_APP)),
    waiting,
    agentStates,
    logger,
  });
  return {
    name: 'live state (Redis)',
    redis,
    callOwners,
    commandBus,
    calls: metrics.calls,
    pool: metrics.pool,
    agentStates,
    /** GET /metrics (Prometheus). */
    metrics: metrics.router,
    waiting,
    ping: async () => (await redis.ping()) === 'PONG',
    start() {
      const wanted = config.REDIS_ZSET_LISTPACK_ENTRIES;
      if (wanted !== 'keep') {
        void ensureZsetListpackEntries(redis, wanted).then((outcome) => {
          if (outcome.kind === 'lowered') logger.info(outcome, 'redis: sorted sets above this size kept as skip lists (agent ready sets)');
          if (outcome.kind === 'refused') logger.warn(outcome, `redis refused CONFIG: set ${outcome.parameter} ${wanted} in its configuration (agent claims cost more Redis CPU without it)`);
        });
      }
      // callers left in this instance's own list by a version before the list was shared
      void moveInstanceWaitingList(redis, config.REDIS_PREFIX, config.ARI_APP).then(
        (moved) => moved && logger.info({ moved }, "callers of this instance's former waiting list moved to the shared list"),
        (err: unknown) => logger.warn({ err }, "could not move this instance's former waiting list"),
      );
      // agents ready since a version before the per-proficiency ready sets are put into them (idempotent)
      void rebuildReadySets(redis, config.REDIS_PREFIX).then(
        ({ readyAgents, added }) => added > 0 && logger.info({ readyAgents, added }, 'ready agents put into the ready sets of their proficiencies'),
        (err: unknown) => logger.warn({ err }, 'could not rebuild the ready sets'),
      );
    },
    async stop() {
      await commandBus.close();
      redis.disconnect();
    },
  };
}

export type LiveState = ReturnType<typeof buildLiveState>;
