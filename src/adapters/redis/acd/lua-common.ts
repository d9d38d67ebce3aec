// Lua shared by the agent pool scripts. KEYS[1] is always the index `<prefix>{acd}:agents`;
// other keys are built from its stem (see acd-keys.ts). Those built keys carry the same `{acd}`
// hash tag, so they sit in KEYS[1]'s cluster slot.
import { AGENTS_INDEX_SUFFIX } from './acd-keys.js';

export const LUA_COMMON = `
local base = string.sub(KEYS[1], 1, -${AGENTS_INDEX_SUFFIX.length + 1})
local function agentKey(id) return base .. 'agent:' .. id end
local function readyKey(skill) return base .. 'ready:' .. skill end
local function callKey(id) return base .. 'call:' .. id end

local function removeFromReadySets(agentId, skillsJson)
  if not skillsJson then return end
  for skill in pairs(cjson.decode(skillsJson)) do
    redis.call('ZREM', readyKey(skill), agentId)
  end
end

local function addToReadySets(agentId, skillsJson, readySince)
  for skill in pairs(cjson.decode(skillsJson)) do
    redis.call('ZADD', readyKey(skill), readySince, agentId)
  end
end
`;
