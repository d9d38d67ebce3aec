// Redis for the agent pool tests: connections made by the app's own factory, a random key
// prefix per test, and removal of every key under it afterwards; or all three with the pool per test.
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach } from 'vitest';
import { createLogger } from '../../../src/adapters/log/create-logger.js';
import { createRedisAgentPool } from '../../../src/adapters/redis/acd/redis-agent-pool.js';
import { createRedis } from '../../../src/adapters/redis/create-redis.js';
import type { AgentPool } from '../../../src/ports/acd/agent-pool.js';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export type RedisConnection = ReturnType<typeof createRedis>;

export function connectRedis(): RedisConnection {
  return createRedis(TEST_REDIS_URL, createLogger('silent'));
}

export function randomPrefix(): string {
  return `test:acd:${randomBytes(6).toString('hex')}:`;
}

/** Deletes every key under the prefix; returns how many there were. */
export async function deleteKeys(redis: RedisConnection, prefix: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    if (keys.length > 0) deleted += await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
  return deleted;
}

export interface PoolFixture {
  redis: RedisConnection;
  prefix: string;
  pool: AgentPool;
}

/**
 * For each test of the describe it is called in: a connection, a random prefix and the agent pool
 * on them, handed to `use`; afterwards every key under the prefix is removed and the connection closed.
 */
export function poolPerTest(use: (fixture: PoolFixture) => void): void {
  let current: PoolFixture | null = null;
  beforeEach(() => {
    const redis = connectRedis();
    const prefix = randomPrefix();
    current = { redis, prefix, pool: createRedisAgentPool(redis, prefix) };
    use(current);
  });
  afterEach(async () => {
    if (!current) return;
    await deleteKeys(current.redis, current.prefix);
    await current.redis.quit();
    current = null;
  });
}
