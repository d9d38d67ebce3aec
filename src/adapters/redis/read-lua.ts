// Lua scripts live as .lua files beside their adapter (as BullMQ keeps its commands/), read once
// when the adapter's module loads. The build copies every src/**/*.lua next to the compiled .js.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The named scripts of `dir` (`<name>.lua`), one after another, as one script. */
export function readLua(dir: URL, ...names: string[]): string {
  return names
    .map((name) => {
      const url = new URL(`${name}.lua`, dir);
      try {
        return readFileSync(url, 'utf8');
      } catch (err) {
        throw new Error(`Cannot read the Lua script ${fileURLToPath(url)}: ${(err as Error).message}. ` +
          'The build must copy src/**/*.lua next to the compiled .js files.', { cause: err });
      }
    })
    .join('\n');
}
