// The Settings table of docs/settings.md tells the truth about src/config.ts: every setting of
// configSchema has one row (its name backticked in the first column), and every backticked
// ALL_CAPS name anywhere in the table is a setting or a variable the stack scripts read.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeSettings } from '../../src/config.js';

const repo = new URL('../../', import.meta.url);
const VARIABLE = /`([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)`/g;

/** The rows of the first table under `## Settings`, as cells; throws if there is none. */
function settingsRows(markdown: string): string[][] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => l.trim() === '## Settings');
  if (start < 0) throw new Error('no "## Settings" section');
  const end = lines.findIndex((l, i) => i > start && l.startsWith('## '));
  const section = lines.slice(start + 1, end < 0 ? undefined : end);
  const first = section.findIndex((l) => l.startsWith('|'));
  if (first < 0) throw new Error('no table in "## Settings"');
  const rest = section.slice(first);
  const length = rest.findIndex((l) => !l.startsWith('|'));
  return (length < 0 ? rest : rest.slice(0, length))
    .slice(2) // header and |---| line
    .map((l) => l.replace(/^\||\|$/g, '').split(/(?<!\\)\|/).map((c) => c.trim()));
}

const namesIn = (text: string) => [...text.matchAll(VARIABLE)].map((m) => m[1]!);

describe('settingsRows', () => {
  it.each([
    ['a table', '## Settings\n\ntext\n\n| variable | default |\n|---|---|\n| `A_B`, `C_D` | `1` |\n| `E_F` | x \\| y |\n\nafter', [['`A_B`, `C_D`', '`1`'], ['`E_F`', 'x \\| y']]],
    ['only the first table, not the next section', '## Settings\n| v | d |\n|---|---|\n| `A_B` | 1 |\n## Other\n| v | d |\n|---|---|\n| `X_Y` | 2 |', [['`A_B`', '1']]],
    ['a table at the end of the file', '## Settings\n| v | d |\n|---|---|\n| `A_B` | 1 |', [['`A_B`', '1']]],
  ])('reads %s', (_name, markdown, rows) => {
    expect(settingsRows(markdown)).toEqual(rows);
  });

  it.each([
    ['no section', '## Set-up\n| v |\n|---|\n| `A_B` |', /no "## Settings" section/],
    ['no table', '## Settings\ntext only\n## Next\n| v |\n|---|\n| `A_B` |', /no table/],
  ])('refuses %s', (_name, markdown, message) => {
    expect(() => settingsRows(markdown)).toThrow(message);
  });

  it('finds backticked ALL_CAPS names only', () => {
    expect(namesIn('`HOTLINE_HTTP_HOST` / `HOTLINE_HTTP_PORT`, `off`, `dialplans/`, `Q_` `LOG_LEVEL`')).toEqual(['HOTLINE_HTTP_HOST', 'HOTLINE_HTTP_PORT', 'LOG_LEVEL']);
  });
});

describe('docs/settings.md settings table', () => {
  const rows = settingsRows(readFileSync(new URL('docs/settings.md', repo), 'utf8'));
  const settings = describeSettings().map((s) => s.name);

  it('has a row for every setting of src/config.ts', () => {
    const named = new Set(rows.flatMap((cells) => namesIn(cells[0] ?? '')));
    expect(settings.filter((name) => !named.has(name))).toEqual([]);
  });

  it('gives each setting one row only', () => {
    const named = rows.flatMap((cells) => namesIn(cells[0] ?? ''));
    expect(named.filter((name, i) => named.indexOf(name) !== i)).toEqual([]);
  });

  it('names only settings, or variables the stack scripts read', () => {
    const stackDir = new URL('scripts/stack/', repo);
    const stackScripts = [
      readFileSync(new URL('scripts/stack.sh', repo), 'utf8'),
      ...readdirSync(stackDir).filter((f) => f.endsWith('.sh')).map((f) => readFileSync(new URL(f, stackDir), 'utf8')),
    ].join('\n');
    const unknown = rows
      .flatMap((cells) => cells.flatMap(namesIn))
      .filter((name) => !settings.includes(name) && !new RegExp(`\\b${name}\\b`).test(stackScripts));
    expect(unknown).toEqual([]);
  });
});
