// How the process stops. The first SIGINT or SIGTERM runs the orderly stop (parts in reverse
// order); whatever happens in it, the process exits: at its end, when it fails, or when the
// deadline passes. A second signal exits at once. Writing to a closed stdout or stderr (the
// terminal or a `| tee` gone with Ctrl-C) raises EPIPE, which must never keep the process up.

/** Exit codes: 0 stopped in order, 1 the stop failed or passed its deadline, 128+n a second signal. */
export const SIGNAL_EXIT_CODES: Readonly<Record<ShutdownSignal, number>> = { SIGINT: 130, SIGTERM: 143 };

export type ShutdownSignal = 'SIGINT' | 'SIGTERM';

export interface ShutdownHost {
  on(signal: ShutdownSignal, listener: () => void): void;
  exit(code: number): void;
}

export interface ShutdownLog {
  info(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface ShutdownOptions {
  host: ShutdownHost;
  /** Stops every part; resolves when all are stopped. */
  stopParts: () => Promise<void>;
  deadlineMs: number;
  log: ShutdownLog;
  setTimer?: (run: () => void, ms: number) => unknown;
}

export interface Shutdown {
  /** Starts the stop as a signal would (used by the signal handlers and by fatal faults). */
  begin(reason: string): void;
}

export function installShutdown(options: ShutdownOptions): Shutdown {
  const { host, stopParts, deadlineMs, log } = options;
  const setTimer = options.setTimer ?? ((run: () => void, ms: number) => setTimeout(run, ms));
  let stopping = false;
  let exited = false;
  const exit = (code: number) => {
    if (exited) return;
    exited = true;
    host.exit(code);
  };
  // A log line may itself fail (closed stdout): stopping must go on regardless.
  const say = (level: 'info' | 'error', fields: object, message: string) => {
    try {
      log[level](fields, message);
    } catch {
      /* the log's destination is gone; the exit code still tells */
    }
  };

  const begin = (reason: string) => {
    if (stopping) return;
    stopping = true;
    say('info', { reason, deadlineMs }, 'stopping');
    setTimer(() => {
      say('error', { reason, deadlineMs }, 'stop did not finish before its deadline; exiting anyway');
      exit(1);
    }, deadlineMs);
    void Promise.resolve()
      .then(stopParts)
      .then(
        () => {
          say('info', { reason }, 'stopped');
          exit(0);
        },
        (err: unknown) => {
          say('error', { err, reason }, 'stop failed; exiting');
          exit(1);
        },
      );
  };

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    host.on(signal, () => {
      if (!stopping) return begin(signal);
      say('info', { signal }, 'second signal while stopping: exiting now');
      exit(SIGNAL_EXIT_CODES[signal]);
    });
  }
  return { begin };
}
