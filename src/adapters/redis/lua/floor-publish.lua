-- Keeps a floor event in the stream and sends it on the channel, as one step, so every listener
-- gets the events in the stream's order. KEYS[1] the stream. ARGV: channel, how many to keep
-- (about), the event's JSON. Returns the event's id; the message sent is "<id> <json>".
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], '*', 'e', ARGV[3])
redis.call('PUBLISH', ARGV[1], id .. ' ' .. ARGV[3])
return id
