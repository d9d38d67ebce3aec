-- The claim's choice and reservation, shared by claim-agent.lua (one call) and claim-agents.lua
-- (several callers in one script). Runs after lua/common.lua (agentKey, readyKey, callKey, the
-- ready-set helpers).
--
-- A requirement is read from the script's arguments as the language ('' for any), then each need
-- in order as min proficiency, number of skills, the skills (the need's skill, then its alternatives).
--
-- Candidates come from the ready sets of the first need's skills at its minimum proficiency
-- (readyKey(skill, min): only agents meeting that minimum), merged in score (readySince) order.
-- Each set is read two members first (the head, and whether the next is tied with it), then
-- `window` at a time, so a claim reads only as far as the first eligible agent plus the agents
-- tied with it. Everything happens in one script: no other client can run between choosing
-- the agent and reserving it.

-- The requirement in args[from..to]: its language and its needs.
local function readRequirement(args, from, to)
  local needs, at = {}, from + 1
  while at <= to do
    local count = tonumber(args[at + 1])
    local need = { min = tonumber(args[at]), skills = {} }
    for i = 1, count do need.skills[i] = args[at + 1 + i] end
    needs[#needs + 1] = need
    at = at + 2 + count
  end
  return args[from], needs
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

-- The agent to give a call of this requirement (earliest readySince, then the higher proficiency
-- in the first need, then the lower id) and its decoded skills, or nil. Drops stale ready-set entries.
local function selectAgent(language, needs, window)
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
  return best, bestSkills
end

-- Reserves the chosen agent for the call (reservation kept at `reservationKey`).
-- (The hash keeps its readySince: it is read only while the state is 'ready', and every way back
-- to ready writes a new one. Each redis.call costs more than the work of most of them.)
local function reserveAgent(agentId, skills, callId, now, reservationKey)
  removeFromReadySets(agentId, skills)
  redis.call('HSET', agentKey(agentId), 'state', 'reserved', 'callId', callId, 'reservedAt', now)
  redis.call('SET', reservationKey, agentId)
end
