// The batch claim against the same claims made one by one, on 150 randomized pool pairs (seeded,
// so a failure replays): two identical pools, one claimed for in batches, the other caller by
// caller and requirement by requirement (first found wins) — the agents given, the requirement
// that matched and every agent's state afterwards must agree. Callers already holding an agent,
// a caller twice in a batch, callers without requirements and small read windows are included.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisAgentPool } from '../../../src/adapters/redis/acd/redis-agent-pool.js';
import type { AgentPool, AgentSkills, BatchClaimCaller, BatchClaimResult } from '../../../src/ports/acd/agent-pool.js';
import { LANGUAGES, SKILLS, randomDraws } from './random-requirements.js';
import { connectRedis, deleteKeys, randomPrefix, type RedisConnection } from './acd-redis-fixtures.js';

const SEED = 20_251_205;
const CASES = 150;

/** What the matcher did before batches: each caller in order, its requirements in order, first found wins. */
async function claimOneByOne(pool: AgentPool, callers: BatchClaimCaller[], now: number): Promise<BatchClaimResult[]> {
  const results: BatchClaimResult[] = [];
  for (const { callId, requirements } of callers) {
    let result: BatchClaimResult = null;
    for (const [requirementIndex, requirement] of requirements.entries()) {
      const claim = await pool.claimAgent({ callId, requirement, now });
      if (claim) {
        result = { agentId: claim.agentId, requirementIndex };
        break;
      }
    }
    results.push(result);
  }
  return results;
}

describe('redis agent pool: a batch claim equals the claims made one by one', () => {
  let redis: RedisConnection;
  let prefix: string;
  beforeAll(() => {
    redis = connectRedis();
    prefix = randomPrefix();
  });
  afterAll(async () => {
    await deleteKeys(redis, prefix);
    await redis.quit();
  });

  it('an empty batch claims nothing; bad input is refused', async () => {
    const pool = createRedisAgentPool(redis, `${prefix}edge:`);
    expect(await pool.claimAgents({ callers: [], now: 1 })).toEqual([]);
    await expect(pool.claimAgents({ callers: [{ callId: '', requirements: [] }], now: 1 })).rejects.toThrow(/callId/);
    await expect(pool.claimAgents({ callers: [{ callId: 'c1', requirements: [{ skills: [] }] }], now: 1 })).rejects.toThrow(/at least one skill/);
  });

  it(`gives the same agents on ${CASES} random pools (seed ${SEED})`, async () => {
    const { random, int, pick, sample, randomRequirement } = randomDraws(SEED);

    let callers = 0;
    let granted = 0;
    let bySecondRequirement = 0;
    for (let c = 0; c < CASES; c++) {
      const claimWindow = pick([1, 2, 3, 64]);
      const batched = createRedisAgentPool(redis, `${prefix}b${c}:`, { claimWindow });
      const single = createRedisAgentPool(redis, `${prefix}s${c}:`, { claimWindow });
      const ids = sample(Array.from({ length: 60 }, (_, i) => (i % 2 ? `agent-${i}` : `a${i}`)), 1 + int(30));
      for (const agentId of ids) {
        const readiness = { skills: Object.fromEntries(sample(SKILLS, int(4)).map((s) => [s, 1 + int(5)])) as AgentSkills, languages: sample(LANGUAGES, 1 + int(2)), readySince: 1_000 + int(6) };
        const unavailable = random() < 0.15;
        for (const pool of [batched, single]) {
          await pool.setAgentReady(agentId, readiness);
          if (unavailable) await pool.setAgentUnavailable(agentId, 'not-ready');
        }
      }

      for (let round = 0; round < 3; round++) {
        const batch: BatchClaimCaller[] = Array.from({ length: 1 + int(12) }, (_, i) => ({
          callId: random() < 0.1 ? `call-${c}-0-0` : `call-${c}-${round}-${i}`,
          requirements: Array.from({ length: random() < 0.05 ? 0 : 1 + int(3) }, randomRequirement),
        }));
        const now = 2_000 + round;
        const expected = await claimOneByOne(single, batch, now);
        const got = await batched.claimAgents({ callers: batch, now });
        expect({ case: c, round, batch, got }).toEqual({ case: c, round, batch, got: expected });
        callers += batch.length;
        granted += expected.filter((r) => r !== null).length;
        bySecondRequirement += expected.filter((r) => r !== null && r.requirementIndex > 0).length;
        // some agents come back, ready behind everyone, before the next batch
        for (const [i, result] of expected.entries()) {
          if (result && random() < 0.3) {
            for (const pool of [batched, single]) await pool.releaseAgent(result.agentId, (batch[i] as BatchClaimCaller).callId, { backToReady: true, now });
          }
        }
      }
      for (const agentId of ids) expect(await batched.agentState(agentId)).toEqual(await single.agentState(agentId));
      expect(await batched.countByState()).toEqual(await single.countByState());
    }
    // The random pools must really exercise both outcomes and later requirements.
    expect(granted).toBeGreaterThan(callers / 4);
    expect(granted).toBeLessThan(callers - callers / 10);
    expect(bySecondRequirement).toBeGreaterThan(callers / 50);
  });
});
