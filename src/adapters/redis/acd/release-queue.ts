// The agent pool's releases, sent together: the releases that arrive in one turn of the event
// loop (a burst of hang-ups) go to Redis as one script and one round trip, each released exactly
// as if alone and in arrival order (lua/release-agents.lua). A lone release goes out on the next
// turn. The pool sends what is waiting here before any other command of its own, so a release
// and a claim made after it reach Redis in that order.

/** The five script arguments of one release: agentId, callId, backToReady, now, other state. */
export type ReleaseArguments = [string, string, string, string, string];

export interface ReleaseQueue {
  /** Queues one release; resolves to whether the call held the agent (and so was released). */
  add(release: ReleaseArguments): Promise<boolean>;
  /** Sends what is waiting now, before the caller's next command. */
  flush(): void;
}

interface Waiting {
  release: ReleaseArguments;
  resolve(done: boolean): void;
  reject(err: unknown): void;
}

/** `send` runs one script for the releases' arguments, one after another, and answers 1 or 0 per release. */
export function createReleaseQueue(send: (args: string[]) => Promise<number[]>, maxPerScript = 64): ReleaseQueue {
  let waiting: Waiting[] = [];
  let scheduled: NodeJS.Immediate | null = null;

  const flush = () => {
    if (scheduled) clearImmediate(scheduled);
    scheduled = null;
    while (waiting.length > 0) {
      const batch = waiting.slice(0, maxPerScript);
      waiting = waiting.slice(batch.length);
      send(batch.flatMap((w) => w.release)).then(
        (replies) => batch.forEach((w, i) => w.resolve(Number(replies[i]) === 1)),
        (err: unknown) => batch.forEach((w) => w.reject(err)),
      );
    }
  };

  return {
    add(release) {
      return new Promise<boolean>((resolve, reject) => {
        waiting.push({ release, resolve, reject });
        if (waiting.length >= maxPerScript) flush();
        else scheduled ??= setImmediate(flush);
      });
    },
    flush,
  };
}
