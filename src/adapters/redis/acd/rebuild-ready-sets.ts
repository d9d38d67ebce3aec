// The ready sets rebuilt from the agents' stored states, run at each start: agents made ready by a
// version before the per-proficiency sets (`ready<m>:<skill>`, m = 2–5; acd-keys.ts) are only in
// `ready:<skill>`, and a claim needing minimum m reads only `ready<m>` — so such an agent, ready
// across the upgrade, would never be offered a call needing proficiency 2 or more until it went
// ready again. Idempotent (an agent already in its sets changes nothing), so every instance may
// run it at its start with no lock; each batch is one script, atomic with the pool's other
// changes (an agent claimed or made not ready meanwhile is simply not ready when its batch runs).
import type { Redis } from 'ioredis';
import { acdKeys } from './acd-keys.js';
import { luaScript } from '../lua-script.js';
import { acdScript } from './lua-common.js';

export interface ReadySetRebuild {
  /** Ready agents looked at. */
  readyAgents: number;
  /** Ready-set entries that were missing and were added. */
  added: number;
}

const SCRIPT = luaScript(acdScript('rebuild-ready-sets'));

/**
 * Walks the pool's index (HSCAN) and puts every ready agent into the ready sets its stored skills
 * call for, `batchSize` agents per script (default 50: a script of 50 agents × 50 skills stays short).
 */
export async function rebuildReadySets(redis: Redis, prefix: string, batchSize = 50): Promise<ReadySetRebuild> {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`batchSize must be a positive integer, got ${batchSize}`);
  const { index } = acdKeys(prefix);
  let readyAgents = 0;
  let added = 0;
  let pending: string[] = [];
  const flush = async () => {
    if (pending.length === 0) return;
    const [ready, entries] = (await SCRIPT.run(redis, 1, index, ...pending)) as [number, number];
    readyAgents += ready;
    added += entries;
    pending = [];
  };
  let cursor = '0';
  do {
    const [next, flat] = await redis.hscan(index, cursor, 'COUNT', 500);
    // every agent of the index: the script looks at each one's state (the index holds no state)
    for (let i = 0; i + 1 < flat.length; i += 2) {
      pending.push(flat[i]!);
      if (pending.length >= batchSize) await flush();
    }
    cursor = next;
  } while (cursor !== '0');
  await flush();
  return { readyAgents, added };
}
