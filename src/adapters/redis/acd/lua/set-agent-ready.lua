-- KEYS[1] index. ARGV: agentId, skills JSON, languages JSON, readySince.
-- Returns 1, or 0 (changing nothing) when the agent is reserved for a call.
-- Runs after lua/common.lua (agentKey, readyKey, callKey, the ready-set helpers).
local agentId, skillsJson, languagesJson, readySince = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local key = agentKey(agentId)
local current = redis.call('HMGET', key, 'state', 'skills')
if current[1] == 'reserved' then return 0 end
removeFromReadySets(agentId, decodeSkills(current[2]))
redis.call('HDEL', key, 'callId', 'reservedAt')
redis.call('HSET', key, 'state', 'ready', 'skills', skillsJson, 'languages', languagesJson, 'readySince', readySince)
addToReadySets(agentId, cjson.decode(skillsJson), readySince)
redis.call('HSET', KEYS[1], agentId, '')
return 1
