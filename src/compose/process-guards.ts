// What the process does with faults nobody caught: a library promise nobody awaits must not stop
// a hotline (ari-client is known for these), so it is logged; ari-client's swagger layer throws
// outside its promises when ARI is not ready yet, and the ARI supervisor times that connect out
// and tries again; anything else thrown is a real fault: log it and exit.
import type { Logger } from 'pino';
import { isAriLibraryThrow } from '../adapters/ari/ari-connection.js';

export function installProcessGuards(logger: Logger): void {
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection'));
  process.on('uncaughtException', (err) => {
    if (isAriLibraryThrow(err)) {
      logger.warn({ err: String(err) }, 'ARI library failure while connecting; the connection will be retried');
      return;
    }
    logger.fatal({ err }, 'uncaught exception');
    process.exit(1);
  });
}
