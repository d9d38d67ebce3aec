// Writes one section of BENCHMARKS.md, replacing the section of the same heading if present.
import { readFile, writeFile } from 'node:fs/promises';

export async function writeBenchmarkSection(title: string, body: string): Promise<void> {
  const file = new URL('../BENCHMARKS.md', import.meta.url);
  const current = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return '# Benchmarks\n';
    throw err;
  });
  const heading = `## ${title}`;
  const section = `${heading}\n\n${body}\n`;
  const start = current.indexOf(heading);
  if (start === -1) {
    await writeFile(file, `${current.trimEnd()}\n\n${section}`);
    return;
  }
  const after = current.indexOf('\n## ', start + heading.length);
  const rest = after === -1 ? '' : `\n${current.slice(after + 1)}`;
  await writeFile(file, `${current.slice(0, start)}${section}${rest}`);
}
