// Which app instance holds each live call, in Redis under the hotline's shared prefix:
// `<REDIS_PREFIX>call-app:<callId>` → ARI app name. Each instance's call state store writes it
// with every save (same TTL as the state, so it goes when the ended call's state goes); any
// instance reads it, and reads the owning app's state under `<REDIS_PREFIX><app>:`.
import type { Redis } from 'ioredis';
import type { CallOwners } from '../../ports/call/call-owners.js';
import type { CallStateStore } from '../../ports/call/call-state-store.js';
import { createRedisCallStateStore, type CallOwnerRecord } from './redis-call-state-store.js';

export interface RedisCallOwners extends CallOwners {
  /** What an app's own call state store writes with each save (createRedisCallStateStore's `owner`). */
  recordAs(app: string): CallOwnerRecord;
}

export function createRedisCallOwners(redis: Redis, redisPrefix: string): RedisCallOwners {
  const key = (callId: string) => `${redisPrefix}call-app:${callId}`;
  const stores = new Map<string, CallStateStore>();
  const storeOf = (app: string) => {
    let store = stores.get(app);
    if (!store) {
      store = createRedisCallStateStore(redis, `${redisPrefix}${app}:`);
      stores.set(app, store);
    }
    return store;
  };
  return {
    ownerOf: (callId) => redis.get(key(callId)),
    stateIn: (app, callId) => storeOf(app).get(callId),
    recordAs: (app) => ({ app, key }),
  };
}
