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
-- (Each stem is built once per script: a number-to-string conversion per key is dear in Lua.)
local readyStems = {}
local function readyKey(skill, min)
  local stem = readyStems[min]
  if stem == nil then
    if min <= 1 then stem = base .. 'ready:' else stem = base .. 'ready' .. min .. ':' end
    readyStems[min] = stem
  end
  return stem .. skill
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
