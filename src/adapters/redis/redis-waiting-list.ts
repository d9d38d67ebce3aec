// The waiting list as one Redis hash: callId -> JSON of the waiting call.
import type { Redis } from 'ioredis';
import type { WaitingCall } from '../../domain/acd/acd-types.js';
import type { WaitingList } from '../../ports/waiting-list.js';

/** Adds the callback id to an entry only if it is still there (numbers stay below 14 digits: ms times). */
const MARK_CALLBACK = `
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return 0 end
local entry = cjson.decode(raw)
entry['callbackId'] = ARGV[2]
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(entry))
return 1`;

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
