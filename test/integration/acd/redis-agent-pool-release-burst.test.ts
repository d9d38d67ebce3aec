// A burst of releases on the real Redis: the releases made in one turn of the event loop reach
// Redis as one script (seen with MONITOR), each one released exactly as if alone, and a claim made
// right after a release still comes after it.
import { connect, type Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AgentPool, CallRequirement } from '../../../src/ports/acd/agent-pool.js';
import { poolPerTest, TEST_REDIS_URL } from './acd-redis-fixtures.js';

const tax: CallRequirement = { skills: [{ skill: 'tax', minProficiency: 1 }] };

describe('releases in a burst', () => {
  let pool: AgentPool;
  let prefix: string;
  poolPerTest((f) => ({ pool, prefix } = f));

  /** The agent pool scripts Redis ran on this test's keys, as MONITOR printed them. */
  let scripts: string[];
  let marks: string[];
  /** MONITOR on a plain socket (ioredis' own monitor mode trips over a busy server's output). */
  let monitor: Socket;
  /** Resolves once MONITOR has shown everything Redis ran before it: a marker command came through. */
  async function settled(): Promise<void> {
    const marker = `mark-${marks.length}-${Math.random().toString(36).slice(2)}`;
    for (let i = 0; !marks.includes(marker); i++) {
      if (i % 25 === 0) await pool.agentState(marker);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  beforeEach(async () => {
    scripts = [];
    marks = [];
    const url = new URL(TEST_REDIS_URL);
    monitor = connect(Number(url.port || 6379), url.hostname);
    let rest = '';
    monitor.setEncoding('utf8');
    monitor.on('data', (chunk: string) => {
      const lines = (rest + chunk).split('\r\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        // +<time> [<db> <client>] "<command>" "<arg>" ...: the first key of an eval is its 4th word
        const words = [...line.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1] ?? '');
        if (/^eval(sha)?$/i.test(words[0] ?? '') && words[3] === `${prefix}{acd}:agents`) scripts.push(words.slice(4).join(' '));
        const mark = /^hgetall$/i.test(words[0] ?? '') ? /:agent:(mark-.*)$/.exec(words[1] ?? '')?.[1] : undefined;
        if (mark) marks.push(mark);
      }
    });
    monitor.write('MONITOR\r\n');
    await settled();
    scripts = [];
  });
  afterEach(() => {
    monitor.destroy();
  });

  async function readyAndClaim(count: number): Promise<string[]> {
    const agents = Array.from({ length: count }, (_, i) => `a${String(i).padStart(3, '0')}`);
    for (const [i, agentId] of agents.entries()) await pool.setAgentReady(agentId, { skills: { tax: 2 }, languages: ['zh'], readySince: 1_000 + i });
    const claims = await pool.claimAgents({ callers: agents.map((_, i) => ({ callId: `c${i}`, requirements: [tax] })), now: 5_000 });
    expect(claims.map((c) => c?.agentId)).toEqual(agents);
    await settled();
    scripts = [];
    return agents;
  }

  it('twenty hang-ups at once: one script, each agent released as if alone, a stale release answered false', async () => {
    const agents = await readyAndClaim(20);
    const done = await Promise.all([
      ...agents.map((agentId, i) =>
        pool.releaseAgent(agentId, `c${i}`, i % 2 === 0 ? { backToReady: true, now: 9_000 + i } : { backToReady: false, now: 9_000 + i, state: 'wrap-up' })),
      pool.releaseAgent('a000', 'c-other', { backToReady: true, now: 9_999 }),
    ]);
    expect(done).toEqual([...agents.map(() => true), false]);
    await settled();
    expect(scripts).toHaveLength(1);
    for (const [i, agentId] of agents.entries()) {
      const state = await pool.agentState(agentId);
      if (i % 2 === 0) expect(state).toMatchObject({ state: 'ready', readySince: 9_000 + i, callId: null });
      else expect(state).toMatchObject({ state: 'wrap-up', readySince: null, callId: null });
      expect(await pool.reservationOf(`c${i}`)).toBeNull();
    }
    // back to ready in release order: the first released is offered first
    expect((await pool.claimAgent({ callId: 'next', requirement: tax, now: 10_000 }))?.agentId).toBe('a000');
  });

  it('a hundred and fifty at once go as scripts of at most 64 releases', async () => {
    const agents = await readyAndClaim(150);
    const done = await Promise.all(agents.map((agentId, i) => pool.releaseAgent(agentId, `c${i}`, { backToReady: true, now: 9_000 + i })));
    expect(done.every(Boolean)).toBe(true);
    await settled();
    expect(scripts).toHaveLength(3);
    expect(await pool.countByState()).toEqual({ ready: 150 });
  });

  it('a claim made right after a release, in the same turn, finds the agent released', async () => {
    const [agent] = await readyAndClaim(1);
    const released = pool.releaseAgent(agent!, 'c0', { backToReady: true, now: 9_000 });
    const claimed = pool.claimAgent({ callId: 'c1', requirement: tax, now: 9_001 });
    expect(await released).toBe(true);
    expect((await claimed)?.agentId).toBe(agent);
  });

  it('a bad release is refused at once and sends nothing', async () => {
    await expect(pool.releaseAgent('', 'c0', { backToReady: true, now: 1 })).rejects.toThrow(/agentId/);
    await settled();
    expect(scripts).toEqual([]);
  });
});
