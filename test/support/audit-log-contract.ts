// The behaviour every AuditLog adapter must show, run against each real database: a chain
// that links every entry to the one before, refuses changes, and fails verification naming
// the first broken seq when a row is changed or removed behind the application's back.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAuditLogStore } from '../../src/adapters/db/audit-log-store.js';
import type { Queryable } from '../../src/adapters/db/database.js';
import { migrate } from '../../src/adapters/db/migrate.js';
import { hashEntry } from '../../src/domain/audit/audit-chain.js';
import type { AuditEntryInput, AuditLog } from '../../src/ports/audit/audit-log.js';
import type { TestDatabase, TestDatabaseFactory } from './db-fixtures.js';

const at = (iso: string) => new Date(iso);

export function entry(n: number, overrides: Partial<AuditEntryInput> = {}): AuditEntryInput {
  return {
    kind: 'config_change',
    at: new Date(Date.UTC(2025, 2, 1, 9, 0, n)),
    actor: 'token:admin',
    subject: `queue:q${n}`,
    data: { n },
    ...overrides,
  };
}

/**
 * What only the database owner can do: change audit_log with its triggers off. Used to
 * empty it between tests and to tamper with it the way an intruder with the owner's rights would.
 */
export async function asOwnerWithoutTriggers(db: Queryable, sql: string, params: unknown[] = []): Promise<void> {
  await db.exec('ALTER TABLE audit_log DISABLE TRIGGER USER');
  try {
    await db.query(sql, params);
  } finally {
    await db.exec('ALTER TABLE audit_log ENABLE TRIGGER USER');
  }
}

export function auditLogContract(factory: TestDatabaseFactory): void {
  let testDb: TestDatabase;
  let audit: AuditLog;

  beforeAll(async () => {
    testDb = await factory.create();
    await migrate(testDb.db);
    audit = createAuditLogStore(testDb.db, { verifyPageSize: 2 });
  });
  afterAll(async () => {
    await testDb?.dispose();
  });
  beforeEach(async () => {
    await asOwnerWithoutTriggers(testDb.db, 'DELETE FROM audit_log');
  });

  const appendMany = async (count: number) => {
    const appended = [];
    for (let n = 1; n <= count; n += 1) appended.push(await audit.append(entry(n)));
    return appended;
  };

  describe('append', () => {
    it('starts the chain at seq 1 with an empty previous hash and links each entry to the one before', async () => {
      const first = await audit.append(entry(1));
      const second = await audit.append(entry(2, { kind: 'agent_change', subject: 'agent:zhang-wei' }));

      expect(first).toMatchObject({ seq: 1, prevHash: '', kind: 'config_change', subject: 'queue:q1', data: { n: 1 } });
      expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(first.hash).toBe(hashEntry(first));
      expect(second).toMatchObject({ seq: 2, prevHash: first.hash, kind: 'agent_change' });
      expect(second.hash).toBe(hashEntry(second));
    });

    it('stores the entry exactly as it hashed it: Chinese text, nesting, a Date as ISO text, undefined left out', async () => {
      const data = { reason: '市民投诉核查', nested: { keys: ['1', '2'], ok: true, count: 3.5 }, when: at('2025-03-01T09:00:00.123Z'), gone: undefined };
      const appended = await audit.append(entry(1, { kind: 'recording_access', actor: 'token:auditor-li', subject: 'recording:c-1', data }));

      const expected = { reason: '市民投诉核查', nested: { keys: ['1', '2'], ok: true, count: 3.5 }, when: '2025-03-01T09:00:00.123Z' };
      expect(appended.data).toEqual(expected);
      const [stored] = await audit.list({ limit: 10, offset: 0 });
      expect(stored).toEqual(appended);
      expect(await audit.verify()).toEqual({ ok: true, entries: 1, lastSeq: 1, lastHash: appended.hash });
    });

    it('refuses data JSON cannot carry and writes nothing', async () => {
      await audit.append(entry(1));
      await expect(audit.append(entry(2, { data: { ratio: Number.NaN } }))).rejects.toThrow(/ratio: NaN cannot be stored as JSON/);
      await expect(audit.append(entry(2, { data: { text: 'a\u0000b' } }))).rejects.toThrow(/NUL/);
      await expect(audit.append(entry(2, { at: new Date(Number.NaN) }))).rejects.toThrow(/not a valid date/);
      const next = await audit.append(entry(2));
      expect(next.seq).toBe(2);
      expect(await audit.verify()).toMatchObject({ ok: true, entries: 2 });
    });

    it('serialises concurrent appends into one chain without gaps or forks', async () => {
      const appended = await Promise.all(Array.from({ length: 25 }, (_, i) => audit.append(entry(i + 1))));
      expect(appended.map((e) => e.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
      expect(await audit.verify()).toMatchObject({ ok: true, entries: 25 });
    });
  });

  describe('verify', () => {
    it('is ok on an empty log and on an intact chain longer than one page, naming the last hash', async () => {
      expect(await audit.verify()).toEqual({ ok: true, entries: 0, lastSeq: 0, lastHash: '' });
      const appended = await appendMany(5);
      expect(await audit.verify()).toEqual({ ok: true, entries: 5, lastSeq: 5, lastHash: appended[4]!.hash });
    });

    it('with an anchor of an earlier run: ok while that entry is there unchanged; a cut-off end or a rewrite fails', async () => {
      const appended = await appendMany(5);
      const anchor = { seq: 4, hash: appended[3]!.hash };
      expect(await audit.verify(anchor)).toMatchObject({ ok: true, entries: 5, lastSeq: 5 });
      expect(await audit.verify({ seq: 4, hash: appended[2]!.hash })).toMatchObject({ ok: false, brokenAtSeq: 4 });

      await asOwnerWithoutTriggers(testDb.db, 'DELETE FROM audit_log WHERE seq >= 4');
      // the shorter chain is intact by itself…
      expect(await audit.verify()).toMatchObject({ ok: true, entries: 3, lastSeq: 3 });
      // …but the anchor names what is missing
      const cut = await audit.verify(anchor);
      expect(cut).toMatchObject({ ok: false, entries: 3, brokenAtSeq: 4 });
      expect(cut.ok === false && cut.reason).toMatch(/cut off at the end/);
    });

    it('fails at the row whose data was changed behind the application (triggers off)', async () => {
      await appendMany(4);
      await asOwnerWithoutTriggers(testDb.db, `UPDATE audit_log SET data = '{"n": 99}' WHERE seq = 3`);

      const result = await audit.verify();
      expect(result).toMatchObject({ ok: false, entries: 2, brokenAtSeq: 3 });
      expect(result.ok === false && result.reason).toMatch(/hash mismatch/);
    });

    it('fails at the next row when the changed row was given a matching hash', async () => {
      const [, second] = await appendMany(4);
      const forged = { ...second!, actor: 'token:someone-else' };
      await asOwnerWithoutTriggers(testDb.db, 'UPDATE audit_log SET actor = $1, hash = $2 WHERE seq = 2', [forged.actor, hashEntry(forged)]);

      const result = await audit.verify();
      expect(result).toMatchObject({ ok: false, entries: 2, brokenAtSeq: 3 });
      expect(result.ok === false && result.reason).toMatch(/prev_hash is not the hash of the previous entry/);
    });

    it('names the missing seq when a middle row was deleted, and the first when it was deleted', async () => {
      await appendMany(5);
      await asOwnerWithoutTriggers(testDb.db, 'DELETE FROM audit_log WHERE seq = 3');
      const middle = await audit.verify();
      expect(middle).toMatchObject({ ok: false, entries: 2, brokenAtSeq: 3 });
      expect(middle.ok === false && middle.reason).toMatch(/gap in seq: expected 3, found 4/);

      await asOwnerWithoutTriggers(testDb.db, 'DELETE FROM audit_log WHERE seq = 1');
      expect(await audit.verify()).toMatchObject({ ok: false, entries: 0, brokenAtSeq: 1 });
    });

    it('fails when a row was moved in time', async () => {
      await appendMany(3);
      await asOwnerWithoutTriggers(testDb.db, "UPDATE audit_log SET at = at - interval '1 hour' WHERE seq = 1");
      expect(await audit.verify()).toMatchObject({ ok: false, entries: 0, brokenAtSeq: 1 });
    });
  });

  describe('append-only table', () => {
    it('refuses UPDATE, DELETE and TRUNCATE, and the chain still verifies', async () => {
      await appendMany(3);
      await expect(testDb.db.query("UPDATE audit_log SET actor = 'x' WHERE seq = 2")).rejects.toThrow(/append-only: UPDATE refused/);
      await expect(testDb.db.query('DELETE FROM audit_log WHERE seq = 2')).rejects.toThrow(/append-only: DELETE refused/);
      await expect(testDb.db.exec('TRUNCATE audit_log')).rejects.toThrow(/append-only: TRUNCATE refused/);
      expect(await audit.verify()).toMatchObject({ ok: true, entries: 3 });
    });
  });

  describe('list', () => {
    beforeEach(async () => {
      await audit.append(entry(1, { kind: 'config_change', subject: 'queue:general', at: at('2025-03-01T08:00:00Z') }));
      await audit.append(entry(2, { kind: 'recording_access', subject: 'recording:c-1', at: at('2025-03-01T09:00:00Z') }));
      await audit.append(entry(3, { kind: 'agent_change', subject: 'agent:li-na', at: at('2025-03-01T10:00:00Z') }));
      await audit.append(entry(4, { kind: 'recording_access', subject: 'recording:c-2', at: at('2025-03-01T11:00:00Z') }));
    });
    const seqs = async (filter: Partial<Parameters<AuditLog['list']>[0]>) =>
      (await audit.list({ limit: 50, offset: 0, ...filter })).map((e) => e.seq);

    it('lists newest first and pages', async () => {
      expect(await seqs({})).toEqual([4, 3, 2, 1]);
      expect(await seqs({ limit: 3, offset: 1 })).toEqual([3, 2, 1]);
      expect(await seqs({ limit: 2, offset: 4 })).toEqual([]);
    });

    it('filters by kind, subject and time (from inclusive, to exclusive)', async () => {
      expect(await seqs({ kind: 'recording_access' })).toEqual([4, 2]);
      expect(await seqs({ subject: 'recording:c-1' })).toEqual([2]);
      expect(await seqs({ kind: 'recording_access', subject: 'queue:general' })).toEqual([]);
      expect(await seqs({ from: at('2025-03-01T09:00:00Z'), to: at('2025-03-01T11:00:00Z') })).toEqual([3, 2]);
    });
  });
}
