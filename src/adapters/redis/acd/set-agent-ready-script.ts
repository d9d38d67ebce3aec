// An agent ready: lua/set-agent-ready.lua.
import { acdScript } from './lua-common.js';

export const SET_AGENT_READY_LUA = acdScript('set-agent-ready');
