// A Lua script run by its SHA1 (EVALSHA), so each run sends Redis a 40-character digest instead of
// the script's text and Redis does not hash the text again. Redis keeps loaded scripts until it
// restarts or SCRIPT FLUSH; a script it does not know answers NOSCRIPT, and that run sends the
// text once (EVAL), which loads it again. Every script of the app runs through this one helper.
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

export interface LuaScript {
  /** Runs the script with `numberOfKeys` keys first in `args`, then its arguments. */
  run(redis: Redis, numberOfKeys: number, ...args: Array<string | number>): Promise<unknown>;
}

export function luaScript(source: string): LuaScript {
  const sha = createHash('sha1').update(source).digest('hex');
  return {
    async run(redis, numberOfKeys, ...args) {
      try {
        return await redis.evalsha(sha, numberOfKeys, ...args);
      } catch (err) {
        if (err instanceof Error && err.message.startsWith('NOSCRIPT')) return redis.eval(source, numberOfKeys, ...args);
        throw err;
      }
    },
  };
}
