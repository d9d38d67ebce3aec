-- Removes an entry for serving it, only as asked: 'own' (the instance whose turn it is, its own
-- caller), 'callback' (the instance whose turn it is, a callback entry) or 'offer' (the owner,
-- taking the agent another instance left on it). Marks it taken for a minute.
-- KEYS[1] the waiting hash, KEYS[2] the call's taken marker, KEYS[3] the turn key.
-- ARGV: callId, how, instance, agentId (for 'offer'), turn token.
-- Returns 'done', 'changed', 'taken', 'gone' or 'not_turn'.
local callId, how, instance, agentId, token = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
if how ~= 'offer' and not holdsTurn(KEYS[3], token) then return 'not_turn' end
local raw = redis.call('HGET', KEYS[1], callId)
if not raw then return goneOrTaken(KEYS[2]) end
local entry = cjson.decode(raw)
local isCallback = type(entry['callbackId']) == 'string'
local ok
if how == 'own' then
  ok = entry['owner'] == instance and not isCallback
elseif how == 'callback' then
  ok = isCallback
else
  ok = entry['owner'] == instance and not isCallback and type(entry['offer']) == 'table' and entry['offer']['agentId'] == agentId
end
if not ok then return 'changed' end
redis.call('HDEL', KEYS[1], callId)
redis.call('SET', KEYS[2], instance, 'PX', 60000)
return 'done'
