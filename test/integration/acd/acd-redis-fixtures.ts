// Redis for the agent pool tests: connections made by the app's own factory, a random key
// prefix per test, and removal of every key under it afterwards.
import { randomBytes } from 'node:crypto';
import { createLogger } from '../../../src/adapters/log/create-logger.js';
import { createRedis } from '../../../src/adapters/redis/create-redis.js';

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
