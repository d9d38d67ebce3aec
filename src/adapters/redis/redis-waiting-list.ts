// The waiting list as one Redis hash: callId -> JSON of the waiting call.
import type { Redis } from 'ioredis';
import type { WaitingCall } from '../../domain/acd/acd-types.js';
import type { WaitingList } from '../../ports/acd/waiting-list.js';
import { readLua } from './read-lua.js';

/** Adds the callback id to an entry only if it is still there: lua/mark-callback.lua. */
const MARK_CALLBACK = readLua(new URL('./lua/', import.meta.url), 'mark-callback');

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
    async get(callId) {
      const raw = await redis.hget(key, callId);
      return raw ? (JSON.parse(raw) as WaitingCall) : null;
    },
    async markCallback(callId, callbackId) {
      return (await redis.eval(MARK_CALLBACK, 1, key, callId, callbackId)) === 1;
    },
  };
}
