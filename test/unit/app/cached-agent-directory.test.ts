// The agent directory kept in memory between reads: reads within the time are not sent to the
// store, a write through it is read back at once, a read overtaken by a write does not keep the
// old account, and an agent not found is asked again.
import { describe, expect, it } from 'vitest';
import { createCachedAgentDirectory } from '../../../src/app/agent/cached-agent-directory.js';
import type { AgentDirectory, AgentRecord, NewAgent } from '../../../src/ports/agent/agent-directory.js';

const T0 = Date.parse('2026-12-06T08:00:00.000Z');

const record = (a: NewAgent): AgentRecord => ({ ...a, createdAt: new Date(T0), updatedAt: new Date(T0) });
const newAgent = (agentId: string, extension: string): NewAgent => ({
  agentId, name: agentId, extension, skills: { general: 3 }, languages: ['zh'], group: 'day',
});

/** A store over a map that counts its reads; `hold` makes the next read wait until released. */
function countingStore() {
  const agents = new Map<string, AgentRecord>([['a1', record(newAgent('a1', '1001'))]]);
  const reads = { get: 0, byExtension: 0 };
  let held: Promise<void> | null = null;
  const store: AgentDirectory = {
    list: async () => [...agents.values()],
    async get(id) {
      reads.get += 1;
      const answer = agents.get(id) ?? null;
      if (held) await held;
      return answer;
    },
    async getByExtension(ext) {
      reads.byExtension += 1;
      return [...agents.values()].find((a) => a.extension === ext) ?? null;
    },
    async create(a) {
      const r = record(a);
      agents.set(a.agentId, r);
      return r;
    },
    async update(id, patch) {
      const before = agents.get(id);
      if (!before) return null;
      const after = { ...before, ...patch };
      agents.set(id, after);
      return after;
    },
    remove: async (id) => agents.delete(id),
    sipCredentials: async () => [],
    setSipCredential: async () => undefined,
  };
  const hold = () => {
    let release!: () => void;
    held = new Promise<void>((r) => (release = r));
    return () => {
      held = null;
      release();
    };
  };
  return { store, reads, hold };
}

describe('cached agent directory', () => {
  it('answers reads by id and by extension from memory until the time runs out', async () => {
    const { store, reads } = countingStore();
    let now = T0;
    const directory = createCachedAgentDirectory(store, 5_000, () => now);
    expect((await directory.get('a1'))?.extension).toBe('1001');
    expect((await directory.get('a1'))?.extension).toBe('1001');
    expect((await directory.getByExtension('1001'))?.agentId).toBe('a1');
    expect(reads).toEqual({ get: 1, byExtension: 0 });
    now += 4_999;
    await directory.get('a1');
    expect(reads.get).toBe(1);
    now += 1;
    await directory.get('a1');
    await directory.getByExtension('1001');
    expect(reads).toEqual({ get: 2, byExtension: 0 });
  });

  it('reads back at once what was written through it', async () => {
    const { store, reads } = countingStore();
    const directory = createCachedAgentDirectory(store, 5_000, () => T0);
    await directory.get('a1');
    await directory.update('a1', { extension: '1009', skills: { general: 5 } });
    expect(await directory.get('a1')).toMatchObject({ extension: '1009', skills: { general: 5 } });
    expect(await directory.getByExtension('1001')).toBeNull();
    expect((await directory.getByExtension('1009'))?.agentId).toBe('a1');
    await directory.remove('a1');
    expect(await directory.get('a1')).toBeNull();
    expect(reads.get).toBe(3);
  });

  it('does not keep an account read before a write that finished while the read was in flight', async () => {
    const { store, hold } = countingStore();
    const directory = createCachedAgentDirectory(store, 5_000, () => T0);
    const release = hold();
    const reading = directory.get('a1'); // reads the account with extension 1001, then waits
    await directory.update('a1', { extension: '1002' });
    release();
    expect((await reading)?.extension).toBe('1001');
    expect((await directory.get('a1'))?.extension).toBe('1002');
  });

  it('asks the store again for an agent it did not find, so a new account is seen at once', async () => {
    const { store, reads } = countingStore();
    const directory = createCachedAgentDirectory(store, 5_000, () => T0);
    expect(await directory.get('a2')).toBeNull();
    await store.create(newAgent('a2', '1002'), 'md5'); // created on another instance
    expect((await directory.get('a2'))?.extension).toBe('1002');
    expect(reads.get).toBe(2);
  });

  it('with no time set, is the store itself', () => {
    const { store } = countingStore();
    expect(createCachedAgentDirectory(store, 0, () => T0)).toBe(store);
  });
});
