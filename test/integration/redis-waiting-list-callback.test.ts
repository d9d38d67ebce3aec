// A caller's waiting-list entry on the real Redis becomes a callback without losing its place.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRedisWaitingList } from '../../src/adapters/redis/redis-waiting-list.js';
import type { WaitingList } from '../../src/ports/acd/waiting-list.js';
import { connectRedis, deleteKeys, randomPrefix, type RedisConnection } from './acd/acd-redis-fixtures.js';

describe('waiting list: marking a callback', () => {
  let redis: RedisConnection;
  let prefix: string;
  let waiting: WaitingList;

  beforeEach(() => {
    redis = connectRedis();
    prefix = randomPrefix();
    waiting = createRedisWaitingList(redis, prefix);
  });
  afterEach(async () => {
    await deleteKeys(redis, prefix);
    await redis.quit();
  });

  it('keeps queuedAt and priority to the millisecond and adds the callback id', async () => {
    const entry = { callId: '1763800000.42', queueId: 'general', priority: 120, queuedAt: 1_763_800_014_537 };
    await waiting.add(entry);
    expect(await waiting.markCallback(entry.callId, 'abcdef012345')).toBe(true);
    expect(await waiting.get(entry.callId)).toEqual({ ...entry, callbackId: 'abcdef012345' });
    expect(await waiting.list()).toEqual([{ ...entry, callbackId: 'abcdef012345' }]);
  });

  it('changes nothing when the entry is gone (the ACD took the call a moment before)', async () => {
    expect(await waiting.markCallback('1763800000.43', 'abcdef012345')).toBe(false);
    expect(await waiting.list()).toEqual([]);
    expect(await waiting.get('1763800000.43')).toBeNull();
  });
});
