// Agent claims on the local Redis: 2,000 agents (1–3 of 50 skills, proficiency 1–5) and
// 10,000 waiting calls (one random skill, minimum proficiency 1–3), claimed from a few
// connections at once, as several app instances would. Two runs:
//   drain   — nobody hangs up: about 2,000 claims find an agent, the rest find none;
//   steady  — each agent's call ends at once and the agent is released back to ready (to the
//             back of the queue), so nearly every claim finds an agent.
// Prints a table and writes the "Agent claims (Redis)" section of BENCHMARKS.md.
// Run: npx tsx bench/agent-claims.bench.ts   (127.0.0.1 only; stops by itself within ~50 s)
import { writeBenchmarkSection } from './benchmarks-file.js';
import { randomBytes } from 'node:crypto';
import { availableParallelism, cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { createLogger } from '../src/adapters/log/create-logger.js';
import { createRedisAgentPool } from '../src/adapters/redis/acd/redis-agent-pool.js';
import { createRedis } from '../src/adapters/redis/create-redis.js';
import type { AgentPool, CallRequirement } from '../src/ports/acd/agent-pool.js';

const REDIS_URL = 'redis://127.0.0.1:6379';
const AGENTS = 2_000;
const SKILLS = 50;
const CALLS = 10_000;
const CONNECTIONS = 2;
const IN_FLIGHT_PER_CONNECTION = 8;
const TIME_LIMIT_MS = 20_000; // per run; two runs plus setup stay well under 60 s
const SEED = 12345;
const SECTION = 'Agent claims (Redis)';

type Redis = ReturnType<typeof createRedis>;

interface RunResult {
  run: string;
  claims: number;
  granted: number;
  seconds: number;
  p50: number;
  p99: number;
  truncated: boolean;
}

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;

async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
}

async function fillPool(pool: AgentPool, random: () => number): Promise<void> {
  const int = (n: number) => Math.floor(random() * n);
  const agents = Array.from({ length: AGENTS }, (_, i) => {
    const skills: Record<string, number> = {};
    const count = 1 + int(3);
    while (Object.keys(skills).length < count) skills[`skill-${int(SKILLS)}`] = 1 + int(5);
    return { agentId: `agent-${i}`, skills, languages: ['zh'], readySince: 1_000_000 + int(600_000) };
  });
  for (let i = 0; i < agents.length; i += 500) {
    await Promise.all(agents.slice(i, i + 500).map(({ agentId, ...readiness }) => pool.setAgentReady(agentId, readiness)));
  }
}

async function run(name: string, pools: AgentPool[], requirements: CallRequirement[], releaseAfterClaim: boolean, stop: { now: boolean }): Promise<RunResult> {
  const latencies: number[] = [];
  let next = 0;
  let granted = 0;
  let clock = 2_000_000;
  const deadline = performance.now() + TIME_LIMIT_MS;
  const worker = async (pool: AgentPool) => {
    while (next < requirements.length && performance.now() < deadline && !stop.now) {
      const i = next++;
      const callId = `${name}-call-${i}`;
      const started = performance.now();
      const claim = await pool.claimAgent({ callId, requirement: requirements[i] as CallRequirement, now: clock });
      latencies.push(performance.now() - started);
      if (!claim) continue;
      granted++;
      if (releaseAfterClaim) await pool.releaseAgent(claim.agentId, callId, { backToReady: true, now: ++clock });
    }
  };
  const started = performance.now();
  await Promise.all(pools.flatMap((pool) => Array.from({ length: IN_FLIGHT_PER_CONNECTION }, () => worker(pool))));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    run: name, claims: latencies.length, granted, seconds,
    p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), truncated: latencies.length < requirements.length,
  };
}

function table(results: RunResult[]): string {
  const rows = results.map((r) =>
    `| ${r.run}${r.truncated ? ' (time limit)' : ''} | ${r.claims} | ${r.granted} | ${Math.round(r.claims / r.seconds)} | ${r.p50.toFixed(3)} | ${r.p99.toFixed(3)} |`);
  return ['| run | claims | found an agent | claims/s | p50 ms | p99 ms |', '|---|---:|---:|---:|---:|---:|', ...rows].join('\n');
}


async function main(): Promise<void> {
  const logger = createLogger('silent');
  const connections = Array.from({ length: CONNECTIONS }, () => createRedis(REDIS_URL, logger));
  const [admin] = connections as [Redis, ...Redis[]];
  const prefix = `bench:acd:${randomBytes(6).toString('hex')}:`;
  const stop = { now: false };
  process.once('SIGINT', () => { stop.now = true; });
  try {
    const redisVersion = /redis_version:(\S+)/.exec(await admin.info('server'))?.[1] ?? 'unknown';
    const random = prng(SEED);
    const requirements: CallRequirement[] = Array.from({ length: CALLS }, () => ({
      skills: [{ skill: `skill-${Math.floor(random() * SKILLS)}`, minProficiency: 1 + Math.floor(random() * 3) }],
    }));
    const results: RunResult[] = [];
    for (const [name, release] of [['drain', false], ['steady', true]] as const) {
      const runPrefix = `${prefix}${name}:`;
      const pools = connections.map((redis) => createRedisAgentPool(redis, runPrefix));
      await fillPool(pools[0] as AgentPool, prng(SEED + 1));
      results.push(await run(name, pools, requirements, release, stop));
    }

    const machine = `${availableParallelism()} CPUs (nproc), ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, Redis ${redisVersion} on 127.0.0.1, Node ${process.version}`;
    const date = new Date().toISOString().slice(0, 10);
    console.log(`Agent claims: ${AGENTS} agents, ${SKILLS} skills, ${CALLS} calls; ${CONNECTIONS} connections × ${IN_FLIGHT_PER_CONNECTION} in flight`);
    console.log(`${machine}; ${date}\n`);
    console.log(table(results));
    await writeBenchmarkSection(SECTION, [
      `\`npx tsx bench/agent-claims.bench.ts\` — ${date}; ${machine}.`,
      '',
      `${AGENTS} agents, each with 1–3 of ${SKILLS} skills at proficiency 1–5; ${CALLS} calls, each needing one random skill`,
      `at minimum proficiency 1–3; claims from ${CONNECTIONS} connections with ${IN_FLIGHT_PER_CONNECTION} claims in flight on each.`,
      'Latency: one claim round trip (Lua script included) as the client sees it.',
      '- *drain*: nobody hangs up, so one call in five finds an agent; the others read every candidate of their skill and find none.',
      '- *steady*: each claimed agent is released back to ready at once (to the back of the queue), so every claim finds an',
      '  agent; claims/s counts claims only, though each is followed by a release on the same connection.',
      '',
      table(results),
    ].join('\n'));
  } finally {
    await deleteKeys(admin, prefix);
    await Promise.all(connections.map((c) => c.quit()));
  }
}

await main();
