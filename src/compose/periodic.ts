// A job the app runs every so often (sweepers, refreshes): a failure is logged and the next run
// comes anyway; the timer never keeps the process alive.
import type { Logger } from 'pino';

export interface Periodic {
  stop(): void;
}

export function every(ms: number, what: string, run: () => Promise<unknown>, logger: Logger): Periodic {
  const timer = setInterval(() => void run().catch((err: unknown) => logger.warn({ err }, `${what} failed`)), ms);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
