-- KEYS[1] index, KEYS[2] the call's reservation key.
-- ARGV: callId, now, window, then the requirement: language ('' for any), then each need in order
-- as min proficiency, number of skills, the skills (the need's skill, then its alternatives).
-- Returns { agentId, 'held' } when the call already holds an agent, { agentId, 'new' } for a fresh
-- reservation, or nil.
-- Runs after lua/common.lua and lua/claim-select.lua (the choice: selectAgent, reserveAgent).
local callId, now, window = ARGV[1], ARGV[2], tonumber(ARGV[3])

local held = redis.call('GET', KEYS[2])
if held then return { held, 'held' } end

local language, needs = readRequirement(ARGV, 4, #ARGV)
local best, skills = selectAgent(language, needs, window)
if best == nil then return nil end
reserveAgent(best, skills, callId, now, KEYS[2])
return { best, 'new' }
