// docs/code-map.md tells the truth about src/: the folders its tree names for each layer are
// exactly the feature folders there are, and every file path the walk of one call names exists.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const repo = new URL('../../', import.meta.url);
const map = readFileSync(new URL('docs/code-map.md', repo), 'utf8');
const folders = (layer: string) =>
  readdirSync(new URL(`src/${layer}/`, repo), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();

/** The names the tree's line for a layer lists, e.g. "  app/  access acd agent …". */
function namedIn(layer: string): string[] {
  const tree = map.slice(map.indexOf('## The tree'));
  const line = tree.split('\n').find((l) => l.trimStart().startsWith(`${layer}/ `));
  if (!line) throw new Error(`the tree has no line for src/${layer}/`);
  return line.trim().slice(layer.length + 1).split(/\s+/).filter((w) => /^[a-z][a-z-]*$/.test(w)).sort();
}

describe('docs/code-map.md', () => {
  it.each(['domain', 'ports', 'app', 'adapters'])('names every folder of src/%s and no other', (layer) => {
    expect(namedIn(layer)).toEqual(folders(layer));
  });

  it('names only files that exist', () => {
    const paths = [...map.matchAll(/`((?:src|dialplans|test|web)\/[\w./-]+\.(?:tsx?|lua|conf))`/g)].map((m) => m[1]!);
    expect(paths.length).toBeGreaterThan(10);
    expect(paths.filter((p) => !existsSync(new URL(p, repo)))).toEqual([]);
  });
});
