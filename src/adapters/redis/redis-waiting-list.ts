// The waiting list as one Redis hash: callId -> JSON of the waiting call.
import type { Redis } from 'ioredis';
import type { WaitingCall } from '../../domain/acd/acd-types.js';
import type { WaitingList } from '../../ports/waiting-list.js';

export function createRedisWaitingList(redis: Redis, prefix: string): WaitingList {
  const key = `${prefix}waiting`;
  return {
    async add(call) {
      await redis.hset(key, call.callId, JSON.stringify(call));
    },
    async remove(callId) {
      await redis.hdel(key, callId);
    },
    async list() {
      const all = await redis.hgetall(key);
      return Object.values(all).map((v) => JSON.parse(v) as WaitingCall);
    },
  };
}
