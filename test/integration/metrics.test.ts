// GET /metrics, scraped and parsed as Prometheus would: first on the real Redis stores under a
// prefix of this test (the pool and call states counting at their source, the live figures read at
// the scrape, the access policy with real API tokens on PostgreSQL), then on the real app (main.ts
// as a child process), which also puts an agent left ready by the version before the
// per-proficiency ready sets into them when it starts.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Express } from 'express';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/adapters/db/migrate.js';
import { createHttpApp } from '../../src/adapters/http/create-http-app.js';
import { tokensRoutes } from '../../src/adapters/http/tokens-routes.js';
import { acdKeys } from '../../src/adapters/redis/acd/acd-keys.js';
import { createRedisAgentPool } from '../../src/adapters/redis/acd/redis-agent-pool.js';
import { createRedisAgentStateStore } from '../../src/adapters/redis/redis-agent-state-store.js';
import { createRedisCallStateStore } from '../../src/adapters/redis/redis-call-state-store.js';
import { createRedisWaitingList } from '../../src/adapters/redis/redis-waiting-list.js';
import { buildMetrics, type Metrics } from '../../src/compose/metrics.js';
import type { CallState } from '../../src/domain/call/call-flow-types.js';
import { TEST_ADMIN_TOKEN, testApiTokens } from '../support/api-access.js';
import { createPostgresTestDatabase, type TestDatabase } from '../support/db-fixtures.js';
import { startHotlineApp, waitFor, type HotlineApp } from '../support/hotline-app.js';
import { connectRedis, deleteKeys, randomPrefix, type RedisConnection } from './acd/acd-redis-fixtures.js';

/** One sample of the text format: name, labels, value. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a Prometheus text exposition; throws on a line that is neither a comment nor a sample. */
function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const pair of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[pair[1]!] = pair[2]!;
    samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return samples;
}

/** The value of the one sample of `name` with these labels (among others); throws when there is none. */
function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  const found = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (found.length !== 1) throw new Error(`${found.length} samples of ${name} ${JSON.stringify(labels)}`);
  return found[0]!.value;
}

/** The app on a free local port, with its address (to read answers that are not JSON). */
async function serve(app: Express): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function scrape(baseUrl: string, token: string | null, path = '/metrics') {
  const res = await fetch(`${baseUrl}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const text = await res.text();
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text };
}

describe('GET /metrics on the live state in Redis', () => {
  let testDb: TestDatabase;
  let redis: RedisConnection;
  let broken: RedisConnection;
  let prefix: string;
  let metrics: Metrics;
  let http: Awaited<ReturnType<typeof serve>>;
  let brokenHttp: Awaited<ReturnType<typeof serve>>;
  let baseUrl = '';
  const tokens: Record<string, string> = {};
  const clock = Date.parse('2026-12-05T02:00:00Z');

  const callState = (callId: string, phase: CallState['phase'], answeredAt: number, agentAnswered: boolean): CallState => ({
    callId, callerChannelId: `ch-${callId}`, callerNumber: '13800138000', dialedNumber: '12345', phase, playbackSeq: 0, currentPlaybackId: null,
    emergency: null, firstHangupSide: null, answeredAt: new Date(answeredAt).toISOString(), queueId: 'general', queuedAt: new Date(answeredAt).toISOString(),
    agent: { agentId: 'a1', extension: '2971', legChannelId: `leg-${callId}`, bridgeId: `br-${callId}`, answered: agentAnswered, offeredAt: new Date(answeredAt).toISOString(), answeredAt: agentAnswered ? new Date(clock).toISOString() : null },
  }) as unknown as CallState;

  beforeAll(async () => {
    testDb = await createPostgresTestDatabase();
    await migrate(testDb.db);
    redis = connectRedis();
    broken = connectRedis();
    prefix = randomPrefix();
    const sources = {
      pool: createRedisAgentPool(redis, prefix),
      calls: createRedisCallStateStore(redis, `${prefix}metrics-test:`),
      waiting: createRedisWaitingList(redis, prefix, { instance: 'metrics-test', aliveMs: 600_000, turnMs: 60_000 }),
      agentStates: createRedisAgentStateStore(redis, prefix),
      logger: pino({ level: 'silent' }),
      now: () => clock,
    };
    metrics = buildMetrics(sources);
    const apiTokens = testApiTokens(testDb.db);
    const app = createHttpApp([tokensRoutes(apiTokens), metrics.router], pino({ level: 'silent' }), apiTokens);
    http = await serve(app);
    baseUrl = http.baseUrl;
    for (const role of ['supervisor', 'admin', 'auditor'] as const) {
      const r = await fetch(`${baseUrl}/api/tokens`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: `metrics-${role}-${randomBytes(3).toString('hex')}`, role }),
      });
      expect(r.status).toBe(201);
      tokens[role] = ((await r.json()) as { token: string }).token;
    }
    // the same figures with a Redis connection that is closed: the scrape still answers
    await broken.quit();
    const brokenMetrics = buildMetrics({ ...sources, calls: createRedisCallStateStore(broken, `${prefix}x:`), waiting: createRedisWaitingList(broken, prefix, { instance: 'x', aliveMs: 1, turnMs: 1 }) });
    brokenHttp = await serve(createHttpApp([brokenMetrics.router], pino({ level: 'silent' }), apiTokens));
  });

  afterAll(async () => {
    await http?.close();
    await brokenHttp?.close();
    await deleteKeys(redis, prefix);
    await redis?.quit();
    await testDb?.dispose();
  });

  it('counts claims and answered calls at their source and reads waiting callers, agents and calls in progress when scraped', async () => {
    // three agents ready; the pool wrapped by the metrics claims two one by one and one in a batch
    for (const [agentId, since] of [['a1', 1_000], ['a2', 2_000], ['a3', 3_000]] as const) {
      await metrics.pool.setAgentReady(agentId, { skills: { general: 2 }, languages: ['zh'], readySince: since });
    }
    const need = { skills: [{ skill: 'general', minProficiency: 2 }] };
    expect(await metrics.pool.claimAgent({ callId: 'c1', requirement: need, now: 5_000 })).toEqual({ agentId: 'a1' });
    expect(await metrics.pool.claimAgent({ callId: 'c-none', requirement: { skills: [{ skill: 'tax', minProficiency: 1 }] }, now: 5_000 })).toBeNull();
    const batch = await metrics.pool.claimAgents({ callers: ['c2', 'c3', 'c4'].map((callId) => ({ callId, requirements: [need] })), now: 6_000 });
    expect(batch.map((c) => c?.agentId ?? null)).toEqual(['a2', 'a3', null]);

    // two calls put through to an agent, 4 s and 20 s after the caller's answer; saved again while talking: counted once
    await metrics.calls.save(callState('c1', 'agent_ringing', clock - 4_000, false));
    await metrics.calls.save(callState('c1', 'with_agent', clock - 4_000, true));
    await metrics.calls.save(callState('c1', 'with_agent', clock - 4_000, true));
    await metrics.calls.save(callState('c2', 'with_agent', clock - 20_000, true));

    // waiting: two callers in general (the first for 30 s), a callback in enterprise
    const waiting = createRedisWaitingList(redis, prefix, { instance: 'metrics-test', aliveMs: 600_000, turnMs: 60_000 });
    await waiting.beat();
    await waiting.add({ callId: 'w1', queueId: 'general', priority: 0, queuedAt: clock - 30_000 });
    await waiting.add({ callId: 'w2', queueId: 'general', priority: 0, queuedAt: clock - 5_000 });
    await waiting.add({ callId: 'w3', queueId: 'enterprise', priority: 0, queuedAt: clock - 8_000, callbackId: 'cb-1' });
    const states = createRedisAgentStateStore(redis, prefix);
    await states.save('a1', { status: 'on_call', since: clock, callId: 'c1', pendingNotReady: null });
    await states.save('a4', { status: 'ready', since: clock });
    await states.save('a5', { status: 'not_ready', since: clock, reason: 'break', note: null });

    const r = await scrape(baseUrl, tokens.supervisor!);
    expect(r.status).toBe(200);
    expect(r.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    const samples = parseExposition(r.text);
    expect(valueOf(samples, 'hotline_agent_claims_total')).toBe(3);
    expect(valueOf(samples, 'hotline_calls_answered_by_agent_total')).toBe(2);
    expect(valueOf(samples, 'hotline_calls_answered_within_15s_total')).toBe(1);
    expect(valueOf(samples, 'hotline_time_to_agent_seconds_bucket', { le: '5' })).toBe(1);
    expect(valueOf(samples, 'hotline_time_to_agent_seconds_bucket', { le: '15' })).toBe(1);
    expect(valueOf(samples, 'hotline_time_to_agent_seconds_bucket', { le: '20' })).toBe(2);
    expect(valueOf(samples, 'hotline_time_to_agent_seconds_sum')).toBe(24);
    expect(valueOf(samples, 'hotline_calls_in_progress')).toBe(2);
    expect(valueOf(samples, 'hotline_queue_waiting', { queue: 'general', kind: 'caller' })).toBe(2);
    expect(valueOf(samples, 'hotline_queue_waiting', { queue: 'enterprise', kind: 'callback' })).toBe(1);
    expect(valueOf(samples, 'hotline_queue_longest_wait_seconds', { queue: 'general' })).toBe(30);
    expect(valueOf(samples, 'hotline_agents', { state: 'on_call' })).toBe(1);
    expect(valueOf(samples, 'hotline_agents', { state: 'ready' })).toBe(1);
    expect(valueOf(samples, 'hotline_agents', { state: 'wrap_up' })).toBe(0);
    expect(valueOf(samples, 'hotline_live_figures_up')).toBe(1);
    // the process: prom-client's default metrics, the event-loop lag among them
    expect(valueOf(samples, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(valueOf(samples, 'nodejs_eventloop_lag_p99_seconds')).toBeGreaterThanOrEqual(0);
    expect(valueOf(samples, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);

    // the queue emptied: its series stays, at 0
    await waiting.remove('w1');
    await waiting.remove('w2');
    const after = parseExposition((await scrape(baseUrl, tokens.admin!)).text);
    expect(valueOf(after, 'hotline_queue_waiting', { queue: 'general', kind: 'caller' })).toBe(0);
    expect(valueOf(after, 'hotline_queue_longest_wait_seconds', { queue: 'general' })).toBe(0);
  });

  it('is for supervisors and admins: 401 without a token, 403 for an auditor, 400 for a query', async () => {
    expect((await scrape(baseUrl, null)).status).toBe(401);
    const auditor = await scrape(baseUrl, tokens.auditor!);
    expect(auditor.status).toBe(403);
    expect(auditor.text).toContain('role admin or supervisor');
    const bad = await scrape(baseUrl, tokens.supervisor!, '/metrics?name=hotline_agents');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('name');
  });

  it('answers without the live figures when Redis cannot be read, saying so', async () => {
    const r = await scrape(brokenHttp.baseUrl, tokens.supervisor!);
    expect(r.status).toBe(200);
    const samples = parseExposition(r.text);
    expect(valueOf(samples, 'hotline_live_figures_up')).toBe(0);
    expect(samples.some((s) => s.name === 'hotline_queue_waiting')).toBe(false);
    expect(valueOf(samples, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });

});

describe('GET /metrics on the real app', () => {
  let app: HotlineApp;
  let dir: string;
  let redis: RedisConnection;
  const prefix = `metrics-app-${randomBytes(4).toString('hex')}:`;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hotline-metrics-'));
    redis = connectRedis();
    // an agent made ready by the version before the per-proficiency ready sets: ready:general only
    const keys = acdKeys(prefix);
    await redis.hset(keys.agent('old-ready'), { state: 'ready', skills: JSON.stringify({ general: 3 }), languages: JSON.stringify(['zh']), readySince: '1000' });
    await redis.hset(keys.index, 'old-ready', 'ready');
    await redis.zadd(keys.ready('general'), 1000, 'old-ready');
    app = await startHotlineApp({
      env: {
        ARI_APP: `hotline-metrics-${randomBytes(3).toString('hex')}`,
        REDIS_PREFIX: prefix,
        PGLITE_DIR: join(dir, 'pglite'),
        LOG_LEVEL: 'warn',
        QUEUE_LOG_FILE: 'off',
        RECORDINGS_DIR: dir,
        SURVEY_QUIET_HOURS: '00:00-23:59',
        SURVEY_OUTBOUND_CONTEXT: 'hotline-metrics-nowhere',
        CALLBACK_OUTBOUND_CONTEXT: 'hotline-metrics-nowhere',
      },
    });
    await app.waitReady(150_000);
  }, 200_000);

  afterAll(async () => {
    await app?.stop();
    await deleteKeys(redis, prefix);
    await redis?.quit();
    await rm(dir, { recursive: true, force: true });
  });

  it('a supervisor’s token scrapes the process and the hotline figures; an agent’s is refused', async () => {
    const supervisor = await app.createToken('supervisor');
    const r = await scrape(app.baseUrl, supervisor);
    expect(r.status).toBe(200);
    const samples = parseExposition(r.text);
    expect(valueOf(samples, 'hotline_live_figures_up')).toBe(1);
    expect(valueOf(samples, 'hotline_calls_in_progress')).toBe(0);
    expect(valueOf(samples, 'hotline_agent_claims_total')).toBe(0);
    expect(valueOf(samples, 'hotline_agents', { state: 'ready' })).toBe(0);
    expect(valueOf(samples, 'process_start_time_seconds')).toBeGreaterThan(1.7e9);
    expect(samples.some((s) => s.name === 'nodejs_eventloop_lag_p99_seconds')).toBe(true);

    await app.request('POST', '/api/agents', { body: { agentId: 'metrics-agent', name: '指标员', extension: '2974', skills: { general: 3 }, languages: ['zh'], group: '一班' } });
    const agent = await app.createToken('agent', { agentId: 'metrics-agent' });
    expect((await scrape(app.baseUrl, agent)).status).toBe(403);
  });

  it('put the agent left ready by the earlier version into the ready sets of its proficiency at start', async () => {
    const keys = acdKeys(prefix);
    await waitFor('the ready sets rebuilt', async () => ((await redis.zscore(keys.ready('general', 3), 'old-ready')) === '1000' ? true : undefined));
    expect(await redis.zscore(keys.ready('general', 2), 'old-ready')).toBe('1000');
  });
});
