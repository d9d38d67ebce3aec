// Secrets at rest: the app's data folders are the owner's alone (folders 0700, files 0600).
// The process umask (main.ts) covers what it creates; this takes away what older runs or
// other tools left open (PGlite wrote its files 0666 before the umask was set).
import { chmod, lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

export const OWNER_ONLY_DIR_MODE = 0o700;
export const OWNER_ONLY_FILE_MODE = 0o600;

/** Makes `path` (a folder, walked recursively, or a file) readable by its owner only. Symlinks are left alone. */
export async function restrictToOwner(path: string): Promise<void> {
  const info = await lstat(path);
  if (info.isSymbolicLink()) return;
  if (!info.isDirectory()) {
    if ((info.mode & 0o777 & ~OWNER_ONLY_FILE_MODE) !== 0) await chmod(path, info.mode & OWNER_ONLY_FILE_MODE);
    return;
  }
  if ((info.mode & 0o777) !== OWNER_ONLY_DIR_MODE) await chmod(path, OWNER_ONLY_DIR_MODE);
  for (const name of await readdir(path)) await restrictToOwner(join(path, name));
}
