// The claim: lua/claim-agent.lua (its keys, arguments and reply are described there).
import { acdScript } from './lua-common.js';

export const CLAIM_AGENT_LUA = acdScript('claim-agent');
