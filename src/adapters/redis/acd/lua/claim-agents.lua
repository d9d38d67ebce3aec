-- KEYS[1] index. Claims for several callers in their serving order, exactly as claim-agent.lua
-- would one call after another: for each caller its requirements are tried in order, the first
-- that finds an agent wins; a caller already holding an agent gets it back (as from its first
-- requirement).
-- ARGV: now, window, then per caller: callId, number of requirements, then per requirement the
-- number of its arguments and those arguments (as claim-agent.lua reads a requirement: language,
-- then the needs).
-- Returns, per caller in order, two items: the agent id ('' for none) and the 1-based index of
-- the requirement that matched (0 for none).
-- Runs after lua/common.lua and lua/claim-select.lua (the choice: selectAgent, reserveAgent).
local now, window = ARGV[1], tonumber(ARGV[2])
local replies, at = {}, 3
while at <= #ARGV do
  local callId, count = ARGV[at], tonumber(ARGV[at + 1])
  at = at + 2
  local reservationKey = callKey(callId)
  local agentId, matched = nil, 0
  if count > 0 then agentId = redis.call('GET', reservationKey) end
  if agentId then matched = 1 end
  for index = 1, count do
    local size = tonumber(ARGV[at])
    if matched == 0 then
      local language, needs = readRequirement(ARGV, at + 1, at + size)
      local best, skills = selectAgent(language, needs, window)
      if best ~= nil then
        reserveAgent(best, skills, callId, now, reservationKey)
        agentId, matched = best, index
      end
    end
    at = at + 1 + size
  end
  replies[#replies + 1] = agentId or ''
  replies[#replies + 1] = matched
end
return replies
