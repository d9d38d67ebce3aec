// The serial-per-key queue: one key's tasks in order, different keys side by side, a failure
// rejects only its own task, idle() waits for everything, finished keys leave no entry.
import { describe, expect, it } from 'vitest';
import { createKeyedSerial } from '../../../../src/app/shared/keyed-serial.js';

/** A promise the test resolves or rejects by hand. */
function gate<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const flush = async () => {
  for (let i = 0; i < 10; i += 1) await Promise.resolve();
};

describe('createKeyedSerial', () => {
  it('runs the tasks of one key one after another, in the order queued', async () => {
    const serial = createKeyedSerial();
    const log: string[] = [];
    const first = gate();
    const a = serial.run('k', async () => {
      log.push('a start');
      await first.promise;
      log.push('a end');
      return 'a';
    });
    const b = serial.run('k', async () => {
      log.push('b');
      return 'b';
    });
    await flush();
    expect(log).toEqual(['a start']);
    first.resolve();
    expect(await a).toBe('a');
    expect(await b).toBe('b');
    expect(log).toEqual(['a start', 'a end', 'b']);
  });

  it('runs tasks of different keys side by side', async () => {
    const serial = createKeyedSerial();
    const log: string[] = [];
    const blocker = gate();
    void serial.run('one', async () => {
      log.push('one start');
      await blocker.promise;
      log.push('one end');
    });
    const two = serial.run('two', async () => {
      log.push('two');
    });
    await two;
    expect(log).toEqual(['one start', 'two']);
    expect(serial.size).toBe(1);
    blocker.resolve();
    await serial.idle();
    expect(log).toEqual(['one start', 'two', 'one end']);
  });

  it('rejects only the failing task; the next task of the key still runs', async () => {
    const serial = createKeyedSerial();
    const failing = serial.run('k', async () => {
      throw new Error('boom');
    });
    const next = serial.run('k', async () => 42);
    await expect(failing).rejects.toThrow('boom');
    expect(await next).toBe(42);
  });

  it('idle() waits for every queued task, including tasks queued while waiting', async () => {
    const serial = createKeyedSerial();
    const done: string[] = [];
    const first = gate();
    void serial.run('a', async () => {
      await first.promise;
      done.push('a');
      void serial.run('b', async () => {
        done.push('b');
      });
    });
    let idle = false;
    const waiting = serial.idle().then(() => {
      idle = true;
    });
    await flush();
    expect(idle).toBe(false);
    first.resolve();
    await waiting;
    expect(done).toEqual(['a', 'b']);
    expect(serial.size).toBe(0);
  });

  it('removes a key once its last task settles, failed tasks included', async () => {
    const serial = createKeyedSerial();
    for (let i = 0; i < 100; i += 1) {
      void serial.run(`ok-${i}`, async () => i);
      serial.run(`bad-${i}`, async () => {
        throw new Error('x');
      }).catch(() => undefined);
    }
    expect(serial.size).toBe(200);
    await serial.idle();
    expect(serial.size).toBe(0);
  });

  it('idle() resolves at once when nothing is queued', async () => {
    const serial = createKeyedSerial();
    await serial.idle();
    expect(serial.size).toBe(0);
  });
});
