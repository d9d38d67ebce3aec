// Key layout of the agent pool. Every key carries the hash tag `{acd}`, so in Redis Cluster they
// all hash to one slot: the Lua scripts may then touch any of them atomically (a script may only
// touch keys of one slot). The cost: the whole pool lives on one shard, which a pool of a few
// thousand agents fits easily. The prefix must not itself contain `{` or `}`.
// The scripts build agent, ready-set and call keys inside Lua from KEYS[1]: which agents a claim
// reads is only known while it runs, and reading them first would give up atomicity. Cluster
// executes such undeclared keys as long as they are in the script's slot, which the tag ensures.
//
//   <prefix>{acd}:agents            hash    agentId → '' (the index: every agent the pool knows; a
//                                           claim or release does not touch it, the state is in the agent's hash)
//   <prefix>{acd}:agent:<id>        hash    state, skills (JSON), languages (JSON), readySince, callId, reservedAt
//   <prefix>{acd}:ready:<skill>     zset    ready agents having that skill, scored by readySince
//   <prefix>{acd}:ready<m>:<skill>  zset    (m = 2–5) those of them at proficiency m or above, same scores:
//                                           a claim needing minimum m reads only this set of each skill
//   <prefix>{acd}:call:<callId>     string  the agent reserved for the call
//
// The scripts receive the index as KEYS[1] and build the other keys from its stem, so the stem
// here and in lua/common.lua (everything up to and including `{acd}:`) must agree.
export const AGENTS_INDEX_SUFFIX = 'agents';

export interface AcdKeys {
  index: string;
  agent(agentId: string): string;
  /** The ready set of `skill` holding agents at proficiency `min` (1–5, default 1: any) or above. */
  ready(skill: string, min?: number): string;
  call(callId: string): string;
}

export function acdKeys(prefix: string): AcdKeys {
  if (/[{}]/.test(prefix)) throw new Error(`Agent pool key prefix must not contain braces: ${prefix}`);
  const base = `${prefix}{acd}:`;
  return {
    index: `${base}${AGENTS_INDEX_SUFFIX}`,
    agent: (agentId) => `${base}agent:${agentId}`,
    ready: (skill, min = 1) => (min <= 1 ? `${base}ready:${skill}` : `${base}ready${min}:${skill}`),
    call: (callId) => `${base}call:${callId}`,
  };
}
