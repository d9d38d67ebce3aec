-- KEYS[1] index. ARGV: agent ids. Puts each of these agents that is ready into every ready set its
-- stored skills and readySince call for (ready<m>:<skill> for m = 1..proficiency), as
-- set-agent-ready.lua would have. Agents made ready by a version before the per-proficiency sets
-- (ready<m>, m = 2–5) are only in ready:<skill>; this brings them into the others. Idempotent: an
-- agent already in its sets changes nothing. Agents not ready, or with no readySince, are left alone.
-- Returns { ready agents among them, set entries added }.
-- Runs after lua/common.lua (agentKey, readyKey, the ready-set helpers).
local ready, added = 0, 0
for i = 1, #ARGV do
  local agentId = ARGV[i]
  local fields = redis.call('HMGET', agentKey(agentId), 'state', 'skills', 'readySince')
  if fields[1] == 'ready' and fields[2] and fields[3] then
    ready = ready + 1
    for skill, proficiency in pairs(decodeSkills(fields[2])) do
      for min = 1, proficiency do
        added = added + redis.call('ZADD', readyKey(skill, min), fields[3], agentId)
      end
    end
  end
end
return { ready, added }
