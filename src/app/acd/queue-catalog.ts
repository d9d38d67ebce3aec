// The skill queues as the call flow and the ACD read them: a snapshot refreshed from the
// queue directory, seeded from the queues file the first time the database has none.
import type { QueueConfig } from '../../domain/acd/queue-config.js';
import { parseQueueConfig, validateQueueSet } from '../../domain/acd/queue-config.js';
import type { QueueTimings } from '../../domain/call/call-flow-types.js';
import type { QueueDirectory } from '../../ports/agent/agent-directory.js';
import { NamedError } from '../../domain/shared/named-error.js';

export class QueueFileError extends NamedError {
  readonly code = 'queue-file-invalid';
  constructor(file: string, problems: string[]) {
    super(`${file} is not a valid set of skill queues:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Validates the queues file's content (already parsed JSON). Throws QueueFileError naming every problem. */
export function parseQueueFile(file: string, content: unknown): QueueConfig[] {
  if (!Array.isArray(content)) throw new QueueFileError(file, ['must be a JSON array of queues']);
  const queues: QueueConfig[] = [];
  const problems: string[] = [];
  content.forEach((item, i) => {
    const parsed = parseQueueConfig(item);
    if (parsed.ok) queues.push(parsed.value);
    else problems.push(...parsed.problems.map((p) => `[${i}] ${p}`));
  });
  problems.push(...validateQueueSet(queues));
  if (problems.length) throw new QueueFileError(file, problems);
  return queues;
}

export interface QueueCatalog {
  current(): ReadonlyMap<string, QueueConfig>;
  timings(queueId: string): QueueTimings | null;
  refresh(): Promise<void>;
}

export async function createQueueCatalog(directory: QueueDirectory, seed: QueueConfig[]): Promise<QueueCatalog> {
  if (seed.length) await directory.seedIfEmpty(seed);
  let snapshot = new Map<string, QueueConfig>();
  const catalog: QueueCatalog = {
    current: () => snapshot,
    timings(queueId) {
      const q = snapshot.get(queueId);
      if (!q) return null;
      return {
        announcePeriodMs: q.announcePeriodSeconds > 0 ? q.announcePeriodSeconds * 1000 : 24 * 3600 * 1000,
        maxWaitMs: q.maxWaitSeconds * 1000,
        ...(q.callbackOfferAfterSeconds !== undefined ? { callbackOfferMs: q.callbackOfferAfterSeconds * 1000 } : {}),
      };
    },
    async refresh() {
      snapshot = new Map((await directory.list()).map((q) => [q.id, q] as const));
    },
  };
  await catalog.refresh();
  return catalog;
}
