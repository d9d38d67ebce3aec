// The waiting list shared by two app instances on the real Redis, with the real agent pool: one
// order for both instances' callers, each entry naming its owner, the agent claimed by one
// instance for the other's caller taken by that owner only, and an instance that is gone never
// blocking the list nor holding an agent.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/adapters/log/create-logger.js';
import { createRedisAgentPool } from '../../../src/adapters/redis/acd/redis-agent-pool.js';
import { createRedisWaitingList, moveInstanceWaitingList } from '../../../src/adapters/redis/redis-waiting-list.js';
import { createAcdMatcher, type AcdMatcher } from '../../../src/app/acd/acd-matcher.js';
import type { WaitingCall } from '../../../src/domain/acd/acd-types.js';
import type { AgentPool } from '../../../src/ports/acd/agent-pool.js';
import type { SharedWaitingList } from '../../../src/ports/acd/waiting-list.js';
import type { AgentDirectory, AgentRecord } from '../../../src/ports/agent/agent-directory.js';
import { queue } from '../../unit/acd/acd-fixtures.js';
import { connectRedis, deleteKeys, randomPrefix, type RedisConnection } from './acd-redis-fixtures.js';

const T = 1_763_800_000_000;
const caller = (callId: string, queuedAtSec: number, extra: Partial<WaitingCall> = {}): WaitingCall => ({
  callId,
  queueId: 'general',
  priority: 0,
  queuedAt: T + queuedAtSec * 1000,
  ...extra,
});
const QUEUES = new Map([['general', queue({ id: 'general', requiredSkills: [{ skill: 'general', minProficiency: 1 }] })]]);
const directory = {
  get: async (agentId: string) => ({ agentId, extension: `8${agentId.length}` }) as AgentRecord,
} as unknown as AgentDirectory;

interface Instance {
  name: string;
  waiting: SharedWaitingList;
  matcher: AcdMatcher;
  /** Calls given an agent here, in order: [callId, agentId, viaQueueId]. */
  assigned: Array<[string, string, string]>;
  /** Calls whose flow took their agent (what `holds` answers). */
  taking: Set<string>;
}

describe('waiting list shared by two instances', () => {
  let redis: RedisConnection;
  let prefix: string;
  let pool: AgentPool;
  let a: Instance;
  let b: Instance;

  const instance = (name: string, aliveMs = 10_000): Instance => {
    const waiting = createRedisWaitingList(redis, prefix, { instance: name, aliveMs, turnMs: 5_000 });
    const self: Instance = { name, waiting, assigned: [], taking: new Set(), matcher: undefined as unknown as AcdMatcher };
    self.matcher = createAcdMatcher({
      waiting,
      pool,
      directory,
      queues: () => QUEUES,
      assign: async (callId, agentId, _ext, via) => {
        self.assigned.push([callId, agentId, via]);
      },
      holds: async (callId) => self.taking.has(callId) || !self.taking.size,
      now: () => T + 60_000,
      logger: createLogger('silent'),
    });
    return self;
  };
  const ready = (agentId: string, readySince = T) => pool.setAgentReady(agentId, { skills: { general: 3 }, languages: ['zh'], readySince });
  const stateOf = async (agentId: string) => (await pool.agentState(agentId))?.state;

  beforeEach(() => {
    redis = connectRedis();
    prefix = randomPrefix();
    pool = createRedisAgentPool(redis, prefix);
    a = instance('hotline');
    b = instance('hotline-b');
  });
  afterEach(async () => {
    await deleteKeys(redis, prefix);
    await redis.quit();
  });

  it("each instance lists both instances' callers, and each entry names the instance that added it", async () => {
    await a.waiting.add(caller('a1', 20));
    await b.waiting.add(caller('b1', 10));
    for (const x of [a, b]) {
      expect((await x.waiting.list()).map((c) => c.callId).sort()).toEqual(['a1', 'b1']);
      expect(await x.waiting.get('b1')).toEqual(caller('b1', 10));
    }
    const owners = Object.fromEntries((await a.waiting.entries()).map((e) => [e.call.callId, [e.owner, e.ownerAlive, e.offer]]));
    expect(owners).toEqual({ a1: ['hotline', true, null], b1: ['hotline-b', true, null] });
    await b.waiting.remove('b1');
    expect((await a.waiting.list()).map((c) => c.callId)).toEqual(['a1']);
  });

  it('the earlier caller held by the other instance gets the next ready agent; the owner rings it', async () => {
    await b.waiting.add(caller('b-earlier', 10));
    await a.waiting.add(caller('a-later', 20));
    await ready('zhang');
    // A's turn: the agent is left on B's caller, A's own later caller waits
    expect(await a.matcher.runOnce()).toBe(0);
    expect(a.assigned).toEqual([]);
    expect((await pool.agentState('zhang'))).toMatchObject({ state: 'reserved', callId: 'b-earlier' });
    const offered = (await a.waiting.entries()).find((e) => e.call.callId === 'b-earlier');
    expect(offered?.offer).toEqual({ agentId: 'zhang', viaQueueId: 'general' });
    // a second turn of A changes nothing: the same agent stays on the same caller
    expect(await a.matcher.runOnce()).toBe(0);
    expect((await pool.agentState('zhang'))?.callId).toBe('b-earlier');
    // B's round: it takes the agent left on its caller and rings it
    expect(await b.matcher.runOnce()).toBe(1);
    expect(b.assigned).toEqual([['b-earlier', 'zhang', 'general']]);
    expect((await a.waiting.list()).map((c) => c.callId)).toEqual(['a-later']);
    // the next agent goes to A's caller
    await ready('li');
    expect(await a.matcher.runOnce()).toBe(1);
    expect(a.assigned).toEqual([['a-later', 'li', 'general']]);
    expect(await a.waiting.list()).toEqual([]);
  });

  it('B serving first gives the same order: its own earlier caller, then A takes nothing of it', async () => {
    await a.waiting.add(caller('a-later', 20));
    await b.waiting.add(caller('b-earlier', 10));
    await ready('zhang');
    expect(await b.matcher.runOnce()).toBe(1);
    expect(b.assigned).toEqual([['b-earlier', 'zhang', 'general']]);
    expect(await a.matcher.runOnce()).toBe(0);
    expect((await a.waiting.list()).map((c) => c.callId)).toEqual(['a-later']);
  });

  it('only the instance whose turn it is takes its callers; an offer is taken by its owner only', async () => {
    await a.waiting.add(caller('a1', 10));
    await b.waiting.add(caller('b1', 20));
    expect(await a.waiting.takeTurn()).toBe(true);
    expect(await b.waiting.takeTurn()).toBe(false);
    expect(await b.waiting.take('b1', { kind: 'own' })).toBe('not_turn');
    expect(await a.waiting.take('b1', { kind: 'own' })).toBe('changed'); // not A's caller
    expect(await a.waiting.offer('a1', { agentId: 'zhang', viaQueueId: 'general' })).toBe('changed'); // A's own
    expect(await a.waiting.offer('b1', { agentId: 'zhang', viaQueueId: 'general' })).toBe('done');
    expect(await a.waiting.take('b1', { kind: 'offer', agentId: 'zhang' })).toBe('changed'); // not A's caller
    expect(await b.waiting.take('b1', { kind: 'offer', agentId: 'li' })).toBe('changed'); // another agent
    expect(await b.waiting.take('b1', { kind: 'offer', agentId: 'zhang' })).toBe('done');
    expect(await b.waiting.take('b1', { kind: 'offer', agentId: 'zhang' })).toBe('taken');
    expect(await a.waiting.take('a1', { kind: 'own' })).toBe('done');
    await a.waiting.endTurn();
    expect(await b.waiting.takeTurn()).toBe(true);
    expect(await b.waiting.take('never-there', { kind: 'own' })).toBe('gone');
  });

  it('a caller who hangs up after an agent was left on the entry: the agent goes back to the pool', async () => {
    await b.waiting.add(caller('b-gone', 10));
    await a.waiting.add(caller('a-next', 20));
    await ready('zhang');
    await a.matcher.runOnce();
    expect((await pool.agentState('zhang'))?.callId).toBe('b-gone');
    await b.waiting.remove('b-gone'); // B's call flow: the caller hung up
    // A's next turn releases the agent, then gives it to A's caller
    expect(await a.matcher.runOnce()).toBe(1);
    expect(a.assigned).toEqual([['a-next', 'zhang', 'general']]);
    expect(await redis.llen(`${prefix}waiting-orphans`)).toBe(0);
  });

  it("an instance that is gone: its callers keep their place but never block the list, and an agent left on one goes back", async () => {
    const shortA = instance('hotline', 300);
    const deadB = instance('hotline-b', 300);
    await deadB.waiting.add(caller('b-first', 5));
    await shortA.waiting.add(caller('a-second', 10));
    await ready('zhang');
    await shortA.matcher.runOnce();
    expect((await pool.agentState('zhang'))?.callId).toBe('b-first');
    // B says nothing any more
    await new Promise((r) => setTimeout(r, 400));
    expect((await shortA.waiting.entries()).find((e) => e.owner === 'hotline-b')?.ownerAlive).toBe(false);
    expect((await shortA.waiting.list()).map((c) => c.callId)).toEqual(['a-second']);
    expect(await shortA.matcher.runOnce()).toBe(1);
    expect(shortA.assigned).toEqual([['a-second', 'zhang', 'general']]);
    // B's caller is still there, without the agent, for when B is back
    const left = (await shortA.waiting.entries()).find((e) => e.call.callId === 'b-first');
    expect(left).toMatchObject({ owner: 'hotline-b', offer: null });
    // and B, back, serves its caller first again
    await ready('li');
    expect(await deadB.matcher.runOnce()).toBe(1);
    expect(deadB.assigned).toEqual([['b-first', 'li', 'general']]);
  });

  it("a call that did not take the agent (it left the queue meanwhile): the agent goes back to the pool", async () => {
    a.taking.add('someone-else');
    await a.waiting.add(caller('a1', 10));
    await ready('zhang');
    expect(await a.matcher.runOnce()).toBe(0);
    expect(a.assigned).toEqual([['a1', 'zhang', 'general']]);
    expect(await stateOf('zhang')).toBe('ready');
  });

  it('a callback entry keeps its owner and place, and is delivered by whichever instance has the turn', async () => {
    await b.waiting.add(caller('b-cb', 5));
    await a.waiting.add(caller('a1', 10));
    expect(await b.waiting.markCallback('b-cb', 'abcdef012345')).toBe(true);
    expect((await a.waiting.entries()).find((e) => e.call.callId === 'b-cb')).toMatchObject({
      owner: 'hotline-b',
      call: caller('b-cb', 5, { callbackId: 'abcdef012345' }),
    });
    await ready('zhang');
    expect(await a.matcher.runOnce()).toBe(1);
    expect(a.assigned).toEqual([['b-cb', 'zhang', 'general']]);
    expect(await b.matcher.runOnce()).toBe(0);
    expect(b.assigned).toEqual([]);
  });

  it("moves an instance's former own waiting hash into the shared list", async () => {
    await redis.hset(`${prefix}hotline-b:waiting`, 'old1', JSON.stringify(caller('old1', 3)));
    expect(await moveInstanceWaitingList(redis, prefix, 'hotline-b')).toBe(1);
    expect(await redis.exists(`${prefix}hotline-b:waiting`)).toBe(0);
    expect((await a.waiting.entries()).map((e) => [e.call.callId, e.owner])).toEqual([['old1', 'hotline-b']]);
  });
});
