// Redis keeps a sorted set of up to `zset-max-listpack-entries` members (default 128) as one flat
// list (listpack), in which every insert and removal walks the list, and a larger one as a skip
// list (log n). The agent pool's ready sets (tens to hundreds of agents each, acd-keys.ts) change
// at every claim and release, so as flat lists their upkeep is most of the pool's Redis CPU
// (BENCHMARKS.md, "Agent claims"). The app lowers the threshold at start when the server allows
// CONFIG SET; a server that refuses it (managed Redis, renamed CONFIG) is left alone and the log
// says what to set in its configuration. A threshold already at or below the wanted one stays.
import type { Redis } from 'ioredis';

/** The parameter's name since Redis 7; Redis 6 knows it only as zset-max-ziplist-entries. */
const NAMES = ['zset-max-listpack-entries', 'zset-max-ziplist-entries'] as const;

export type ZsetEncodingOutcome =
  | { kind: 'kept'; parameter: string; current: number }
  | { kind: 'lowered'; parameter: string; before: number; after: number }
  | { kind: 'refused'; parameter: string; current: number | null; reason: string };

async function currentValue(redis: Redis): Promise<{ parameter: string; current: number | null; error?: string }> {
  for (const parameter of NAMES) {
    try {
      const reply = (await redis.config('GET', parameter)) as string[];
      if (reply.length >= 2) return { parameter, current: Number(reply[1]) };
    } catch (err) {
      return { parameter, current: null, error: err instanceof Error ? err.message : String(err) };
    }
  }
  return { parameter: NAMES[0], current: null, error: 'the server knows neither parameter' };
}

/** Lowers the server's sorted-set listpack threshold to `wanted` when it is higher. Never throws. */
export async function ensureZsetListpackEntries(redis: Redis, wanted: number): Promise<ZsetEncodingOutcome> {
  const { parameter, current, error } = await currentValue(redis);
  if (error !== undefined || current === null) return { kind: 'refused', parameter, current, reason: error ?? 'no value' };
  if (current <= wanted) return { kind: 'kept', parameter, current };
  try {
    await redis.config('SET', parameter, String(wanted));
    return { kind: 'lowered', parameter, before: current, after: wanted };
  } catch (err) {
    return { kind: 'refused', parameter, current, reason: err instanceof Error ? err.message : String(err) };
  }
}
