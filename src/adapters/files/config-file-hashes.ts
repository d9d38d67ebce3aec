// SHA-256 of each configuration file in a folder (the dialplans: *.conf and *.json), read from disk.
import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';

const CONFIG_FILE = /\.(conf|json)$/;

export async function configFileHashes(dir: string): Promise<Map<string, string>> {
  const names = (await readdir(dir)).filter((n) => CONFIG_FILE.test(n)).sort();
  const hashes = new Map<string, string>();
  for (const name of names) {
    hashes.set(name, createHash('sha256').update(await readFile(join(dir, name))).digest('hex'));
  }
  return hashes;
}
