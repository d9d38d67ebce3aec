// An agent no longer available to claims (any state but ready or reserved): lua/set-agent-unavailable.lua.
import { acdScript } from './lua-common.js';

export const SET_AGENT_UNAVAILABLE_LUA = acdScript('set-agent-unavailable');
