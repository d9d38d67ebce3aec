// The live call state on a real Redis of the test's own (it flushes the server's scripts): each
// save is one script run by its SHA1, writing the state with its TTL, the index of calls and,
// with an owner, the owner record; a server that lost its scripts (restart, SCRIPT FLUSH) loads
// the script again on the next save and nothing is lost.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisCallStateStore } from '../../src/adapters/redis/redis-call-state-store.js';
import { createCallState } from '../../src/domain/call/call-flow.js';
import { startPrivateRedis, type PrivateRedis } from '../support/private-redis.js';

describe('call state store on Redis', () => {
  let server: PrivateRedis;
  let redis: Redis;
  const call = (callId: string) => createCallState({ callId, callerChannelId: callId, callerNumber: '13800138000', dialedNumber: '12345', queueId: 'general' });

  beforeAll(async () => {
    server = await startPrivateRedis();
    redis = new Redis(server.url, { maxRetriesPerRequest: 1 });
  });
  afterAll(() => {
    redis?.disconnect();
    server?.stop();
  });

  it('saves the state with its TTL, the index and the owner in one command, and deletes them together', async () => {
    const owner = { app: 'hotline-a', key: (id: string) => `owners:${id}` };
    const store = createRedisCallStateStore(redis, 'a:', owner);
    await redis.config('RESETSTAT');
    await store.save({ ...call('1764900000.1'), phase: 'with_agent' }, 600);
    const stats = await redis.info('commandstats');
    expect(stats).toMatch(/cmdstat_evalsha:calls=1,/);
    expect(stats).not.toMatch(/cmdstat_multi|cmdstat_exec/);

    expect(await store.get('1764900000.1')).toMatchObject({ callId: '1764900000.1', phase: 'with_agent' });
    expect(await redis.ttl('a:call:1764900000.1')).toBeGreaterThan(590);
    expect(await redis.smembers('a:calls')).toEqual(['1764900000.1']);
    expect(await redis.get('owners:1764900000.1')).toBe('hotline-a');
    expect(await redis.ttl('owners:1764900000.1')).toBeGreaterThan(590);
    expect(await store.listCallIds()).toEqual(['1764900000.1']);

    await store.delete('1764900000.1');
    expect(await store.get('1764900000.1')).toBeNull();
    expect(await redis.exists('a:calls', 'owners:1764900000.1')).toBe(0);
  });

  it('without an owner writes the state and the index only', async () => {
    const store = createRedisCallStateStore(redis, 'b:');
    await store.save(call('1764900000.2'));
    expect(await redis.smembers('b:calls')).toEqual(['1764900000.2']);
    expect(await redis.keys('owners:*')).toEqual([]);
    expect(await redis.ttl('b:call:1764900000.2')).toBeGreaterThan(24 * 3600 - 10);
  });

  it('after the server forgot its scripts, the next save loads the script again and is kept', async () => {
    const store = createRedisCallStateStore(redis, 'c:');
    await store.save(call('1764900000.3'));
    await redis.script('FLUSH');
    await redis.config('RESETSTAT');
    await store.save({ ...call('1764900000.3'), phase: 'rating' });
    expect(await store.get('1764900000.3')).toMatchObject({ phase: 'rating' });
    const stats = await redis.info('commandstats');
    expect(stats).toMatch(/cmdstat_eval:calls=1,/); // the text sent once after NOSCRIPT
    await store.save({ ...call('1764900000.3'), phase: 'ended' });
    expect(await redis.info('commandstats')).toMatch(/cmdstat_eval:calls=1,/);
    expect(await store.get('1764900000.3')).toMatchObject({ phase: 'ended' });
  });
});
