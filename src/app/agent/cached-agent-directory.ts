// The agent directory as the live side reads it: an agent's account is read for every event of
// its machine, every hand-over of the ACD and every device change, about 19 reads a call at the
// capacity bench, each a database round trip. Reads by id and by extension are kept for `ttlMs`;
// every write through this directory forgets what was kept, so a change made on this instance is
// read back at once. A change made on another instance is seen within `ttlMs` (as the queue
// catalogue's snapshot is). An agent not found is never kept: a new account is seen at once.
import type { AgentDirectory, AgentRecord } from '../../ports/agent/agent-directory.js';

interface Kept {
  agent: AgentRecord;
  until: number;
}

export function createCachedAgentDirectory(store: AgentDirectory, ttlMs: number, now: () => number): AgentDirectory {
  if (ttlMs <= 0) return store;
  const byId = new Map<string, Kept>();
  const byExtension = new Map<string, Kept>();
  let generation = 0; // a read that began before a write must not keep what it read

  function fresh(kept: Kept | undefined): AgentRecord | undefined {
    return kept && kept.until > now() ? kept.agent : undefined;
  }
  function keep(agent: AgentRecord | null, readFrom: number): AgentRecord | null {
    if (agent && readFrom === generation) {
      const kept = { agent, until: now() + ttlMs };
      byId.set(agent.agentId, kept);
      byExtension.set(agent.extension, kept);
    }
    return agent;
  }
  function forget(): void {
    generation += 1;
    byId.clear();
    byExtension.clear();
  }
  async function writing<T>(write: () => Promise<T>): Promise<T> {
    forget();
    try {
      return await write();
    } finally {
      forget();
    }
  }

  return {
    list: () => store.list(),
    async get(agentId) {
      const kept = fresh(byId.get(agentId));
      if (kept) return kept;
      const from = generation;
      return keep(await store.get(agentId), from);
    },
    async getByExtension(extension) {
      const kept = fresh(byExtension.get(extension));
      if (kept) return kept;
      const from = generation;
      return keep(await store.getByExtension(extension), from);
    },
    create: (agent, md5) => writing(() => store.create(agent, md5)),
    update: (agentId, patch, md5) => writing(() => store.update(agentId, patch, md5)),
    remove: (agentId) => writing(() => store.remove(agentId)),
    sipCredentials: () => store.sipCredentials(),
    setSipCredential: (agentId, md5) => writing(() => store.setSipCredential(agentId, md5)),
  };
}
