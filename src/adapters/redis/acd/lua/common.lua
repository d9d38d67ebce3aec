-- Lua shared by the agent pool scripts, run before each of them. KEYS[1] is always the index
-- `<prefix>{acd}:agents`; other keys are built from its stem (see acd-keys.ts). Those built keys
-- carry the same `{acd}` hash tag, so they sit in KEYS[1]'s cluster slot.

-- The stem of every pool key: the index key up to and including the `{acd}:` hash tag (the
-- prefix never contains braces).
local base = string.match(KEYS[1], '^(.-{acd}:)')
local function agentKey(id) return base .. 'agent:' .. id end
local function callKey(id) return base .. 'call:' .. id end

-- The ready set of the agents having `skill` at proficiency `min` or above: `ready:<skill>` for
-- any proficiency (min 1), `ready<min>:<skill>` for min 2–5. An agent of proficiency p is in the
-- sets 1..p of each of its skills, so a need of minimum m reads one set per skill.
local function readyKey(skill, min)
  if min <= 1 then return base .. 'ready:' .. skill end
  return base .. 'ready' .. min .. ':' .. skill
end

-- `skills` is the decoded skill → proficiency table of the agent's hash.
local function removeFromReadySets(agentId, skills)
  for skill, proficiency in pairs(skills) do
    for min = 1, proficiency do redis.call('ZREM', readyKey(skill, min), agentId) end
  end
end

local function addToReadySets(agentId, skills, readySince)
  for skill, proficiency in pairs(skills) do
    for min = 1, proficiency do redis.call('ZADD', readyKey(skill, min), readySince, agentId) end
  end
end

-- The agent's skills as stored in its hash (JSON), decoded; an absent field is no skills.
local function decodeSkills(skillsJson)
  if not skillsJson then return {} end
  return cjson.decode(skillsJson)
end
