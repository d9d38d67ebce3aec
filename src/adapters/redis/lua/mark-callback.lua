-- Adds the callback id to a waiting-list entry only if it is still there (numbers stay below
-- 14 digits: ms times, so cjson keeps them exact).
-- KEYS[1] the waiting-list hash. ARGV: callId, callbackId. Returns 1, or 0 when the entry is gone.
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if not raw then return 0 end
local entry = cjson.decode(raw)
entry['callbackId'] = ARGV[2]
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(entry))
return 1
