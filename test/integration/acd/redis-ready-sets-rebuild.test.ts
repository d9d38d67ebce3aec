// The upgrade gap of the per-proficiency ready sets, on the real Redis: an agent made ready by a
// version before `ready<m>:<skill>` existed is only in `ready:<skill>`, so a call needing
// proficiency 2 or more never finds it; the rebuild run at each start puts it into the sets its
// stored skills call for, and it is offered that call. Running it again changes nothing; agents
// not ready (or reserved) stay out.
import { describe, expect, it } from 'vitest';
import { acdKeys } from '../../../src/adapters/redis/acd/acd-keys.js';
import { rebuildReadySets } from '../../../src/adapters/redis/acd/rebuild-ready-sets.js';
import type { AgentPool, AgentSkills } from '../../../src/ports/acd/agent-pool.js';
import { poolPerTest, type RedisConnection } from './acd-redis-fixtures.js';

describe('ready sets rebuilt at start (agents ready across the upgrade)', () => {
  let redis: RedisConnection;
  let prefix: string;
  let pool: AgentPool;
  poolPerTest((t) => ({ redis, prefix, pool } = t));

  /** What set-agent-ready did before the per-proficiency sets: the hash, the index and ready:<skill> only. */
  async function readyTheOldWay(agentId: string, skills: AgentSkills, readySince: number, state = 'ready'): Promise<void> {
    const keys = acdKeys(prefix);
    await redis.hset(keys.agent(agentId), { state, skills: JSON.stringify(skills), languages: JSON.stringify(['zh']), readySince: String(readySince) });
    await redis.hset(keys.index, agentId, state);
    if (state === 'ready') for (const skill of Object.keys(skills)) await redis.zadd(keys.ready(skill), readySince, agentId);
  }

  const needs = (skill: string, minProficiency: number) => ({ skills: [{ skill, minProficiency }] });

  it('an agent ready before the upgrade is offered a call needing its proficiency once the rebuild ran', async () => {
    await readyTheOldWay('zhang-wei', { tax: 3, water: 1 }, 1_000);
    // the gap: at minimum 2 the claim reads ready2:tax, where the agent is not
    expect(await pool.claimAgent({ callId: 'before', requirement: needs('tax', 2), now: 5_000 })).toBeNull();
    expect(await pool.agentState('zhang-wei')).toMatchObject({ state: 'ready', readySince: 1_000 });

    expect(await rebuildReadySets(redis, prefix)).toEqual({ readyAgents: 1, added: 2 });
    const keys = acdKeys(prefix);
    expect(await redis.zscore(keys.ready('tax', 2), 'zhang-wei')).toBe('1000');
    expect(await redis.zscore(keys.ready('tax', 3), 'zhang-wei')).toBe('1000');
    expect(await redis.exists(keys.ready('tax', 4), keys.ready('water', 2))).toBe(0);

    expect(await pool.claimAgent({ callId: 'after', requirement: needs('tax', 3), now: 6_000 })).toEqual({ agentId: 'zhang-wei' });
  });

  it('the batched claim finds such agents too, in idle order, after a rebuild in small batches', async () => {
    for (let i = 0; i < 7; i++) await readyTheOldWay(`a${i}`, { housing: 2 + (i % 4) }, 1_000 + i);
    expect(await rebuildReadySets(redis, prefix, 3)).toMatchObject({ readyAgents: 7 });
    const claims = await pool.claimAgents({
      callers: [1, 2, 3].map((n) => ({ callId: `c${n}`, requirements: [needs('housing', 2)] })),
      now: 9_000,
    });
    expect(claims.map((c) => c?.agentId)).toEqual(['a0', 'a1', 'a2']);
  });

  it('is idempotent and leaves agents that are not ready (or reserved) out of every set', async () => {
    await readyTheOldWay('ready-one', { tax: 4 }, 2_000);
    await readyTheOldWay('on-break', { tax: 5 }, 1_000, 'break');
    await pool.setAgentReady('new-style', { skills: { tax: 2 }, languages: ['zh'], readySince: 3_000 });
    await pool.setAgentReady('held', { skills: { tax: 5 }, languages: ['zh'], readySince: 500 });
    expect(await pool.claimAgent({ callId: 'c-held', requirement: needs('tax', 5), now: 4_000 })).toEqual({ agentId: 'held' });

    expect(await rebuildReadySets(redis, prefix)).toEqual({ readyAgents: 2, added: 3 });
    expect(await rebuildReadySets(redis, prefix)).toEqual({ readyAgents: 2, added: 0 });
    const keys = acdKeys(prefix);
    expect(await redis.zrange(keys.ready('tax', 2), '0', '-1')).toEqual(['ready-one', 'new-style']);
    expect(await redis.zrange(keys.ready('tax', 5), '0', '-1')).toEqual([]);
    expect(await pool.agentState('held')).toMatchObject({ state: 'reserved', callId: 'c-held' });
    expect(await pool.claimAgent({ callId: 'c4', requirement: needs('tax', 4), now: 5_000 })).toEqual({ agentId: 'ready-one' });
  });

  it('an empty pool is nothing to do', async () => {
    expect(await rebuildReadySets(redis, prefix)).toEqual({ readyAgents: 0, added: 0 });
    await expect(rebuildReadySets(redis, prefix, 0)).rejects.toThrow(/batchSize/);
  });
});
