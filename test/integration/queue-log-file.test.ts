// The queue_log file on a real file system: lines in call order under concurrent writes,
// appended across restarts, its folder created, failures as rejections rather than crashes.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNullQueueLog, createQueueLogFile } from '../../src/adapters/log/queue-log-file.js';
import { formatQueueLogLine, type QueueLogEvent } from '../../src/domain/acd/queue-log-line.js';
import { QueueLogClosedError } from '../../src/ports/acd/queue-log.js';

const T0 = 1_763_798_400_000;
const ringNoAnswer = (i: number): QueueLogEvent => ({
  at: T0 + i * 1000,
  callId: `c-${i}`,
  queue: 'housing',
  agent: 'Agent/zhang',
  event: 'RINGNOANSWER',
  ringMs: i,
});
const linesOf = async (path: string): Promise<string[]> => (await readFile(path, 'utf8')).split('\n');

describe('createQueueLogFile', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hotline-queue-log-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes one line per event, in the order written, under 500 concurrent writes of mixed sizes', async () => {
    const path = join(dir, 'queue_log');
    const log = await createQueueLogFile(path);
    // a few very long lines: unserialised appends of these come out of order on the thread pool
    const entered = (i: number): QueueLogEvent => ({ ...ringNoAnswer(i), agent: 'NONE', event: 'ENTERQUEUE', url: `http://crm/${'x'.repeat(200_000)}`, callerNumber: '12345' });
    const events = Array.from({ length: 500 }, (_, i) => (i % 7 === 0 ? entered(i) : ringNoAnswer(i)));
    await Promise.all(events.map((e) => log.write(e)));
    await log.close();

    expect(await linesOf(path)).toEqual([...events.map(formatQueueLogLine), '']);
  });

  it('appends to an existing file after a restart', async () => {
    const path = join(dir, 'queue_log');
    const first = await createQueueLogFile(path);
    await first.write(ringNoAnswer(1));
    await first.close();
    const second = await createQueueLogFile(path);
    await second.write(ringNoAnswer(2));
    await second.close();

    expect(await linesOf(path)).toEqual([formatQueueLogLine(ringNoAnswer(1)), formatQueueLogLine(ringNoAnswer(2)), '']);
  });

  it('creates a missing folder', async () => {
    const path = join(dir, 'var', 'log', 'hotline', 'queue_log');
    const log = await createQueueLogFile(path);
    await log.write(ringNoAnswer(7));
    await log.close();

    expect(await linesOf(path)).toEqual([formatQueueLogLine(ringNoAnswer(7)), '']);
  });

  it('finishes the writes asked for before close, and rejects writes after it', async () => {
    const path = join(dir, 'queue_log');
    const log = await createQueueLogFile(path);
    const pending = [log.write(ringNoAnswer(1)), log.write(ringNoAnswer(2))];
    const closed = log.close();
    await expect(log.write(ringNoAnswer(3))).rejects.toBeInstanceOf(QueueLogClosedError);
    await Promise.all([...pending, closed]);
    await log.close(); // a second close is harmless

    expect(await linesOf(path)).toHaveLength(3);
  });

  it('rejects, without crashing, when the folder cannot be made', async () => {
    const blocker = join(dir, 'not-a-folder');
    await writeFile(blocker, 'x');
    await expect(createQueueLogFile(join(blocker, 'queue_log'))).rejects.toMatchObject({ code: expect.stringMatching(/ENOTDIR|EEXIST/) });
  });

  it('rejects, without crashing, when the path is a folder', async () => {
    await expect(createQueueLogFile(dir)).rejects.toMatchObject({ code: 'EISDIR' });
  });

  it('a line with a newline in a field is still one line in the file', async () => {
    const path = join(dir, 'queue_log');
    const log = await createQueueLogFile(path);
    await log.write({ at: T0, callId: 'NONE', queue: 'housing', agent: 'Agent/zhang', event: 'PAUSE', reason: 'a\n1|c|q|Agent/x|CONNECT|0|x|0' });
    await log.write(ringNoAnswer(1));
    await log.close();

    const lines = await linesOf(path);
    expect(lines).toHaveLength(3);
    expect(lines[0]?.split('|')).toHaveLength(6);
  });
});

describe('createNullQueueLog', () => {
  it('accepts writes and writes nothing; rejects them after close', async () => {
    const log = createNullQueueLog();
    await expect(log.write(ringNoAnswer(1))).resolves.toBeUndefined();
    await log.close();
    await expect(log.write(ringNoAnswer(2))).rejects.toBeInstanceOf(QueueLogClosedError);
  });
});
