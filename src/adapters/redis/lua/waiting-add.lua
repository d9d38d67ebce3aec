-- Adds or replaces an entry, held by this instance, and says the instance is alive; an agent
-- already left on the entry stays (the same caller, added again).
-- KEYS[1] the waiting hash, KEYS[2] the instances hash. ARGV: callId, entry JSON, instance.
local entry = cjson.decode(ARGV[2])
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if raw then
  local old = cjson.decode(raw)
  if type(old['offer']) == 'table' then entry['offer'] = old['offer'] end
end
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(entry))
redis.call('HSET', KEYS[2], ARGV[3], nowMs())
return 1
