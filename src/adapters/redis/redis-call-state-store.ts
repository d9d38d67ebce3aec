// Live call state in Redis: one JSON value per call, with a TTL so a call whose end was
// never seen cannot linger forever, plus a set of call ids for reconciliation.
import type { Redis } from 'ioredis';
import type { CallState } from '../../domain/call/call-flow-types.js';
import type { CallStateStore } from '../../ports/call-state-store.js';

const TTL_SECONDS = 24 * 3600;

export function createRedisCallStateStore(redis: Redis, prefix: string): CallStateStore {
  const key = (callId: string) => `${prefix}call:${callId}`;
  const index = `${prefix}calls`;
  return {
    async get(callId) {
      const raw = await redis.get(key(callId));
      return raw ? (JSON.parse(raw) as CallState) : null;
    },
    async save(state, ttlSeconds = TTL_SECONDS) {
      await redis.multi().set(key(state.callId), JSON.stringify(state), 'EX', ttlSeconds).sadd(index, state.callId).exec();
    },
    async delete(callId) {
      await redis.multi().del(key(callId)).srem(index, callId).exec();
    },
    async listCallIds() {
      const ids = await redis.smembers(index);
      const alive: string[] = [];
      for (const id of ids) {
        if (await redis.exists(key(id))) alive.push(id);
        else await redis.srem(index, id);
      }
      return alive;
    },
  };
}
