-- Ends the turn if the token still holds it. KEYS[1] the turn key. ARGV: token.
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
