-- KEYS[1] index. ARGV: agentId, then further skills whose ready sets to leave (the skills the
-- agent's record names, in case the pool's copy is older).
-- Forgets the agent (its account is deleted): out of every ready set, its reservation dropped,
-- its hash and index entry deleted. Returns the call whose reservation was dropped, or nil.
-- Runs after lua/common.lua (agentKey, readyKey, callKey, the ready-set helpers).
local agentId = ARGV[1]
local key = agentKey(agentId)
local current = redis.call('HMGET', key, 'state', 'skills', 'callId')
removeFromReadySets(agentId, decodeSkills(current[2]))
-- The further skills at every proficiency: the pool's copy does not say at which it was ready.
for i = 2, #ARGV do
  for min = 1, 5 do redis.call('ZREM', readyKey(ARGV[i], min), agentId) end
end
local dropped = false
if current[1] == 'reserved' and current[3] then
  dropped = current[3]
  if redis.call('GET', callKey(dropped)) == agentId then redis.call('DEL', callKey(dropped)) end
end
redis.call('DEL', key)
redis.call('HDEL', KEYS[1], agentId)
return dropped
