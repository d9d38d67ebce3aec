// An agent whose account is deleted, forgotten by the pool: lua/remove-agent.lua.
import { acdScript } from './lua-common.js';

export const REMOVE_AGENT_LUA = acdScript('remove-agent');
