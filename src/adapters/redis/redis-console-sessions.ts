// The ConsoleSessionStore port on Redis, shared by every app instance under REDIS_PREFIX:
//   <prefix>console:session:<key>          hash userId, csrfToken, createdAt, lastSeenAt (ms); PEXPIRE = what is left
//   <prefix>console:user-sessions:<userId> set of the user's session keys (to end them all)
//   <prefix>console:login-failures:<name>  failed logins in a row; PEXPIRE renewed by each failure
//   <prefix>console:address-failures:<bucket>  failed logins from a client address; PEXPIRE set by the first (a fixed window)
import type { Redis } from 'ioredis';
import type { ConsoleSessionStore, StoredSession } from '../../ports/access/console-session-store.js';

/** The longest a user's set of sessions is kept after its last new session (longer than any session lives). */
const USER_SET_TTL_MS = 7 * 24 * 3600 * 1000;

export function createRedisConsoleSessions(redis: Redis, prefix: string): ConsoleSessionStore {
  const sessionKey = (key: string) => `${prefix}console:session:${key}`;
  const userKey = (userId: string) => `${prefix}console:user-sessions:${userId}`;
  const failureKey = (username: string) => `${prefix}console:login-failures:${username}`;
  const addressKey = (bucket: string) => `${prefix}console:address-failures:${bucket}`;

  return {
    async create(key, s, ttlMs) {
      await redis
        .multi()
        .hset(sessionKey(key), { userId: s.userId, csrfToken: s.csrfToken, createdAt: String(s.createdAt.getTime()), lastSeenAt: String(s.lastSeenAt.getTime()) })
        .pexpire(sessionKey(key), Math.max(1, ttlMs))
        .sadd(userKey(s.userId), key)
        .pexpire(userKey(s.userId), USER_SET_TTL_MS)
        .exec();
    },

    async get(key) {
      const h = await redis.hgetall(sessionKey(key));
      if (!h.userId || !h.csrfToken || !h.createdAt || !h.lastSeenAt) return null;
      return { userId: h.userId, csrfToken: h.csrfToken, createdAt: new Date(Number(h.createdAt)), lastSeenAt: new Date(Number(h.lastSeenAt)) } satisfies StoredSession;
    },

    async touch(key, at, ttlMs) {
      // only a session that still exists is renewed (XX: never brings back one that just ended)
      const k = sessionKey(key);
      const renewed = await redis.pexpire(k, Math.max(1, ttlMs), 'XX');
      if (renewed === 1) await redis.hset(k, 'lastSeenAt', String(at.getTime()));
    },

    async remove(key) {
      const userId = await redis.hget(sessionKey(key), 'userId');
      await redis.del(sessionKey(key));
      if (userId) await redis.srem(userKey(userId), key);
    },

    async removeAllOf(userId) {
      const keys = await redis.smembers(userKey(userId));
      const removed = keys.length > 0 ? await redis.del(...keys.map(sessionKey)) : 0;
      await redis.del(userKey(userId));
      return removed;
    },

    async failures(username) {
      const [count, ttl] = await Promise.all([redis.get(failureKey(username)), redis.pttl(failureKey(username))]);
      return { count: Number(count ?? 0), remainingMs: Math.max(0, ttl) };
    },

    async countFailure(username, forgetAfterMs) {
      const result = await redis.multi().incr(failureKey(username)).pexpire(failureKey(username), Math.max(1, forgetAfterMs)).exec();
      const [err, count] = result?.[0] ?? [new Error('no answer from Redis'), 0];
      if (err) throw err;
      return Number(count);
    },

    async clearFailures(username) {
      await redis.del(failureKey(username));
    },

    async addressFailures(bucket) {
      const [count, ttl] = await Promise.all([redis.get(addressKey(bucket)), redis.pttl(addressKey(bucket))]);
      return { count: Number(count ?? 0), remainingMs: Math.max(0, ttl) };
    },

    async countAddressFailure(bucket, windowMs) {
      // NX: only the first failure of a window sets its end, so failures cannot keep it open forever
      const result = await redis.multi().incr(addressKey(bucket)).pexpire(addressKey(bucket), Math.max(1, windowMs), 'NX').exec();
      const [err, count] = result?.[0] ?? [new Error('no answer from Redis'), 0];
      if (err) throw err;
      return Number(count);
    },
  };
}
