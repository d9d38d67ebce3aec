// Which app instance holds a call, on the real Redis: written with every save of the call's
// state by the owning app's store, with the same TTL, removed with it; any instance reads it
// and the owning app's state.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRedisCallOwners, type RedisCallOwners } from '../../../src/adapters/redis/redis-call-owners.js';
import { createRedisCallStateStore } from '../../../src/adapters/redis/redis-call-state-store.js';
import { createCallState } from '../../../src/domain/call/call-flow.js';
import type { CallStateStore } from '../../../src/ports/call/call-state-store.js';
import { connectRedis, deleteKeys, randomPrefix, type RedisConnection } from '../acd/acd-redis-fixtures.js';

describe('call owners on Redis', () => {
  let redis: RedisConnection;
  let prefix: string;
  let owners: RedisCallOwners;
  let statesA: CallStateStore;
  let statesB: CallStateStore;
  const call = (callId: string) => createCallState({ callId, callerChannelId: callId, callerNumber: '13800138000', dialedNumber: '12345', queueId: 'general' });

  beforeEach(() => {
    redis = connectRedis();
    prefix = randomPrefix();
    owners = createRedisCallOwners(redis, prefix);
    statesA = createRedisCallStateStore(redis, `${prefix}hotline:`, owners.recordAs('hotline'));
    statesB = createRedisCallStateStore(redis, `${prefix}hotline-b:`, owners.recordAs('hotline-b'));
  });
  afterEach(async () => {
    await deleteKeys(redis, prefix);
    await redis.quit();
  });

  it('names the app whose store saved the call and reads that app state', async () => {
    await statesA.save(call('1763800000.1'));
    await statesB.save({ ...call('1763800000.2'), phase: 'with_agent', onHold: true });
    expect(await owners.ownerOf('1763800000.1')).toBe('hotline');
    expect(await owners.ownerOf('1763800000.2')).toBe('hotline-b');
    expect(await owners.ownerOf('1763800000.3')).toBeNull();
    expect(await owners.stateIn('hotline-b', '1763800000.2')).toMatchObject({ phase: 'with_agent', onHold: true });
    expect(await owners.stateIn('hotline', '1763800000.2')).toBeNull();
    // the app's own store keeps its calls to itself
    expect(await statesA.get('1763800000.2')).toBeNull();
  });

  it('keeps the record as long as the state: a day while live, briefly once ended, gone with it', async () => {
    await statesA.save(call('1763800000.4'));
    const ttl = (k: string) => redis.ttl(k);
    expect(await ttl(`${prefix}call-app:1763800000.4`)).toBeGreaterThan(24 * 3600 - 60);
    await statesA.save({ ...call('1763800000.4'), phase: 'ended' }, 120);
    expect(await ttl(`${prefix}call-app:1763800000.4`)).toBeLessThanOrEqual(120);
    expect(await ttl(`${prefix}call-app:1763800000.4`)).toBe(await ttl(`${prefix}hotline:call:1763800000.4`));
    await statesA.delete('1763800000.4');
    expect(await owners.ownerOf('1763800000.4')).toBeNull();
  });

  it('writes no record from a store without an owner (e.g. a reader of another app)', async () => {
    await createRedisCallStateStore(redis, `${prefix}hotline-c:`).save(call('1763800000.5'));
    expect(await owners.ownerOf('1763800000.5')).toBeNull();
  });
});
