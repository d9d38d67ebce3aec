// The ACD's turn over the shared waiting list, with scripted answers from the list: an agent
// claimed for an entry is released only when nobody can use it any more.
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/adapters/log/create-logger.js';
import { createAcdMatcher } from '../../../src/app/acd/acd-matcher.js';
import type { WaitingCall } from '../../../src/domain/acd/acd-types.js';
import type { SharedWaitingEntry } from '../../../src/domain/acd/waiting-order.js';
import type { AgentPool } from '../../../src/ports/acd/agent-pool.js';
import type { SharedWaitingList, TakeResult } from '../../../src/ports/acd/waiting-list.js';
import type { AgentDirectory, AgentRecord } from '../../../src/ports/agent/agent-directory.js';
import { queue } from '../acd/acd-fixtures.js';

const T = 1_763_800_000_000;
const call = (callId: string): WaitingCall => ({ callId, queueId: 'general', priority: 0, queuedAt: T });
const QUEUES = new Map([['general', queue({ id: 'general', requiredSkills: [{ skill: 'general', minProficiency: 1 }] })]]);

function setup(entry: SharedWaitingEntry, answer: TakeResult, opts: { turn?: boolean; holds?: boolean } = {}) {
  const released: string[] = [];
  const assigned: string[] = [];
  const asked: string[] = [];
  const waiting = {
    instance: 'hotline',
    entries: async () => [entry],
    beat: async () => undefined,
    takeTurn: async () => opts.turn ?? true,
    endTurn: async () => undefined,
    take: async (callId: string, as: { kind: string }) => {
      asked.push(`take:${as.kind}:${callId}`);
      return answer;
    },
    offer: async (callId: string) => {
      asked.push(`offer:${callId}`);
      return answer;
    },
    withdraw: async () => true,
    orphanedOffers: async () => [],
  } as unknown as SharedWaitingList;
  const pool = {
    claimAgent: async () => ({ agentId: 'zhang' }),
    claimAgents: async ({ callers }: { callers: unknown[] }) => callers.map(() => ({ agentId: 'zhang', requirementIndex: 0 })),
    releaseAgent: async (agentId: string, callId: string) => {
      released.push(`${agentId}:${callId}`);
      return true;
    },
    reservationOf: async () => ({ agentId: 'zhang' }),
  } as unknown as AgentPool;
  const directory = { get: async (agentId: string) => ({ agentId, extension: '8001' }) as AgentRecord } as unknown as AgentDirectory;
  const matcher = createAcdMatcher({
    waiting,
    pool,
    directory,
    queues: () => QUEUES,
    assign: async (callId, agentId) => {
      assigned.push(`${callId}:${agentId}`);
    },
    holds: async () => opts.holds ?? true,
    now: () => T + 5_000,
    logger: createLogger('silent'),
  });
  return { matcher, released, assigned, asked };
}

const entry = (callId: string, owner: string, extra: Partial<SharedWaitingEntry> = {}): SharedWaitingEntry => ({
  call: call(callId),
  owner,
  ownerAlive: true,
  offer: null,
  ...extra,
});

describe('the ACD turn over the shared list', () => {
  it.each([
    ['gone (the call flow removed it): the agent goes back', 'gone', ['zhang:c1']],
    ['taken by another instance: its agent is in use', 'taken', []],
    ['changed (now a callback): a later claim gets the same agent back', 'changed', []],
    ['not the turn any more: the next turn claims it again', 'not_turn', []],
  ] as const)("another instance's caller, %s", async (_name, answer, released) => {
    const t = setup(entry('c1', 'hotline-b'), answer);
    expect(await t.matcher.runOnce()).toBe(0);
    expect(t.asked).toEqual(['offer:c1']);
    expect(t.released).toEqual(released);
    expect(t.assigned).toEqual([]);
  });

  it('its own caller is taken and rung', async () => {
    const t = setup(entry('c1', 'hotline'), 'done');
    expect(await t.matcher.runOnce()).toBe(1);
    expect(t.asked).toEqual(['take:own:c1']);
    expect(t.assigned).toEqual(['c1:zhang']);
    expect(t.released).toEqual([]);
  });

  it('its own caller whose flow did not take the agent: the agent goes back', async () => {
    const t = setup(entry('c1', 'hotline'), 'done', { holds: false });
    expect(await t.matcher.runOnce()).toBe(0);
    expect(t.released).toEqual(['zhang:c1']);
  });

  it('a callback of any instance is taken as a callback and handed over; its delivery keeps the agent', async () => {
    const t = setup(entry('c1', 'hotline-c', { ownerAlive: false, call: { ...call('c1'), callbackId: 'abc' } }), 'done', { holds: false });
    expect(await t.matcher.runOnce()).toBe(1);
    expect(t.asked).toEqual(['take:callback:c1']);
    expect(t.released).toEqual([]);
  });

  it('without the turn: only the agents left on its own callers are taken', async () => {
    const t = setup(entry('c1', 'hotline', { offer: { agentId: 'zhang', viaQueueId: 'general' } }), 'done', { turn: false });
    expect(await t.matcher.runOnce()).toBe(1);
    expect(t.asked).toEqual(['take:offer:c1']);
    expect(t.assigned).toEqual(['c1:zhang']);
    const other = setup(entry('c2', 'hotline-b'), 'done', { turn: false });
    expect(await other.matcher.runOnce()).toBe(0);
    expect(other.asked).toEqual([]);
  });

  it("an instance that is not alive: the agent left on its caller is withdrawn and goes back; its caller is not served", async () => {
    const t = setup(entry('c1', 'hotline-b', { ownerAlive: false, offer: { agentId: 'li', viaQueueId: 'general' } }), 'done');
    expect(await t.matcher.runOnce()).toBe(0);
    expect(t.released).toEqual(['li:c1']);
    expect(t.asked).toEqual([]);
  });
});

describe('the hand-overs of a turn', () => {
  it('ring every taken caller’s agent at once; the turn ends without waiting, the round counts them when all have rung', async () => {
    const entries = ['c1', 'c2', 'c3'].map((id) => entry(id, 'hotline'));
    const started: string[] = [];
    const finish: Array<() => void> = [];
    const log: string[] = [];
    const waiting = {
      instance: 'hotline',
      entries: async () => entries,
      beat: async () => undefined,
      takeTurn: async () => true,
      endTurn: async () => void log.push('end turn'),
      take: async () => 'done' as TakeResult,
      orphanedOffers: async () => [],
    } as unknown as SharedWaitingList;
    const agents = ['zhang', 'li', 'wang'];
    const pool = {
      claimAgents: async ({ callers }: { callers: unknown[] }) => callers.map((_, i) => ({ agentId: agents[i], requirementIndex: 0 })),
      releaseAgent: async () => true,
    } as unknown as AgentPool;
    const matcher = createAcdMatcher({
      waiting,
      pool,
      directory: { get: async (agentId: string) => ({ agentId, extension: '8001' }) as AgentRecord } as unknown as AgentDirectory,
      queues: () => QUEUES,
      // ringing an agent waits for the call's earlier events and for Asterisk: here, until released
      assign: (callId, agentId) =>
        new Promise<void>((resolve) => {
          started.push(`${callId}:${agentId}`);
          finish.push(() => {
            log.push(`rang ${callId}`);
            resolve();
          });
        }),
      holds: async () => true,
      now: () => T + 5_000,
      logger: createLogger('silent'),
    });
    const round = matcher.runOnce();
    await new Promise((r) => setTimeout(r, 10));
    // all three are being rung while the first has not rung yet, and the turn is over
    expect(started).toEqual(['c1:zhang', 'c2:li', 'c3:wang']);
    expect(log).toEqual(['end turn']);
    for (const done of finish.reverse()) done();
    expect(await round).toBe(3);
    expect(log).toEqual(['end turn', 'rang c3', 'rang c2', 'rang c1']);
  });

  it('the next round does not wait for an agent still ringing', async () => {
    let entries = [entry('c1', 'hotline')];
    const started: string[] = [];
    // c1's agent never finishes ringing in this test
    const matcher = ownCallersMatcher(() => entries, (callId) => {
      started.push(callId);
      return callId === 'c1' ? new Promise<void>(() => undefined) : Promise.resolve();
    });
    matcher.kick();
    await new Promise((r) => setTimeout(r, 10));
    entries = [entry('c2', 'hotline')];
    matcher.kick();
    await new Promise((r) => setTimeout(r, 10));
    expect(started).toEqual(['c1', 'c2']);
  });

  it('a hand-over that fails fails the round after the others have rung', async () => {
    const entries = ['c1', 'c2'].map((id) => entry(id, 'hotline'));
    const rang: string[] = [];
    const matcher = ownCallersMatcher(() => entries, async (callId) => {
      if (callId === 'c1') throw new Error('ARI refused');
      await new Promise((r) => setTimeout(r, 20));
      rang.push(callId);
    });
    await expect(matcher.runOnce()).rejects.toThrow('ARI refused');
    expect(rang).toEqual(['c2']);
  });
});

/** A matcher whose turn takes every listed caller of its own, each given the agent `agent-<callId>`. */
function ownCallersMatcher(entries: () => SharedWaitingEntry[], assign: (callId: string) => Promise<void>) {
  return createAcdMatcher({
    waiting: {
      instance: 'hotline', entries: async () => entries(), beat: async () => undefined, takeTurn: async () => true,
      endTurn: async () => undefined, take: async () => 'done' as TakeResult, orphanedOffers: async () => [],
    } as unknown as SharedWaitingList,
    pool: {
      claimAgents: async ({ callers }: { callers: Array<{ callId: string }> }) => callers.map((c) => ({ agentId: `agent-${c.callId}`, requirementIndex: 0 })),
      releaseAgent: async () => true,
    } as unknown as AgentPool,
    directory: { get: async (agentId: string) => ({ agentId, extension: '8001' }) as AgentRecord } as unknown as AgentDirectory,
    queues: () => QUEUES,
    assign: (callId) => assign(callId),
    holds: async () => true,
    now: () => T + 5_000,
    logger: createLogger('silent'),
  });
}
