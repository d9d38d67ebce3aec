-- During the turn: takes the agent off the entry of an instance that is not alive, if it is still
-- that instance's entry with that agent. KEYS[1] the waiting hash, KEYS[2] the turn key.
-- ARGV: callId, owner, agentId, turn token. Returns 1 if withdrawn.
local callId, owner, agentId, token = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
if not holdsTurn(KEYS[2], token) then return 0 end
local raw = redis.call('HGET', KEYS[1], callId)
if not raw then return 0 end
local entry = cjson.decode(raw)
if entry['owner'] ~= owner or type(entry['offer']) ~= 'table' or entry['offer']['agentId'] ~= agentId then return 0 end
entry['offer'] = nil
redis.call('HSET', KEYS[1], callId, cjson.encode(entry))
return 1
