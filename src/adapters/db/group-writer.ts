// Group commit for a store's writes: items written while a write is in flight wait in the app
// and go together in the next one (one statement or transaction, one commit), in the order they
// were written. A burst of writes then holds one database connection and pays one commit, where
// one write each would hold a connection each and queue on the WAL flush. Each write still
// resolves when its item is committed; if a group fails, its items are written one by one, so
// only a bad one fails.

export interface GroupWriter<T, R> {
  write(item: T): Promise<R>;
}

/**
 * `writeGroup` stores the items (in order, atomically) and answers one result per item;
 * at most `maxGroup` items go in one call.
 */
export function createGroupWriter<T, R>(writeGroup: (items: T[]) => Promise<R[]>, maxGroup: number): GroupWriter<T, R> {
  if (!Number.isInteger(maxGroup) || maxGroup < 1) throw new Error(`maxGroup must be a positive integer, got ${maxGroup}`);
  const waiting: Array<{ item: T; resolve(result: R): void; reject(err: unknown): void }> = [];
  let writing = false;

  const one = async (p: (typeof waiting)[number]) => {
    try {
      const [result] = await writeGroup([p.item]);
      p.resolve(result as R);
    } catch (err) {
      p.reject(err);
    }
  };

  async function drain(): Promise<void> {
    if (writing) return;
    writing = true;
    try {
      while (waiting.length > 0) {
        const group = waiting.splice(0, maxGroup);
        if (group.length === 1) {
          await one(group[0]!);
          continue;
        }
        try {
          const results = await writeGroup(group.map((p) => p.item));
          group.forEach((p, i) => p.resolve(results[i] as R));
        } catch {
          for (const p of group) await one(p);
        }
      }
    } finally {
      writing = false;
    }
  }

  return {
    write(item) {
      return new Promise<R>((resolve, reject) => {
        waiting.push({ item, resolve, reject });
        void drain();
      });
    },
  };
}

/**
 * The VALUES list of a multi-row INSERT: `rows` rows of one parameter per column, numbered in
 * order, each written with its column's cast (e.g. `['', '::text::jsonb']`).
 */
export function valuesOfRows(rows: number, casts: readonly string[]): string {
  return Array.from({ length: rows }, (_, r) => `(${casts.map((cast, c) => `$${r * casts.length + c + 1}${cast}`).join(', ')})`).join(', ');
}
