-- KEYS[1] index, KEYS[2] the call's reservation key.
-- ARGV: agentId, callId, backToReady ('1' | '0'), now, state when not back to ready.
-- Returns 1, or 0 (changing nothing) when the call does not hold the agent.
-- Runs after lua/common.lua (agentKey, readyKey, callKey, the ready-set helpers).
local agentId, callId, backToReady, now, otherState = ARGV[1], ARGV[2], ARGV[3] == '1', ARGV[4], ARGV[5]
local key = agentKey(agentId)
local current = redis.call('HMGET', key, 'state', 'callId', 'skills')
if current[1] ~= 'reserved' or current[2] ~= callId then return 0 end
if redis.call('GET', KEYS[2]) == agentId then redis.call('DEL', KEYS[2]) end
redis.call('HDEL', key, 'callId', 'reservedAt')
if backToReady then
  redis.call('HSET', key, 'state', 'ready', 'readySince', now)
  addToReadySets(agentId, decodeSkills(current[3]), now)
  redis.call('HSET', KEYS[1], agentId, 'ready')
else
  redis.call('HDEL', key, 'readySince')
  redis.call('HSET', key, 'state', otherState)
  redis.call('HSET', KEYS[1], agentId, otherState)
end
return 1
