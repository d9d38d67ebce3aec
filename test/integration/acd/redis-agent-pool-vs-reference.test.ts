// The Lua claim against the plain reference rule on 200 randomized pools (seeded, so a failure
// replays): ties in readySince, alternatives, languages, several needs, unavailable agents,
// releases back to ready, and small read windows so candidates span several windows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisAgentPool } from '../../../src/adapters/redis/acd/redis-agent-pool.js';
import type { AgentSkills } from '../../../src/ports/acd/agent-pool.js';
import { LANGUAGES, SKILLS, randomDraws } from './random-requirements.js';
import { connectRedis, deleteKeys, randomPrefix, type RedisConnection } from './acd-redis-fixtures.js';
import { referenceChoice, type ReferenceAgent } from './reference-agent-choice.js';

const SEED = 12345;
const CASES = 200;

describe('redis agent pool against the reference rule', () => {
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

  it(`chooses as the reference does on ${CASES} random pools (seed ${SEED})`, async () => {
    const { random, int, pick, sample, randomRequirement } = randomDraws(SEED);

    let compared = 0;
    let granted = 0;
    for (let c = 0; c < CASES; c++) {
      const pool = createRedisAgentPool(redis, `${prefix}case${c}:`, { claimWindow: pick([1, 2, 3, 5, 64]) });
      const agents = new Map<string, ReferenceAgent>();
      const ids = sample(Array.from({ length: 60 }, (_, i) => (i % 2 ? `agent-${i}` : `a${i}`)), 1 + int(30));
      for (const agentId of ids) {
        const skills: AgentSkills = Object.fromEntries(sample(SKILLS, int(4)).map((s) => [s, 1 + int(5)]));
        const agent = { agentId, state: 'ready', skills, languages: sample(LANGUAGES, 1 + int(2)), readySince: 1_000 + int(6) };
        agents.set(agentId, agent);
        await pool.setAgentReady(agentId, agent);
        if (random() < 0.15) {
          agent.state = 'not-ready';
          await pool.setAgentUnavailable(agentId, 'not-ready');
        }
      }

      const holders = new Map<string, string>();
      for (let step = 0; step < 8; step++) {
        const [held] = [...holders];
        if (held && random() < 0.3) {
          const [callId, agentId] = held;
          const now = 1_000 + int(10);
          await pool.releaseAgent(agentId, callId, { backToReady: true, now });
          holders.delete(callId);
          Object.assign(agents.get(agentId) as ReferenceAgent, { state: 'ready', readySince: now });
        }
        const callId = `call-${c}-${step}`;
        const requirement = randomRequirement();
        const expected = referenceChoice(agents.values(), requirement);
        const claimed = await pool.claimAgent({ callId, requirement, now: 2_000 });
        expect({ case: c, step, requirement, agentId: claimed?.agentId ?? null }).toEqual({ case: c, step, requirement, agentId: expected });
        compared++;
        if (expected !== null) {
          granted++;
          holders.set(callId, expected);
          (agents.get(expected) as ReferenceAgent).state = 'reserved';
        }
      }
    }
    expect(compared).toBe(CASES * 8);
    // The random pools must really exercise both outcomes.
    expect(granted).toBeGreaterThan(compared / 4);
    expect(granted).toBeLessThan(compared - compared / 10);
  });
});
