-- The call flow removes its caller's entry; an agent left on it goes to the orphan list, for the
-- instance whose turn it is to release. KEYS[1] the waiting hash, KEYS[2] the orphan list.
-- ARGV: callId. Returns 1 if there was an entry.
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return 0 end
redis.call('HDEL', KEYS[1], ARGV[1])
local entry = cjson.decode(raw)
if type(entry['offer']) == 'table' then
  redis.call('RPUSH', KEYS[2], cjson.encode({ callId = ARGV[1], agentId = entry['offer']['agentId'] }))
end
return 1
