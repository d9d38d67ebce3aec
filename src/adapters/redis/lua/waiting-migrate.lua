-- Moves the entries of an instance's own waiting hash (the layout before the list was shared)
-- into the shared list, owned by that instance, unless the shared list has the caller already.
-- KEYS[1] the old hash, KEYS[2] the waiting hash. ARGV: instance. Returns how many moved.
local all = redis.call('HGETALL', KEYS[1])
local moved = 0
for i = 1, #all, 2 do
  if redis.call('HEXISTS', KEYS[2], all[i]) == 0 then
    local entry = cjson.decode(all[i + 1])
    entry['owner'] = ARGV[1]
    redis.call('HSET', KEYS[2], all[i], cjson.encode(entry))
    moved = moved + 1
  end
end
redis.call('DEL', KEYS[1])
return moved
