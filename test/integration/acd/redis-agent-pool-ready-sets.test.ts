// The ready sets behind the agent pool on the real Redis: an agent ready with a skill at
// proficiency p is in that skill's sets for minimum 1..p (scored by readySince) and in no other;
// every change (ready, skills changed, unavailable, claim, release, removal) keeps them so, and a
// claim at minimum m reads only the set for m.
import { describe, expect, it } from 'vitest';
import { acdKeys } from '../../../src/adapters/redis/acd/acd-keys.js';
import type { AgentPool, AgentSkills } from '../../../src/ports/acd/agent-pool.js';
import { poolPerTest, type RedisConnection } from './acd-redis-fixtures.js';

type ReadySets = Record<string, Record<string, number>>;

describe('redis agent pool ready sets', () => {
  let redis: RedisConnection;
  let prefix: string;
  let pool: AgentPool;
  poolPerTest((t) => ({ redis, prefix, pool } = t));

  /** Every ready set under the prefix, by key suffix (`ready:tax`, `ready3:tax`), member → score. */
  async function readySets(): Promise<ReadySets> {
    const sets: ReadySets = {};
    const stem = `${prefix}{acd}:`;
    for (const key of (await redis.keys(`${stem}ready*`)).sort()) {
      const flat = await redis.zrange(key, '0', '-1', 'WITHSCORES');
      const members: Record<string, number> = {};
      for (let i = 0; i < flat.length; i += 2) members[flat[i] as string] = Number(flat[i + 1]);
      sets[key.slice(stem.length)] = members;
    }
    return sets;
  }

  /** The sets as they must be: each ready agent in the sets 1..p of each skill, nobody else anywhere. */
  async function expectedSets(): Promise<ReadySets> {
    const sets: ReadySets = {};
    for (const agentId of await redis.hkeys(acdKeys(prefix).index)) {
      const agent = await pool.agentState(agentId);
      if (agent?.state !== 'ready' || agent.readySince === null) continue;
      for (const [skill, proficiency] of Object.entries(agent.skills)) {
        for (let min = 1; min <= proficiency; min++) {
          const name = min === 1 ? `ready:${skill}` : `ready${min}:${skill}`;
          (sets[name] ??= {})[agentId] = agent.readySince;
        }
      }
    }
    return sets;
  }

  const ready = (agentId: string, skills: AgentSkills, readySince: number) =>
    pool.setAgentReady(agentId, { skills, languages: ['zh'], readySince });

  it('an agent is in the sets of each skill up to its proficiency, and moves with every change', async () => {
    expect(acdKeys(prefix).ready('tax')).toBe(`${prefix}{acd}:ready:tax`);
    expect(acdKeys(prefix).ready('tax', 3)).toBe(`${prefix}{acd}:ready3:tax`);

    await ready('a1', { tax: 3, water: 1 }, 1_000);
    await ready('a2', { tax: 5 }, 2_000);
    expect(await readySets()).toEqual({
      'ready:tax': { a1: 1_000, a2: 2_000 }, 'ready2:tax': { a1: 1_000, a2: 2_000 }, 'ready3:tax': { a1: 1_000, a2: 2_000 },
      'ready4:tax': { a2: 2_000 }, 'ready5:tax': { a2: 2_000 }, 'ready:water': { a1: 1_000 },
    });

    // skills changed while ready: out of the old proficiencies and skills, into the new ones
    await ready('a1', { tax: 1, housing: 2 }, 1_500);
    expect(await readySets()).toEqual({
      'ready:tax': { a1: 1_500, a2: 2_000 }, 'ready2:tax': { a2: 2_000 }, 'ready3:tax': { a2: 2_000 },
      'ready4:tax': { a2: 2_000 }, 'ready5:tax': { a2: 2_000 }, 'ready:housing': { a1: 1_500 }, 'ready2:housing': { a1: 1_500 },
    });

    // claimed at minimum 4: only a2 qualifies, and it leaves every set
    expect(await pool.claimAgent({ callId: 'c1', requirement: { skills: [{ skill: 'tax', minProficiency: 4 }] }, now: 3_000 })).toEqual({ agentId: 'a2' });
    expect(await readySets()).toEqual({ 'ready:tax': { a1: 1_500 }, 'ready:housing': { a1: 1_500 }, 'ready2:housing': { a1: 1_500 } });

    // back to ready after the call: in all its sets again, scored by the release time
    expect(await pool.releaseAgent('a2', 'c1', { backToReady: true, now: 4_000 })).toBe(true);
    expect(await readySets()).toEqual({
      'ready:tax': { a1: 1_500, a2: 4_000 }, 'ready2:tax': { a2: 4_000 }, 'ready3:tax': { a2: 4_000 },
      'ready4:tax': { a2: 4_000 }, 'ready5:tax': { a2: 4_000 }, 'ready:housing': { a1: 1_500 }, 'ready2:housing': { a1: 1_500 },
    });

    // unavailable: out of every set
    await pool.setAgentUnavailable('a2', 'break');
    expect(await readySets()).toEqual({ 'ready:tax': { a1: 1_500 }, 'ready:housing': { a1: 1_500 }, 'ready2:housing': { a1: 1_500 } });

    // released not back to ready: out of every set
    expect(await pool.claimAgent({ callId: 'c2', requirement: { skills: [{ skill: 'housing', minProficiency: 2 }] }, now: 5_000 })).toEqual({ agentId: 'a1' });
    expect(await pool.releaseAgent('a1', 'c2', { backToReady: false, now: 6_000, state: 'wrap-up' })).toBe(true);
    expect(await readySets()).toEqual({});

    // removed: out of every set, including an entry at a proficiency its record no longer names
    await ready('a3', { tax: 2 }, 7_000);
    await redis.zadd(acdKeys(prefix).ready('housing', 4), 500, 'a3');
    expect(await pool.removeAgent('a3', ['housing'])).toEqual({ droppedCallId: null });
    expect(await readySets()).toEqual({});
  });

  it('a claim at minimum m reads the set for m, and the agent’s own record decides', async () => {
    await ready('novice', { tax: 2 }, 1_000);
    await ready('expert', { tax: 5 }, 3_000);
    // an entry that disagrees with the agent's record (it says tax 2) never wins at minimum 3
    await redis.zadd(acdKeys(prefix).ready('tax', 3), 500, 'novice');
    const tax3 = { skills: [{ skill: 'tax', minProficiency: 3 }] };
    expect(await pool.claimAgent({ callId: 'c1', requirement: tax3, now: 4_000 })).toEqual({ agentId: 'expert' });
    expect(await pool.claimAgent({ callId: 'c2', requirement: tax3, now: 4_000 })).toBeNull();
    expect((await pool.agentState('novice'))?.state).toBe('ready');
    expect(await pool.claimAgent({ callId: 'c3', requirement: { skills: [{ skill: 'tax', minProficiency: 1 }] }, now: 4_000 })).toEqual({ agentId: 'novice' });
  });

  it('stay as they must be through 400 random changes (seeded)', async () => {
    let seed = 2024;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const int = (n: number) => Math.floor(random() * n);
    const skillNames = ['tax', 'housing', 'water'];
    const held = new Map<string, string>();
    for (let step = 0; step < 400; step++) {
      const agentId = `a${int(8)}`;
      const op = int(6);
      if (op <= 1) {
        const skills = Object.fromEntries(skillNames.filter(() => random() < 0.6).map((s) => [s, 1 + int(5)]));
        await ready(agentId, skills, 1_000 + int(50));
      } else if (op === 2) {
        await pool.setAgentUnavailable(agentId, 'not-ready');
      } else if (op === 3) {
        const callId = `c${step}`;
        const claim = await pool.claimAgent({ callId, requirement: { skills: [{ skill: skillNames[int(3)] as string, minProficiency: 1 + int(5) }] }, now: 2_000 });
        if (claim) held.set(callId, claim.agentId);
      } else if (op === 4) {
        const [first] = held;
        if (first) {
          held.delete(first[0]);
          await pool.releaseAgent(first[1], first[0], { backToReady: random() < 0.7, now: 1_000 + int(50) });
        }
      } else if (random() < 0.3) {
        await pool.removeAgent(agentId, skillNames);
      }
      expect({ step, sets: await readySets() }).toEqual({ step, sets: await expectedSets() });
    }
  });
});
