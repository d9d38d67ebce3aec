-- Gives up the floor watch's lead, only when this instance holds it. KEYS[1] the lead key. ARGV: this instance.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
