-- Lua shared by the agent pool scripts, run before each of them. KEYS[1] is always the index
-- `<prefix>{acd}:agents`; other keys are built from its stem (see acd-keys.ts). Those built keys
-- carry the same `{acd}` hash tag, so they sit in KEYS[1]'s cluster slot.

-- The stem of every pool key: the index key up to and including the `{acd}:` hash tag (the
-- prefix never contains braces).
local base = string.match(KEYS[1], '^(.-{acd}:)')
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
