-- Takes the one serving turn among the instances, or keeps it. KEYS[1] the turn key.
-- ARGV: token, ms. Returns 1 when the token holds the turn for the next ms.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
return 0
