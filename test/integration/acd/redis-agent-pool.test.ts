// The shared agent pool on the real Redis: which agent a waiting caller is offered, holding and
// releasing agents, and several app instances claiming at once without double-booking anyone.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AgentPoolInputError } from '../../../src/adapters/redis/acd/agent-pool-input-error.js';
import { createRedisAgentPool } from '../../../src/adapters/redis/acd/redis-agent-pool.js';
import type { AgentPool, AgentSkills, CallRequirement } from '../../../src/ports/acd/agent-pool.js';
import { connectRedis, deleteKeys, randomPrefix, type RedisConnection } from './acd-redis-fixtures.js';

const tax = (minProficiency = 1): CallRequirement => ({ skills: [{ skill: 'tax', minProficiency }] });

describe('redis agent pool', () => {
  let redis: RedisConnection;
  let prefix: string;
  let pool: AgentPool;
  const others: RedisConnection[] = [];

  const ready = (agentId: string, readySince: number, skills: AgentSkills = { tax: 3 }, languages = ['zh']) =>
    pool.setAgentReady(agentId, { skills, languages, readySince });
  const claim = async (callId: string, requirement: CallRequirement, on = pool) =>
    (await on.claimAgent({ callId, requirement, now: 50_000 }))?.agentId ?? null;

  beforeEach(() => {
    redis = connectRedis();
    prefix = randomPrefix();
    pool = createRedisAgentPool(redis, prefix);
  });
  afterEach(async () => {
    await deleteKeys(redis, prefix);
    expect(await redis.keys(`${prefix}*`)).toEqual([]);
    await Promise.all([redis, ...others.splice(0)].map((r) => r.quit()));
  });

  describe('who a waiting caller is offered', () => {
    it('the agent idle longest, then the next longest', async () => {
      await ready('a-late', 3_000);
      await ready('a-early', 1_000);
      await ready('a-middle', 2_000);
      expect(await claim('c1', tax())).toBe('a-early');
      expect(await claim('c2', tax())).toBe('a-middle');
      expect(await claim('c3', tax())).toBe('a-late');
      expect(await claim('c4', tax())).toBeNull();
    });

    it('among agents idle equally long, the more proficient one, then the lower id', async () => {
      await ready('a3', 1_000, { tax: 3 });
      await ready('a2', 1_000, { tax: 5 });
      await ready('a1', 1_000, { tax: 3 });
      expect(await claim('c1', tax())).toBe('a2');
      expect(await claim('c2', tax())).toBe('a1');
      expect(await claim('c3', tax())).toBe('a3');
    });

    it('never an agent below the minimum proficiency, however long idle', async () => {
      await ready('novice', 1_000, { tax: 2 });
      await ready('expert', 5_000, { tax: 4 });
      expect(await claim('c1', tax(3))).toBe('expert');
      expect(await claim('c2', tax(3))).toBeNull();
      expect((await pool.agentState('novice'))?.state).toBe('ready');
    });

    it('an agent with an alternative skill at the minimum, ranked by that skill', async () => {
      const housing: CallRequirement = { skills: [{ skill: 'housing', minProficiency: 3, alternatives: ['property'] }] };
      await ready('weak-property', 500, { property: 2 });
      await ready('property', 1_000, { property: 3 });
      await ready('housing', 1_000, { housing: 4, property: 1 });
      await ready('later-housing', 2_000, { housing: 5 });
      expect(await claim('c1', housing)).toBe('housing');
      expect(await claim('c2', housing)).toBe('property');
      expect(await claim('c3', housing)).toBe('later-housing');
      expect(await claim('c4', housing)).toBeNull();
    });

    it('only an agent who speaks the caller’s language, and meets every required skill', async () => {
      await ready('putonghua', 1_000, { tax: 5, social: 5 }, ['zh']);
      await ready('cantonese-no-social', 2_000, { tax: 5 }, ['zh', 'yue']);
      await ready('cantonese', 3_000, { tax: 2, social: 3 }, ['yue']);
      const requirement: CallRequirement = { skills: [{ skill: 'tax', minProficiency: 1 }, { skill: 'social', minProficiency: 3 }], language: 'yue' };
      expect(await claim('c1', requirement)).toBe('cantonese');
      expect(await claim('c2', { ...requirement, language: 'en' })).toBeNull();
    });

    it('reads past many ineligible agents, a window at a time', async () => {
      pool = createRedisAgentPool(redis, prefix, { claimWindow: 2 });
      for (let i = 0; i < 9; i++) await ready(`a${i}`, 1_000 + i, { tax: 1 });
      await ready('only-expert', 2_000, { tax: 5 });
      expect(await claim('c1', tax(4))).toBe('only-expert');
    });

    it('not an agent who is unavailable, or reserved', async () => {
      await ready('away', 1_000);
      await pool.setAgentUnavailable('away', 'break');
      await ready('busy', 1_500);
      expect(await claim('c0', tax())).toBe('busy');
      await ready('free', 2_000);
      expect(await claim('c1', tax())).toBe('free');
      expect(await pool.countByState()).toEqual({ break: 1, reserved: 2 });
    });
  });

  describe('holding and releasing an agent', () => {
    it('a call claiming again gets the same agent, never a second one', async () => {
      await ready('a1', 1_000);
      await ready('a2', 2_000);
      expect(await claim('c1', tax())).toBe('a1');
      expect(await claim('c1', tax())).toBe('a1');
      expect(await claim('c1', { skills: [{ skill: 'other', minProficiency: 1 }] })).toBe('a1');
      expect(await pool.reservationOf('c1')).toEqual({ agentId: 'a1' });
      expect((await pool.agentState('a2'))?.state).toBe('ready');
    });

    it('only the holding call releases the agent; then it is ready again, behind those waiting', async () => {
      await ready('a1', 1_000);
      await ready('a2', 2_000);
      expect(await claim('c1', tax())).toBe('a1');
      expect(await pool.releaseAgent('a1', 'someone-else', { backToReady: true, now: 9_000 })).toBe(false);
      expect(await pool.agentState('a1')).toMatchObject({ state: 'reserved', callId: 'c1', readySince: null });

      expect(await pool.releaseAgent('a1', 'c1', { backToReady: true, now: 9_000 })).toBe(true);
      expect(await pool.releaseAgent('a1', 'c1', { backToReady: true, now: 9_500 })).toBe(false);
      expect(await pool.reservationOf('c1')).toBeNull();
      expect(await pool.agentState('a1')).toEqual({ agentId: 'a1', state: 'ready', skills: { tax: 3 }, languages: ['zh'], readySince: 9_000, callId: null });
      expect(await claim('c2', tax())).toBe('a2');
      expect(await claim('c3', tax())).toBe('a1');
    });

    it('a release not back to ready leaves the agent out of the pool, in the given state', async () => {
      await ready('a1', 1_000);
      await claim('c1', tax());
      expect(await pool.releaseAgent('a1', 'c1', { backToReady: false, now: 9_000, state: 'after-call-work' })).toBe(true);
      expect(await pool.agentState('a1')).toMatchObject({ state: 'after-call-work', readySince: null, callId: null });
      expect(await claim('c2', tax())).toBeNull();
      expect(await pool.countByState()).toEqual({ 'after-call-work': 1 });
    });

    it('an agent who goes offline while reserved frees the call to claim another agent', async () => {
      await ready('a1', 1_000);
      await ready('a2', 2_000);
      await claim('c1', tax());
      expect(await pool.setAgentReady('a1', { skills: { tax: 3 }, languages: ['zh'], readySince: 3_000 })).toBe(false);
      expect(await pool.setAgentUnavailable('a1', 'offline')).toEqual({ droppedCallId: 'c1' });
      expect(await pool.reservationOf('c1')).toBeNull();
      expect(await claim('c1', tax())).toBe('a2');
      expect(await pool.releaseAgent('a1', 'c1', { backToReady: true, now: 4_000 })).toBe(false);
    });

    it('a removed agent (account deleted) is in no ready set, holds no call and is unknown to the pool', async () => {
      await ready('a1', 1_000, { tax: 3, water: 2 });
      await ready('a2', 2_000);
      // an entry the pool's own copy of the skills no longer names, as an older version could leave
      await redis.zadd(`${prefix}{acd}:ready:housing`, 500, 'a1');
      expect(await pool.removeAgent('a1', ['tax', 'housing'])).toEqual({ droppedCallId: null });
      for (const skill of ['tax', 'water', 'housing']) expect(await redis.zscore(`${prefix}{acd}:ready:${skill}`, 'a1'), skill).toBeNull();
      expect(await pool.agentState('a1')).toBeNull();
      expect(await pool.countByState()).toEqual({ ready: 1 });
      expect(await claim('c1', tax())).toBe('a2');
      // ready again under the same id: a fresh agent, nothing inherited
      await ready('a1', 9_000, { water: 2 });
      expect(await pool.agentState('a1')).toMatchObject({ state: 'ready', skills: { water: 2 }, readySince: 9_000 });
    });

    it('removing a reserved agent drops the reservation and says which call lost it', async () => {
      await ready('a1', 1_000);
      await ready('a2', 2_000);
      expect(await claim('c1', tax())).toBe('a1');
      expect(await pool.removeAgent('a1')).toEqual({ droppedCallId: 'c1' });
      expect(await pool.reservationOf('c1')).toBeNull();
      expect(await claim('c1', tax())).toBe('a2');
      expect(await pool.removeAgent('nobody')).toEqual({ droppedCallId: null });
      await expect(pool.removeAgent('a2', [''])).rejects.toBeInstanceOf(AgentPoolInputError);
    });

    it('a ready agent whose skills change is found only under the new ones', async () => {
      await ready('a1', 1_000, { tax: 3 });
      await ready('a1', 1_000, { water: 4 });
      expect(await claim('c1', tax())).toBeNull();
      expect(await claim('c2', { skills: [{ skill: 'water', minProficiency: 4 }] })).toBe('a1');
    });

    it('refuses bad input before writing anything', async () => {
      await expect(ready('a1', 1_000, { tax: 7 })).rejects.toBeInstanceOf(AgentPoolInputError);
      await expect(pool.claimAgent({ callId: 'c1', requirement: { skills: [] }, now: 1 })).rejects.toThrow(/at least one skill/);
      await expect(pool.setAgentUnavailable('a1', 'reserved')).rejects.toBeInstanceOf(AgentPoolInputError);
      await expect(pool.claimAgent({ callId: '', requirement: tax(), now: 1 })).rejects.toThrow(/callId/);
      expect(await pool.countByState()).toEqual({});
    });
  });

  describe('several app instances claiming at once', () => {
    const instances = (n: number) => Array.from({ length: n }, () => {
      const connection = connectRedis();
      others.push(connection);
      return createRedisAgentPool(connection, prefix, { claimWindow: 8 });
    });

    it('200 callers and 50 agents: 50 claims succeed, no agent twice, no caller twice', async () => {
      await Promise.all(Array.from({ length: 50 }, (_, i) =>
        ready(`agent-${i}`, 1_000 + (i % 7), { tax: 1 + (i % 5), social: 3 }, i % 3 ? ['zh'] : ['zh', 'yue'])));
      const apps = instances(4);
      const results = await Promise.all(Array.from({ length: 200 }, async (_, i) => {
        const app = apps[i % apps.length] as AgentPool;
        return { callId: `call-${i}`, agentId: await claim(`call-${i}`, tax(), app) };
      }));

      const granted = results.filter((r) => r.agentId !== null);
      expect(granted).toHaveLength(50);
      expect(new Set(granted.map((r) => r.agentId)).size).toBe(50);
      expect(new Set(granted.map((r) => r.callId)).size).toBe(50);
      expect(await pool.countByState()).toEqual({ reserved: 50 });
      for (const { callId, agentId } of results) {
        expect(await pool.reservationOf(callId)).toEqual(agentId === null ? null : { agentId });
        if (agentId !== null) expect((await pool.agentState(agentId))?.callId).toBe(callId);
      }
      expect(await redis.keys(`${prefix}{acd}:ready:*`)).toEqual([]);
    });

    it('the same call claimed by two instances at once gets one agent', async () => {
      await Promise.all(Array.from({ length: 100 }, (_, i) => ready(`agent-${i}`, 1_000 + i)));
      const [first, second] = instances(2) as [AgentPool, AgentPool];
      const pairs = await Promise.all(Array.from({ length: 50 }, (_, i) =>
        Promise.all([claim(`call-${i}`, tax(), first), claim(`call-${i}`, tax(), second)])));

      for (const [a, b] of pairs) {
        expect(a).not.toBeNull();
        expect(a).toBe(b);
      }
      expect(new Set(pairs.map(([a]) => a)).size).toBe(50);
      expect(await pool.countByState()).toEqual({ reserved: 50, ready: 50 });
    });
  });
});
