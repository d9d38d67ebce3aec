// Live call state in Redis: one JSON value per call, with a TTL so a call whose end was
// never seen cannot linger forever, plus a set of call ids for reconciliation. With `owner`,
// each save also records (with the same TTL) which app holds the call, for the other instances.
import type { Redis } from 'ioredis';
import { luaScript } from './lua-script.js';
import { readLua } from './read-lua.js';
import type { CallState } from '../../domain/call/call-flow-types.js';
import type { CallStateStore } from '../../ports/call/call-state-store.js';

const TTL_SECONDS = 24 * 3600;
/** A call's state saves many times a call: one script per save (lua/call-state-save.lua). */
const SAVE = luaScript(readLua(new URL('./lua/', import.meta.url), 'call-state-save'));

/** The shared "which app holds this call" record written along with each state (see redis-call-owners.ts). */
export interface CallOwnerRecord {
  app: string;
  key: (callId: string) => string;
}

export function createRedisCallStateStore(redis: Redis, prefix: string, owner?: CallOwnerRecord): CallStateStore {
  const key = (callId: string) => `${prefix}call:${callId}`;
  const index = `${prefix}calls`;
  return {
    async get(callId) {
      const raw = await redis.get(key(callId));
      return raw ? (JSON.parse(raw) as CallState) : null;
    },
    async save(state, ttlSeconds = TTL_SECONDS) {
      const json = JSON.stringify(state);
      if (owner) await SAVE.run(redis, 3, key(state.callId), index, owner.key(state.callId), state.callId, json, ttlSeconds, owner.app);
      else await SAVE.run(redis, 2, key(state.callId), index, state.callId, json, ttlSeconds);
    },
    async delete(callId) {
      const tx = redis.multi().del(key(callId)).srem(index, callId);
      if (owner) tx.del(owner.key(callId));
      await tx.exec();
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
