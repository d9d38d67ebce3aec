import { describe, expect, it } from 'vitest';
import { parseQueueConfig, validateQueueSet, type QueueConfig } from '../../../src/domain/acd/queue-config.js';
import { createQueueEdits } from '../../../src/app/acd/queue-edits.js';
import { QueueInUseError, QueueNotFoundError, QueueSetInvalidError } from '../../../src/app/acd/queue-edit-errors.js';
import type { QueueDirectory } from '../../../src/ports/agent/agent-directory.js';
import type { AuditEntryInput } from '../../../src/ports/audit/audit-log.js';
import type { Logger } from '../../../src/ports/logger.js';

const NOW = new Date('2026-12-05T08:00:00Z');

function queue(id: string, overflowTo?: string): QueueConfig {
  const parsed = parseQueueConfig({
    id, name: id, requiredSkills: [{ skill: 'general', minProficiency: 1 }],
    ...(overflowTo ? { relaxations: [{ afterSeconds: 30, overflowToQueue: overflowTo }] } : {}),
  });
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  return parsed.value;
}

/** An in-memory queue directory; `hold` makes the next upsert wait until released. */
function fakeDirectory(initial: QueueConfig[]) {
  const stored = new Map(initial.map((q) => [q.id, q] as const));
  const calls: string[] = [];
  let gate: Promise<void> | null = null;
  const directory: QueueDirectory = {
    async list() { calls.push('list'); return [...stored.values()]; },
    async get(id) { return stored.get(id) ?? null; },
    async replaceAll(qs) { stored.clear(); qs.forEach((q) => stored.set(q.id, q)); },
    async seedIfEmpty() { return false; },
    async upsert(q) {
      calls.push(`upsert ${q.id}`);
      if (gate) await gate;
      stored.set(q.id, q);
    },
    async remove(id) { calls.push(`remove ${id}`); return stored.delete(id); },
  };
  return {
    directory, stored, calls,
    hold(): () => void {
      let release!: () => void;
      gate = new Promise((resolve) => { release = resolve; });
      return () => { gate = null; release(); };
    },
  };
}

function fakeAudit(fail = false) {
  const entries: AuditEntryInput[] = [];
  return {
    entries,
    audit: {
      async append(entry: AuditEntryInput) {
        if (fail) throw new Error('audit log down');
        entries.push(entry);
        return { ...entry, seq: entries.length, prevHash: '', hash: 'h' };
      },
    },
  };
}

function fakeLogger() {
  const errors: string[] = [];
  const logger: Logger = {
    child: () => logger,
    debug: () => undefined, info: () => undefined, warn: () => undefined,
    error: (_obj, msg) => { errors.push(msg ?? ''); },
  };
  return { logger, errors };
}

describe('queue edits', () => {
  it('creates, replaces and deletes a queue, each change audited as config_change with its actor', async () => {
    const dir = fakeDirectory([queue('general')]);
    const { audit, entries } = fakeAudit();
    let refreshed = 0;
    const edits = createQueueEdits({ queues: dir.directory, audit, now: () => NOW, changed: async () => { refreshed += 1; } });

    expect(await edits.put(queue('housing', 'general'), 'token:admin')).toEqual({ created: true });
    expect(await edits.put(queue('housing'), 'token:admin')).toEqual({ created: false });
    await edits.remove('housing', 'token:admin');

    expect([...dir.stored.keys()]).toEqual(['general']);
    expect(entries.map((e) => [e.kind, e.actor, e.subject, e.data.action, e.at])).toEqual([
      ['config_change', 'token:admin', 'queue:housing', 'queue_created', NOW],
      ['config_change', 'token:admin', 'queue:housing', 'queue_replaced', NOW],
      ['config_change', 'token:admin', 'queue:housing', 'queue_deleted', NOW],
    ]);
    expect(refreshed).toBe(3);
  });

  it('refuses a change that leaves an invalid set: nothing stored, nothing audited, the queue named', async () => {
    const dir = fakeDirectory([queue('general')]);
    const { audit, entries } = fakeAudit();
    const edits = createQueueEdits({ queues: dir.directory, audit });

    const err = await edits.put(queue('housing', 'nowhere'), 'token:admin').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QueueSetInvalidError);
    expect((err as QueueSetInvalidError).problems).toEqual(['queue "housing".relaxations[0].overflowToQueue: there is no queue "nowhere"']);
    expect([...dir.stored.keys()]).toEqual(['general']);
    expect(dir.calls).not.toContain('upsert housing');
    expect(entries).toEqual([]);
  });

  it('refuses to delete an unknown queue or one another queue overflows to: nothing removed, nothing audited', async () => {
    const dir = fakeDirectory([queue('general'), queue('housing', 'general')]);
    const { audit, entries } = fakeAudit();
    const edits = createQueueEdits({ queues: dir.directory, audit });

    await expect(edits.remove('nowhere', 'token:admin')).rejects.toBeInstanceOf(QueueNotFoundError);
    const err = await edits.remove('general', 'token:admin').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QueueInUseError);
    expect((err as QueueInUseError).users).toEqual(['queue "housing" overflows to it (relaxations[0])']);
    expect(dir.calls.filter((c) => c.startsWith('remove'))).toEqual([]);
    expect(entries).toEqual([]);
  });

  it('keeps a stored change when the audit log cannot be written, and logs that', async () => {
    const dir = fakeDirectory([queue('general')]);
    const { audit } = fakeAudit(true);
    const { logger, errors } = fakeLogger();
    const edits = createQueueEdits({ queues: dir.directory, audit, logger });

    expect(await edits.put(queue('housing'), 'token:admin')).toEqual({ created: true });
    expect(dir.stored.get('housing')).toEqual(queue('housing'));
    expect(errors).toEqual(['queue change done but not written to the audit log']);
  });

  it('runs concurrent edits one at a time: an edit checks the set the one before it left', async () => {
    const dir = fakeDirectory([queue('general'), queue('housing')]);
    const { audit, entries } = fakeAudit();
    const edits = createQueueEdits({ queues: dir.directory, audit });

    const release = dir.hold();
    // Each is valid on the set as it is now; together they would leave an overflow to nowhere.
    const put = edits.put(queue('general', 'housing'), 'token:a');
    const removal = edits.remove('housing', 'token:b').catch((e: unknown) => e);
    await Promise.resolve();
    await new Promise((resolve) => setImmediate(resolve));
    expect(dir.calls).toEqual(['list', 'upsert general']);
    release();

    expect(await put).toEqual({ created: false });
    expect(await removal).toBeInstanceOf(QueueInUseError);
    expect(dir.calls).toEqual(['list', 'upsert general', 'list']);
    expect(validateQueueSet([...dir.stored.values()])).toEqual([]);
    expect(entries.map((e) => e.actor)).toEqual(['token:a']);
  });

  it('runs the next edit after one that failed', async () => {
    const dir = fakeDirectory([queue('general')]);
    const edits = createQueueEdits({ queues: dir.directory });
    const bad = edits.put(queue('housing', 'nowhere'), 'token:a');
    const good = edits.put(queue('housing'), 'token:a');
    await expect(bad).rejects.toBeInstanceOf(QueueSetInvalidError);
    expect(await good).toEqual({ created: true });
  });
});
