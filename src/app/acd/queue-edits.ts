// Skill queue edits (技能组配置): a queue is written whole or deleted. Every write is checked as
// part of the whole set (validateQueueSet: overflow targets exist, no overflow cycle), so the
// stored set is always valid. Writes run one at a time in this process, so two edits cannot
// each pass the set check against a set the other is changing. Every stored change is appended
// to the audit log (config_change); the change is done by then, so an audit failure is logged,
// not answered as a failed change. Then the catalogue is asked to refresh (it also refreshes
// on its own every few seconds).
import { validateQueueSet, type QueueConfig } from '../../domain/acd/queue-config.js';
import type { QueueDirectory } from '../../ports/agent/agent-directory.js';
import type { AuditLog } from '../../ports/audit/audit-log.js';
import type { Logger } from '../../ports/logger.js';
import { createKeyedSerial } from '../shared/keyed-serial.js';
import { QueueInUseError, QueueNotFoundError, QueueSetInvalidError } from './queue-edit-errors.js';

export interface QueueEditsDeps {
  queues: QueueDirectory;
  audit?: Pick<AuditLog, 'append'>;
  now?: () => Date;
  logger?: Logger;
  /** Called after each stored change (the queue catalogue's refresh); a failure is logged. */
  changed?: () => Promise<void>;
}

export interface QueueEdits {
  list(): Promise<QueueConfig[]>;
  get(queueId: string): Promise<QueueConfig | null>;
  /** Creates or replaces the queue; true when it is new. Throws QueueSetInvalidError. */
  put(queue: QueueConfig, actor: string): Promise<{ created: boolean }>;
  /** Throws QueueNotFoundError, or QueueInUseError while another queue overflows to it. */
  remove(queueId: string, actor: string): Promise<void>;
}

/** "queues[2].relaxations[0]..." names a position the client never saw: name the queue instead. */
function naming(problems: string[], set: readonly QueueConfig[]): string[] {
  return problems.map((p) => p.replace(/queues\[(\d+)\]/g, (whole, i: string) => {
    const q = set[Number(i)];
    return q ? `queue "${q.id}"` : whole;
  }));
}

export function createQueueEdits(deps: QueueEditsDeps): QueueEdits {
  const serial = createKeyedSerial();
  /** One key: every write checks the whole set. */
  const SET = 'queue-set';

  async function after(actor: string, queueId: string, data: Record<string, unknown>): Promise<void> {
    if (deps.audit) {
      try {
        await deps.audit.append({ kind: 'config_change', at: (deps.now ?? (() => new Date()))(), actor, subject: `queue:${queueId}`, data });
      } catch (err) {
        deps.logger?.error({ err, queueId, change: data.action }, 'queue change done but not written to the audit log');
      }
    }
    if (deps.changed) {
      try {
        await deps.changed();
      } catch (err) {
        deps.logger?.warn({ err, queueId }, 'queue change done; the catalogue refreshes on its next round');
      }
    }
  }

  return {
    list: () => deps.queues.list(),
    get: (queueId) => deps.queues.get(queueId),

    put: (queue, actor) => serial.run(SET, async () => {
      const current = await deps.queues.list();
      const existed = current.some((q) => q.id === queue.id);
      const next = existed ? current.map((q) => (q.id === queue.id ? queue : q)) : [...current, queue];
      const problems = naming(validateQueueSet(next), next);
      if (problems.length > 0) throw new QueueSetInvalidError(problems);
      await deps.queues.upsert(queue);
      await after(actor, queue.id, { action: existed ? 'queue_replaced' : 'queue_created', queue });
      return { created: !existed };
    }),

    remove: (queueId, actor) => serial.run(SET, async () => {
      const current = await deps.queues.list();
      if (!current.some((q) => q.id === queueId)) throw new QueueNotFoundError(queueId);
      const users = current.flatMap((q) =>
        q.id === queueId ? [] : q.relaxations.flatMap((r, j) => (r.overflowToQueue === queueId ? [`queue "${q.id}" overflows to it (relaxations[${j}])`] : [])));
      if (users.length > 0) throw new QueueInUseError(queueId, users);
      await deps.queues.remove(queueId);
      await after(actor, queueId, { action: 'queue_deleted' });
    }),
  };
}
