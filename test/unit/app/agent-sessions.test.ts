// Agent sessions on the per-key machine runner, over in-memory fakes of the directory, the state
// store and the agent pool: the HTTP answers (not found, state conflict) made at the edge, the
// effects in the machine's order, the wrap-up timer fed back through the agent's queue.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AgentNotFoundError, AgentStateConflictError, createAgentSessions } from '../../../src/app/agent/agent-sessions.js';
import type { AgentState } from '../../../src/domain/agent/agent-types.js';
import type { AgentPool } from '../../../src/ports/acd/agent-pool.js';
import type { AgentDirectory, AgentRecord } from '../../../src/ports/agent/agent-directory.js';
import type { AgentStateStore } from '../../../src/ports/agent/agent-state-store.js';
import type { Logger } from '../../../src/ports/logger.js';

const T0 = Date.parse('2026-11-22T08:00:00.000Z');
const quiet: Logger = { child: () => quiet, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

const agent = (agentId: string, extension: string): AgentRecord => ({
  agentId,
  name: agentId,
  extension,
  skills: { general: 5 },
  languages: ['zh'],
  group: 'day',
  createdAt: new Date(T0),
  updatedAt: new Date(T0),
});

function harness(wrapUpSeconds = 10) {
  const agents = new Map([['a1', agent('a1', '1001')]]);
  const states = new Map<string, AgentState>();
  const trail: string[] = [];
  let now = T0;
  const directory = {
    get: async (id: string) => agents.get(id) ?? null,
    getByExtension: async (ext: string) => [...agents.values()].find((a) => a.extension === ext) ?? null,
  } as unknown as AgentDirectory;
  const store: AgentStateStore = {
    get: async (id) => states.get(id) ?? null,
    save: async (id, s) => {
      states.set(id, s);
      trail.push(`save ${s.status}`);
    },
    all: async () => Object.fromEntries(states),
    remove: async (id) => void states.delete(id),
  };
  const pool = {
    setAgentReady: async (id: string) => (trail.push(`pool ready ${id}`), true),
    setAgentUnavailable: async (id: string, why: string) => (trail.push(`pool ${why} ${id}`), { droppedCallId: null }),
    releaseAgent: async (id: string, callId: string) => (trail.push(`pool release ${id} ${callId}`), true),
    removeAgent: async (id: string) => (trail.push(`pool remove ${id}`), { droppedCallId: 'c9' }),
  } as unknown as AgentPool;
  const changes: Array<[string, string, string, string]> = [];
  const sessions = createAgentSessions({
    directory,
    states: store,
    pool,
    presence: null,
    wrapUpSeconds,
    now: () => now,
    logger: quiet,
    releaseCall: async (callId) => void trail.push(`release ${callId}`),
    onReady: () => void trail.push('kick'),
    onStatusChange: (id, ext, from, to) => void changes.push([id, ext, from.status, to.status]),
  });
  return { sessions, states, trail, changes, advance: (ms: number) => (now += ms) };
}

describe('agent sessions', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('logs an agent in, saves and publishes the state, and announces the change', async () => {
    const h = harness();
    await expect(h.sessions.login('a1', true)).resolves.toEqual({ status: 'ready', since: T0 });
    expect(h.states.get('a1')).toEqual({ status: 'ready', since: T0 });
    expect(h.trail).toEqual(['save ready', 'pool ready a1', 'kick']);
    expect(h.changes).toEqual([['a1', '1001', 'offline', 'ready']]);
  });

  it('answers an unknown agent with AgentNotFoundError, for commands, call events and the state', async () => {
    const h = harness();
    await expect(h.sessions.login('ghost', true)).rejects.toBeInstanceOf(AgentNotFoundError);
    await expect(h.sessions.onCallEvent('ghost', 'c1', 'offered')).rejects.toBeInstanceOf(AgentNotFoundError);
    await expect(h.sessions.state('ghost')).rejects.toBeInstanceOf(AgentNotFoundError);
    expect(h.trail).toEqual([]);
  });

  it('refuses a command the state does not take with AgentStateConflictError, changing nothing', async () => {
    const h = harness();
    await expect(h.sessions.setReady('a1')).rejects.toThrow(new AgentStateConflictError('Agent a1 cannot set ready while offline'));
    await expect(h.sessions.logout('a1')).rejects.toBeInstanceOf(AgentStateConflictError);
    expect(h.trail).toEqual([]);
    expect(h.changes).toEqual([]);
  });

  it('answers a call event the state does not take with the state as it is', async () => {
    const h = harness();
    await h.sessions.login('a1', true);
    await expect(h.sessions.onCallEvent('a1', 'c1', 'answered')).resolves.toBeUndefined();
    expect(h.states.get('a1')).toEqual({ status: 'ready', since: T0 });
  });

  it('releases a ringing call before publishing the not-ready state (the machine\'s order)', async () => {
    const h = harness();
    await h.sessions.login('a1', true);
    await h.sessions.onCallEvent('a1', 'c1', 'offered');
    h.trail.length = 0;
    const state = await h.sessions.setNotReady('a1', 'break', '去质检室');
    expect(state).toEqual({ status: 'not_ready', since: T0, reason: 'break', note: '去质检室' });
    expect(h.trail).toEqual(['release c1', 'save not_ready', 'pool not-ready a1']);
  });

  it('feeds the wrap-up expiry back through the agent\'s queue: ready again', async () => {
    const h = harness(10);
    await h.sessions.login('a1', true);
    await h.sessions.onCallEvent('a1', 'c1', 'offered');
    await h.sessions.onCallEvent('a1', 'c1', 'answered');
    await h.sessions.onCallEvent('a1', 'c1', 'call_ended');
    expect(h.states.get('a1')?.status).toBe('wrap_up');
    h.advance(10_000);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(h.states.get('a1')).toEqual({ status: 'ready', since: T0 + 10_000 });
    expect(h.changes.map(([, , from, to]) => `${from}>${to}`)).toEqual(['offline>ready', 'ready>ringing', 'ringing>on_call', 'on_call>wrap_up', 'wrap_up>ready']);
  });

  it('runs one agent\'s commands one after another, in the order asked', async () => {
    const h = harness();
    const answers = await Promise.allSettled([h.sessions.login('a1', false), h.sessions.setReady('a1'), h.sessions.login('a1', true)]);
    expect(answers.map((a) => a.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    expect(h.changes.map(([, , from, to]) => `${from}>${to}`)).toEqual(['offline>not_ready', 'not_ready>ready']);
  });

  it('forgets an agent in its queue: state gone, pool entry removed, its reserved call released', async () => {
    const h = harness();
    await h.sessions.login('a1', true);
    h.trail.length = 0;
    await h.sessions.forget('a1', { general: 5 });
    expect(h.states.has('a1')).toBe(false);
    expect(h.trail).toEqual(['pool remove a1', 'release c9']);
  });
});
