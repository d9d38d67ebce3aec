// Asterisk's recording folder as seen from the host (RECORDINGS_DIR): the files of the
// Recordings port. Names are checked before they touch a path, so no name can leave the folder.
import { createReadStream } from 'node:fs';
import { readdir, stat, unlink } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { join, resolve } from 'node:path';
import type { RecordingFileName, RecordingFiles } from '../../ports/audit/recordings.js';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;
const FORMAT = /^[a-z0-9]{2,8}$/;
/** The formats Asterisk records in that the sweeper may delete; anything else is left alone. */
const AUDIO_FILE = /^([A-Za-z0-9][A-Za-z0-9._-]{0,199})\.(wav|wav16|gsm|ulaw|alaw|sln|sln16|g722)$/;

export interface RecordingFolder extends RecordingFiles {
  readonly dir: string;
  /** Absolute path of the file. Throws on a name that is not a plain recording name. */
  pathOf(file: RecordingFileName): string;
  /** Reads the file (errors, a missing file included, come out of the stream). */
  open(file: RecordingFileName): Readable;
}

const isMissing = (err: unknown) => (err as NodeJS.ErrnoException | null)?.code === 'ENOENT';

export function createRecordingFolder(dir: string): RecordingFolder {
  const root = resolve(dir);

  function pathOf(file: RecordingFileName): string {
    if (!NAME.test(file.name) || file.name.includes('..') || !FORMAT.test(file.format)) {
      throw new Error(`Not a recording file name: ${JSON.stringify(`${file.name}.${file.format}`)}`);
    }
    return join(root, `${file.name}.${file.format}`);
  }

  return {
    dir: root,
    pathOf,
    open: (file) => createReadStream(pathOf(file)),
    async stat(file) {
      try {
        const s = await stat(pathOf(file));
        return s.isFile() ? { size: s.size } : null;
      } catch (err) {
        if (isMissing(err)) return null;
        throw err;
      }
    },
    async remove(file) {
      try {
        await unlink(pathOf(file));
        return 'removed';
      } catch (err) {
        if (isMissing(err)) return 'missing';
        throw err;
      }
    },
    async listOlderThan(cutoff) {
      let names: string[];
      try {
        names = await readdir(root);
      } catch (err) {
        if (isMissing(err)) return [];
        throw err;
      }
      const old: RecordingFileName[] = [];
      for (const entry of names) {
        const m = AUDIO_FILE.exec(entry);
        if (!m || m[1]!.includes('..')) continue;
        try {
          const s = await stat(join(root, entry));
          if (s.isFile() && s.mtime < cutoff) old.push({ name: m[1]!, format: m[2]! });
        } catch (err) {
          if (!isMissing(err)) throw err;
        }
      }
      return old;
    },
  };
}
