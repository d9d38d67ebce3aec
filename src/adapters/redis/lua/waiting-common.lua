-- Shared by the waiting-list scripts (each runs after this file). Entries are JSON: the waiting
-- call (callId, queueId, priority, queuedAt, callbackId?), `owner` (the ARI app holding the call)
-- and `offer` ({ agentId, viaQueueId }: an agent another instance claimed for the caller).
-- Numbers stay below 14 digits (ms times), so cjson keeps them exact.
local function nowMs()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

-- Whether `token` holds the serving turn (KEYS: the turn key).
local function holdsTurn(turnKey, token)
  return redis.call('GET', turnKey) == token
end

-- For an entry no longer there: 'taken' if an instance took it in the last minute, else 'gone'.
local function goneOrTaken(takenKey)
  if redis.call('EXISTS', takenKey) == 1 then return 'taken' end
  return 'gone'
end
