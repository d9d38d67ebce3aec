// The queue log as an append-only file in Asterisk's queue_log format (QueueMetrics and similar
// tools tail it). One line per write, one write at a time, in call order; the folder is created.
import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { OWNER_ONLY_DIR_MODE, OWNER_ONLY_FILE_MODE, restrictToOwner } from '../files/owner-only.js';
import { formatQueueLogLine, type QueueLogEvent } from '../../domain/acd/queue-log-line.js';
import { QueueLogClosedError, type QueueLog } from '../../ports/acd/queue-log.js';

/**
 * Opens (or creates) the file for appending, owner only (0600; a new folder 0700); rejects
 * when the folder or file cannot be made.
 */
export async function createQueueLogFile(path: string): Promise<QueueLog> {
  await mkdir(dirname(path), { recursive: true, mode: OWNER_ONLY_DIR_MODE });
  const file = await open(path, 'a', OWNER_ONLY_FILE_MODE);
  await restrictToOwner(path);
  // settles after the last write asked for; never rejects, so one failure does not block the next
  let tail: Promise<unknown> = Promise.resolve();
  let closing: Promise<void> | null = null;

  function serial(work: () => Promise<void>): Promise<void> {
    const next = tail.then(work);
    tail = next.catch(() => undefined);
    return next;
  }

  return {
    write(event: QueueLogEvent): Promise<void> {
      if (closing) return Promise.reject(new QueueLogClosedError(path));
      let line: string;
      try {
        line = `${formatQueueLogLine(event)}\n`;
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
      // O_APPEND: every line lands at the end, also next to another process appending
      return serial(() => file.appendFile(line, 'utf8'));
    },
    close(): Promise<void> {
      closing ??= tail.then(() => file.close());
      return closing;
    },
  };
}

/** For when no queue log file is configured: writes go nowhere (and reject after close, like the file). */
export function createNullQueueLog(): QueueLog {
  let closed = false;
  return {
    write: () => (closed ? Promise.reject(new QueueLogClosedError('(no queue log file)')) : Promise.resolve()),
    close: () => {
      closed = true;
      return Promise.resolve();
    },
  };
}
