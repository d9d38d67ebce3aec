-- Every entry, with whether its owner is alive (beat within ARGV[1] ms, Redis's clock).
-- KEYS[1] the waiting hash, KEYS[2] the instances hash. Returns { now, entryJson, alive(0/1), ... }.
local now = nowMs()
local beats = {}
local flat = redis.call('HGETALL', KEYS[2])
for i = 1, #flat, 2 do beats[flat[i]] = tonumber(flat[i + 1]) end
local out = {}
local all = redis.call('HGETALL', KEYS[1])
for i = 2, #all, 2 do
  local entry = cjson.decode(all[i])
  local beat = beats[entry['owner']]
  out[#out + 1] = all[i]
  out[#out + 1] = (beat and now - beat <= tonumber(ARGV[1])) and 1 or 0
end
return out
