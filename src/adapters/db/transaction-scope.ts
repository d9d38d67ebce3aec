import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Knows whether the current async context is inside one of this database's transactions, so
 * that `db.query()` called by mistake inside `transaction(fn)` fails loudly instead of running
 * outside the transaction (PostgreSQL) or waiting forever for it to end (PGlite).
 */
export class TransactionScope {
  readonly #inside = new AsyncLocalStorage<true>();

  run<T>(fn: () => Promise<T>): Promise<T> {
    return this.#inside.run(true, fn);
  }

  assertOutside(): void {
    if (this.#inside.getStore() === true) {
      throw new Error('Database used directly inside transaction(fn): run the statement on the tx argument instead.');
    }
  }
}
