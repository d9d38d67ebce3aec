-- The floor watch's lead: taken when free, kept (its time renewed) by the instance holding it.
-- KEYS[1] the lead key. ARGV: this instance, the lead's time in ms. Returns 1 when this instance holds it.
local holder = redis.call('GET', KEYS[1])
if holder == false then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
