/**
 * The serial-per-key queue: tasks for one key (a call, a delivery, an agent, a survey channel)
 * run one after another in the order they were queued; tasks for different keys run side by side.
 * A failing task rejects its own promise only: the next task of the key still runs. A key's entry
 * is removed as soon as its last task settles, so finished keys leave nothing behind.
 */
export interface KeyedSerial {
  /** Runs `task` after every task already queued for `key`; settles as the task does. */
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
  /** Resolves when no task is queued or running, tasks queued meanwhile included. */
  idle(): Promise<void>;
  /** Keys with tasks queued or running right now. */
  readonly size: number;
}

export function createKeyedSerial(): KeyedSerial {
  const tails = new Map<string, Promise<void>>();
  return {
    run<T>(key: string, task: () => Promise<T>): Promise<T> {
      const previous = tails.get(key) ?? Promise.resolve();
      const outcome = previous.then(task).then(
        (value) => ({ ok: true as const, value }),
        (error: unknown) => ({ ok: false as const, error }),
      );
      const tail: Promise<void> = outcome.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      tails.set(key, tail);
      // settles after the key's entry is gone, so `size` never counts a finished task
      return tail.then(async () => {
        const settled = await outcome;
        if (!settled.ok) throw settled.error;
        return settled.value;
      });
    },
    async idle() {
      while (tails.size > 0) await Promise.all([...tails.values()]);
    },
    get size() {
      return tails.size;
    },
  };
}
