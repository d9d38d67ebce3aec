// One ioredis connection with the settings our use needs: commands fail fast while Redis is
// down (no unbounded offline queue), reconnect forever with a capped delay.
import { Redis } from 'ioredis';
import type { Logger } from 'pino';

export function createRedis(url: string, logger: Logger): Redis {
  const log = logger.child({ component: 'redis' });
  const redis = new Redis(url, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: true,
    retryStrategy: (times) => Math.min(times * 200, 5_000),
    lazyConnect: false,
  });
  let wasUp = false;
  redis.on('ready', () => {
    wasUp = true;
    log.info('redis ready');
  });
  redis.on('error', (err: Error) => {
    if (wasUp) log.warn({ err: err.message }, 'redis error');
  });
  redis.on('end', () => log.warn('redis connection ended'));
  return redis;
}
