// The agent pool's Lua scripts (lua/*.lua), each run after the shared functions of
// lua/common.lua (keys built from KEYS[1], the ready-set helpers). Read once, at start.
import { readLua } from '../read-lua.js';

const LUA_DIR = new URL('./lua/', import.meta.url);

/** An agent pool script from its parts by name (lua/<name>.lua, in order), after the shared functions. */
export const acdScript = (...names: string[]): string => readLua(LUA_DIR, 'common', ...names);
