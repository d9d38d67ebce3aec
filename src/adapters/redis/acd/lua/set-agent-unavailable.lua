-- KEYS[1] index. ARGV: agentId, state (never 'ready' or 'reserved').
-- Returns the call whose reservation was dropped, or nil.
-- Runs after lua/common.lua (agentKey, readyKey, callKey, the ready-set helpers).
local agentId, state = ARGV[1], ARGV[2]
local key = agentKey(agentId)
local current = redis.call('HMGET', key, 'state', 'skills', 'callId')
removeFromReadySets(agentId, decodeSkills(current[2]))
local dropped = false
if current[1] == 'reserved' and current[3] then
  dropped = current[3]
  if redis.call('GET', callKey(dropped)) == agentId then redis.call('DEL', callKey(dropped)) end
end
redis.call('HDEL', key, 'callId', 'reservedAt', 'readySince')
redis.call('HSET', key, 'state', state)
redis.call('HSET', KEYS[1], agentId, '')
return dropped
