-- During the turn: leaves the agent claimed for another instance's caller on that caller's entry.
-- KEYS[1] the waiting hash, KEYS[2] the call's taken marker, KEYS[3] the turn key.
-- ARGV: callId, instance, agentId, viaQueueId, turn token.
-- Returns 'done', 'changed' (a callback now, or this instance's own), 'taken', 'gone' or 'not_turn'.
local callId, instance, agentId, via, token = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
if not holdsTurn(KEYS[3], token) then return 'not_turn' end
local raw = redis.call('HGET', KEYS[1], callId)
if not raw then return goneOrTaken(KEYS[2]) end
local entry = cjson.decode(raw)
if type(entry['callbackId']) == 'string' or entry['owner'] == instance then return 'changed' end
entry['offer'] = { agentId = agentId, viaQueueId = via }
redis.call('HSET', KEYS[1], callId, cjson.encode(entry))
return 'done'
