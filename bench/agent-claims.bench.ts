// Agent claims on the local Redis: 2,000 agents (1–3 of 50 skills, proficiency 1–5) and
// 10,000 waiting calls (one random skill, minimum proficiency 1–3). Each drive claims them in its
// own way (see DRIVES), twice:
//   drain   — nobody hangs up: about 2,000 claims find an agent, the rest find none;
//   steady  — each agent's call ends at once and the agent is released back to ready (to the
//             back of the queue), so nearly every claim finds an agent.
// Prints a table and writes the "Agent claims (Redis)" section of BENCHMARKS.md.
// Run: npx tsx bench/agent-claims.bench.ts   (127.0.0.1 only; stops by itself within ~2 min)
// A shorter run for comparing two versions: CLAIMS_DRIVES=0 (drive numbers in DRIVES, comma-separated),
// CLAIMS_REPEATS=1, CLAIMS_REDIS_URL, and BENCH_WRITE=0 to print the table only (BENCHMARKS.md left as it is).
import { writeBenchmarkSection } from './benchmarks-file.js';
import { randomBytes } from 'node:crypto';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { createLogger } from '../src/adapters/log/create-logger.js';
import { createRedisAgentPool } from '../src/adapters/redis/acd/redis-agent-pool.js';
import { CLAIM_BATCH } from '../src/app/acd/acd-matcher.js';
import { createRedis } from '../src/adapters/redis/create-redis.js';
import { ensureZsetListpackEntries } from '../src/adapters/redis/zset-encoding.js';
import type { AgentPool, CallRequirement } from '../src/ports/acd/agent-pool.js';
import { prng } from '../test/support/seeded-random.js';

/** CLAIMS_REDIS_URL: another local Redis (e.g. a private one on another port, no other clients). */
const REDIS_URL = process.env.CLAIMS_REDIS_URL ?? 'redis://127.0.0.1:6379';
const AGENTS = 2_000;
const SKILLS = 50;
const CALLS = 10_000;
/**
 * How the claims are driven: `connections` connections (app instances), on each `inFlight` loops
 * that await every claim before making the next; with `batch`, each loop claims that many calls in
 * one batch claim (claimAgents) and awaits it before the next, as the ACD matcher does.
 */
const DRIVES = [
  { name: 'matcher, batched', connections: 1, inFlight: 1, batch: CLAIM_BATCH, what: `one connection, one batch claim of ${CLAIM_BATCH} calls in flight, each awaited before the next: the ACD matcher's loop (it claims its serving plan ${CLAIM_BATCH} callers per batch, then hands each result over; those other steps are not in this drive). Latency per claim: its batch's round trip` },
  { name: 'matcher (one by one)', connections: 1, inFlight: 1, what: 'one connection, one claim in flight, each awaited before the next: the ACD matcher\'s loop before batch claims' },
  { name: '2 instances', connections: 2, inFlight: 1, what: 'two connections (app instances), one claim in flight on each' },
  { name: '2 × 8 in flight', connections: 2, inFlight: 8, what: 'two connections, eight claims in flight on each (pipelined): what the pool serves when claims overlap; the drive of this bench before 2026-12-05, which then awaited each release in the loop' },
] as const;
type Drive = (typeof DRIVES)[number];
const DRIVES_RUN = process.env.CLAIMS_DRIVES === undefined ? DRIVES.map((_, d) => d) : process.env.CLAIMS_DRIVES.split(',').map(Number);
const TIME_LIMIT_MS = 6_000; // per run; 24 runs plus setup stay under 2.5 min
const SEED = 12345;
/** Each drive and run is repeated; the table shows the median (by claims/s) and the spread. */
const REPEATS = Number(process.env.CLAIMS_REPEATS ?? 3);
const SECTION = 'Agent claims (Redis)';

type Redis = ReturnType<typeof createRedis>;

interface RunResult {
  drive: string;
  run: string;
  claims: number;
  granted: number;
  seconds: number;
  /** Redis server CPU (user + system) per claim, releases of the steady run included. */
  redisCpuUsPerClaim: number;
  p50: number;
  p99: number;
  truncated: boolean;
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

/** Seconds of CPU the Redis server has used so far (user + system), from INFO cpu. */
async function redisCpuSeconds(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const field = (name: string) => Number(new RegExp(`${name}:([0-9.]+)`).exec(info)?.[1] ?? NaN);
  return field('used_cpu_user') + field('used_cpu_sys');
}

/**
 * Claims every call once, as the drive says. In the steady run a granted agent hangs up at once:
 * its release goes out on the same connection without the claiming loop waiting for it, as an
 * agent's hang-up is handled apart from the matcher.
 */
async function run(drive: Drive, name: string, pools: AgentPool[], admin: Redis, requirements: CallRequirement[], releaseAfterClaim: boolean, stop: { now: boolean }): Promise<RunResult> {
  const latencies: number[] = [];
  const releases: Array<Promise<boolean>> = [];
  let next = 0;
  let granted = 0;
  let clock = 2_000_000;
  const deadline = performance.now() + TIME_LIMIT_MS;
  const batchSize = 'batch' in drive ? drive.batch : 0;
  const batchLoop = async (pool: AgentPool) => {
    while (next < requirements.length && performance.now() < deadline && !stop.now) {
      const first = next;
      next = Math.min(requirements.length, next + batchSize);
      const callers = Array.from({ length: next - first }, (_, k) => ({ callId: `${name}-call-${first + k}`, requirements: [requirements[first + k] as CallRequirement] }));
      const started = performance.now();
      const claims = await pool.claimAgents({ callers, now: clock });
      const took = performance.now() - started;
      for (const [k, claim] of claims.entries()) {
        latencies.push(took);
        if (!claim) continue;
        granted++;
        if (releaseAfterClaim) releases.push(pool.releaseAgent(claim.agentId, (callers[k] as { callId: string }).callId, { backToReady: true, now: ++clock }));
      }
    }
  };
  const oneByOneLoop = async (pool: AgentPool) => {
    while (next < requirements.length && performance.now() < deadline && !stop.now) {
      const i = next++;
      const callId = `${name}-call-${i}`;
      const started = performance.now();
      const claim = await pool.claimAgent({ callId, requirement: requirements[i] as CallRequirement, now: clock });
      latencies.push(performance.now() - started);
      if (!claim) continue;
      granted++;
      if (releaseAfterClaim) releases.push(pool.releaseAgent(claim.agentId, callId, { backToReady: true, now: ++clock }));
    }
  };
  const cpuBefore = await redisCpuSeconds(admin);
  const started = performance.now();
  const loop = batchSize > 0 ? batchLoop : oneByOneLoop;
  await Promise.all(pools.flatMap((pool) => Array.from({ length: drive.inFlight }, () => loop(pool))));
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(releases);
  const redisCpu = (await redisCpuSeconds(admin)) - cpuBefore;
  latencies.sort((a, b) => a - b);
  return {
    drive: drive.name, run: name, claims: latencies.length, granted, seconds, redisCpuUsPerClaim: (redisCpu * 1e6) / latencies.length,
    p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), truncated: latencies.length < requirements.length,
  };
}

const rate = (r: RunResult) => r.claims / r.seconds;

/** One row per drive and run: the median repetition by claims/s, with the lowest and highest rate and the worst p99. */
function table(results: RunResult[][]): string {
  const rows = results.map((repeats) => {
    const sorted = [...repeats].sort((a, b) => rate(a) - rate(b));
    const median = sorted[Math.floor(sorted.length / 2)] as RunResult;
    const range = `${Math.round(rate(sorted[0] as RunResult))}–${Math.round(rate(sorted[sorted.length - 1] as RunResult))}`;
    const worstP99 = Math.max(...repeats.map((r) => r.p99));
    const truncated = repeats.some((r) => r.truncated) ? ' (time limit)' : '';
    return `| ${median.drive} | ${median.run}${truncated} | ${median.claims} | ${median.granted} | ${Math.round(rate(median))} | ${range} | ${median.p50.toFixed(3)} | ${median.p99.toFixed(3)} | ${worstP99.toFixed(3)} | ${Math.round(median.redisCpuUsPerClaim)} |`;
  });
  return [
    `| drive | run | claims | found an agent | claims/s (median of ${REPEATS}) | claims/s range | p50 ms | p99 ms | worst p99 ms | Redis CPU µs/claim |`,
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
  ].join('\n');
}

async function main(): Promise<void> {
  const logger = createLogger('silent');
  const connectionCount = Math.max(...DRIVES.map((d) => d.connections));
  const connections = Array.from({ length: connectionCount + 1 }, () => createRedis(REDIS_URL, logger));
  const [admin, ...claimConnections] = connections as [Redis, ...Redis[]];
  const prefix = `bench:acd:${randomBytes(6).toString('hex')}:`;
  const stop = { now: false };
  process.once('SIGINT', () => { stop.now = true; });
  try {
    const redisVersion = /redis_version:(\S+)/.exec(await admin.info('server'))?.[1] ?? 'unknown';
    // the sorted-set threshold the app sets at start (REDIS_ZSET_LISTPACK_ENTRIES, default 16; 'keep' leaves it)
    const wanted = process.env.REDIS_ZSET_LISTPACK_ENTRIES ?? '16';
    if (wanted !== 'keep') await ensureZsetListpackEntries(admin, Number(wanted));
    const zsetEntries = ((await admin.config('GET', 'zset-max-listpack-entries')) as string[])[1] ?? 'unknown';
    const random = prng(SEED);
    const requirements: CallRequirement[] = Array.from({ length: CALLS }, () => ({
      skills: [{ skill: `skill-${Math.floor(random() * SKILLS)}`, minProficiency: 1 + Math.floor(random() * 3) }],
    }));
    const loadBefore = loadavg().map((l) => l.toFixed(2)).join(' / ');
    const results: RunResult[][] = [];
    for (const [d, drive] of DRIVES.entries()) {
      if (!DRIVES_RUN.includes(d)) continue;
      for (const [name, release] of [['drain', false], ['steady', true]] as const) {
        const repeats: RunResult[] = [];
        for (let k = 0; k < REPEATS; k++) {
          const runPrefix = `${prefix}${d}-${name}-${k}:`;
          const pools = claimConnections.slice(0, drive.connections).map((redis) => createRedisAgentPool(redis, runPrefix));
          await fillPool(pools[0] as AgentPool, prng(SEED + 1));
          repeats.push(await run(drive, name, pools, admin, requirements, release, stop));
          await deleteKeys(admin, runPrefix);
        }
        results.push(repeats);
      }
    }

    const machine = `${availableParallelism()} CPUs (nproc), ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, Redis ${redisVersion} on 127.0.0.1 (zset-max-listpack-entries ${zsetEntries}), Node ${process.version}`;
    const date = new Date().toISOString().slice(0, 10);
    const load = `${loadBefore} before, ${loadavg().map((l) => l.toFixed(2)).join(' / ')} after the runs`;
    console.log(`Agent claims: ${AGENTS} agents, ${SKILLS} skills, ${CALLS} calls`);
    console.log(`${machine}; ${date}; load average (1 / 5 / 15 min) ${load}\n`);
    console.log(table(results));
    if (process.env.BENCH_WRITE === '0') return;
    await writeBenchmarkSection(SECTION, [
      `\`npx tsx bench/agent-claims.bench.ts\` — ${date}; ${machine}; load average (1 / 5 / 15 min) ${load}`,
      '(the 2 cores are shared with other work).',
      '',
      `${AGENTS} agents, each with 1–3 of ${SKILLS} skills at proficiency 1–5; ${CALLS} calls, each needing one random skill`,
      'at minimum proficiency 1–3. Each loop awaits its claim (or batch claim) before making the next; the drives:',
      ...DRIVES.map((d) => `- *${d.name}*: ${d.what}.`),
      '',
      'Runs: *drain*: nobody hangs up, so one call in five finds an agent; the others find no agent at their minimum.',
      '*steady*: each claimed agent hangs up at once and is released back to ready (to the back of the queue); the release goes',
      'out on the same connection without the claiming loop waiting for it (a hang-up is handled apart from the matcher), and',
      'claims/s counts claims only. Latency: one claim round trip (Lua script included) as the client sees it (for a batch, the',
      'batch\'s round trip, counted once per claim in it). Redis CPU: the',
      'server\'s user + system CPU over the run (INFO cpu) per claim, the steady run\'s releases and anything else the shared',
      'Redis served meanwhile included.',
      '',
      table(results),
    ].join('\n'));
  } finally {
    await deleteKeys(admin, prefix);
    await Promise.all(connections.map((c) => c.quit()));
  }
}

await main();
