-- KEYS[1] index, KEYS[2] the call's reservation key.
-- ARGV: callId, now, window, language ('' for any), then each need in order as
-- min proficiency, number of skills, the skills (the need's skill, then its alternatives).
-- Returns { agentId, 'held' } when the call already holds an agent, { agentId, 'new' } for a fresh
-- reservation, or nil.
--
-- Candidates come from the ready sets of the first need's skills at its minimum proficiency
-- (readyKey(skill, min): only agents meeting that minimum), merged in score (readySince) order.
-- Each set is read two members first (the head, and whether the next is tied with it), then
-- `window` at a time, so a claim reads only as far as the first eligible agent plus the agents
-- tied with it. Everything happens in this one script: no other client can run between choosing
-- the agent and reserving it.
-- Runs after lua/common.lua (agentKey, readyKey, callKey, the ready-set helpers).
local callId, now, window, language = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4]

local held = redis.call('GET', KEYS[2])
if held then return { held, 'held' } end

local needs, at = {}, 5
while at <= #ARGV do
  local count = tonumber(ARGV[at + 1])
  local need = { min = tonumber(ARGV[at]), skills = {} }
  for i = 1, count do need.skills[i] = ARGV[at + 1 + i] end
  needs[#needs + 1] = need
  at = at + 2 + count
end

local function bytesLess(a, b)
  local n = math.min(#a, #b)
  for i = 1, n do
    local x, y = string.byte(a, i), string.byte(b, i)
    if x ~= y then return x < y end
  end
  return #a < #b
end

-- Best proficiency among the need's skills that meets its minimum, or nil.
local function proficiencyFor(skills, need)
  local best = nil
  for _, skill in ipairs(need.skills) do
    local p = skills[skill]
    if type(p) == 'number' and p >= need.min and (best == nil or p > best) then best = p end
  end
  return best
end

local stale = {}

-- Proficiency in the first need if the agent is eligible, else nil; also its decoded skills.
-- The agent's own hash decides, so a ready-set entry that disagrees with it never wins.
local function eligibility(agentId)
  local fields = redis.call('HMGET', agentKey(agentId), 'state', 'skills', 'languages')
  if fields[1] ~= 'ready' or not fields[2] then
    table.insert(stale, agentId)
    return nil
  end
  local skills = cjson.decode(fields[2])
  local first = proficiencyFor(skills, needs[1])
  if first == nil then return nil end
  for i = 2, #needs do
    if proficiencyFor(skills, needs[i]) == nil then return nil end
  end
  if language ~= '' then
    local speaks = false
    for _, l in ipairs(cjson.decode(fields[3] or '[]')) do
      if l == language then speaks = true break end
    end
    if not speaks then return nil end
  end
  return first, skills
end

local sources = {}
for _, skill in ipairs(needs[1].skills) do
  table.insert(sources, { key = readyKey(skill, needs[1].min), buf = {}, pos = 1, offset = 0, done = false })
end

-- The next (member, score) of a source without consuming it, reading more if needed.
local function peek(src)
  if src.pos > #src.buf then
    if src.done then return nil end
    local size = window
    if src.offset == 0 then size = math.min(window, 2) end
    src.buf = redis.call('ZRANGE', src.key, src.offset, src.offset + size - 1, 'WITHSCORES')
    src.offset = src.offset + size
    src.pos = 1
    if #src.buf < 2 * size then src.done = true end
    if #src.buf == 0 then return nil end
  end
  return src.buf[src.pos], tonumber(src.buf[src.pos + 1])
end

local best, bestScore, bestProficiency, bestSkills = nil, nil, nil, nil
local seen = {}
while true do
  local from, member, score = nil, nil, nil
  for _, src in ipairs(sources) do
    local m, s = peek(src)
    if m and (score == nil or s < score or (s == score and bytesLess(m, member))) then
      from, member, score = src, m, s
    end
  end
  if from == nil then break end
  -- Past the earliest eligible readySince: nobody later can win.
  if best ~= nil and score > bestScore then break end
  from.pos = from.pos + 2
  if not seen[member] then
    seen[member] = true
    local proficiency, skills = eligibility(member)
    if proficiency ~= nil and (best == nil or proficiency > bestProficiency
        or (proficiency == bestProficiency and bytesLess(member, best))) then
      best, bestScore, bestProficiency, bestSkills = member, score, proficiency, skills
    end
  end
end

-- Members of a ready set whose agent is not ready should not exist; drop any found.
for _, agentId in ipairs(stale) do
  for _, src in ipairs(sources) do redis.call('ZREM', src.key, agentId) end
end

if best == nil then return nil end
removeFromReadySets(best, bestSkills)
redis.call('HSET', agentKey(best), 'state', 'reserved', 'callId', callId, 'reservedAt', now)
redis.call('HDEL', agentKey(best), 'readySince')
redis.call('HSET', KEYS[1], best, 'reserved')
redis.call('SET', KEYS[2], best)
return { best, 'new' }
