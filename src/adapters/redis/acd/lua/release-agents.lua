-- KEYS[1] index. Releases several agents in one script, each exactly as if alone, in order.
-- ARGV: per release five items: agentId, callId, backToReady ('1' | '0'), now, state when not
-- back to ready. The pool sends the releases that arrive in the same tick together (one round
-- trip and one script for a burst of hang-ups).
-- Returns, per release in order, 1, or 0 (that release changed nothing: the call does not hold
-- the agent).
-- Runs after lua/common.lua (agentKey, readyKey, callKey, the ready-set helpers).
local function release(agentId, callId, backToReady, now, otherState)
  local key = agentKey(agentId)
  local current = redis.call('HMGET', key, 'state', 'callId', 'skills')
  if current[1] ~= 'reserved' or current[2] ~= callId then return 0 end
  -- The agent's hash names this call, so the call's reservation names this agent: each claim,
  -- release and drop writes both in one script.
  redis.call('DEL', callKey(callId))
  if backToReady then
    -- callId and reservedAt stay: they are read only while the state is 'reserved'
    redis.call('HSET', key, 'state', 'ready', 'readySince', now)
    addToReadySets(agentId, decodeSkills(current[3]), now)
  else
    redis.call('HDEL', key, 'callId', 'reservedAt', 'readySince')
    redis.call('HSET', key, 'state', otherState)
  end
  return 1
end

local replies = {}
for at = 1, #ARGV, 5 do
  replies[#replies + 1] = release(ARGV[at], ARGV[at + 1], ARGV[at + 2] == '1', ARGV[at + 3], ARGV[at + 4])
end
return replies
