-- Saves a call's live state in one step: one command where MULTI, SET, SADD, SET, EXEC were five.
-- KEYS[1] the call's state, KEYS[2] the index of calls, KEYS[3] (optional) the record of which app
-- holds the call. ARGV: the call's id, the state's JSON, the TTL in seconds, the app (with KEYS[3]).
redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
redis.call('SADD', KEYS[2], ARGV[1])
if KEYS[3] then redis.call('SET', KEYS[3], ARGV[4], 'EX', ARGV[3]) end
return 1
