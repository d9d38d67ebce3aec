// Releasing a reservation: lua/release-agent.lua.
import { acdScript } from './lua-common.js';

export const RELEASE_AGENT_LUA = acdScript('release-agent');
