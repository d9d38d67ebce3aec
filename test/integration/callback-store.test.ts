// The callbacks store on the real PostgreSQL (random schema) and on embedded PGlite: a callback is
// taken for delivery by one instance only, even when several race for it; attempts count up to
// the follow-up record; a retry is due only at its time; the place (queuedAt, priority) is kept.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCallRecordsStore } from '../../src/adapters/db/call-records-store.js';
import { createCallbackStore } from '../../src/adapters/db/callback-store.js';
import { migrate } from '../../src/adapters/db/migrate.js';
import type { CallbackStore } from '../../src/ports/callback/callback-store.js';
import { testDatabaseFactories, type TestDatabase } from '../support/db-fixtures.js';

const T0 = new Date('2026-11-22T09:00:00.000Z');
const later = (s: number) => new Date(T0.getTime() + s * 1000);
const newId = () => randomBytes(6).toString('hex');

describe.each(testDatabaseFactories)('callback store on $kind', (factory) => {
  let testDb: TestDatabase;
  let store: CallbackStore;

  beforeAll(async () => {
    testDb = await factory.create();
    await migrate(testDb.db);
    store = createCallbackStore(testDb.db);
  });
  afterAll(async () => {
    await testDb?.dispose();
  });

  async function stored(overrides: { queueId?: string; number?: string } = {}) {
    const callId = `${Date.now()}.${Math.floor(Math.random() * 1e6)}`;
    await createCallRecordsStore(testDb.db).openCall({ callId, channelId: callId, callerNumber: '13800138000', dialedNumber: '12345', startedAt: T0 });
    return store.create({
      id: newId(),
      callId,
      queueId: overrides.queueId ?? 'general',
      number: overrides.number ?? '13800138000',
      queuedAt: later(14.5),
      priority: 5,
      at: later(60),
    });
  }

  it('a new callback waits at the caller\'s original place', async () => {
    const c = await stored();
    expect(c).toMatchObject({ status: 'waiting', attempts: 0, priority: 5, queuedAt: later(14.5), agentId: null, completedAt: null });
    expect(await store.get(c.id)).toEqual(c);
  });

  it('is taken for delivery once: the second taker gets nothing', async () => {
    const c = await stored();
    expect(await store.startDelivery(c.id, 'zhang', later(70))).toMatchObject({ status: 'delivering', agentId: 'zhang' });
    expect(await store.startDelivery(c.id, 'li', later(70))).toBeNull();
    expect((await store.get(c.id))?.agentId).toBe('zhang');
  });

  it('attempts count up; a failed attempt waits for its retry time; the last one goes to follow-up', async () => {
    const c = await stored();
    const options = { maxAttempts: 2, retryMs: 600_000 };
    await store.startDelivery(c.id, 'zhang', later(70));
    await store.countAttempt(c.id, later(75));
    const first = await store.attemptFailed(c.id, 'citizen_unreachable', { ...options, at: later(100) });
    expect(first).toMatchObject({ status: 'retry_wait', attempts: 1, nextAttemptAt: later(700), lastResult: 'citizen_unreachable' });
    expect(await store.retryDue(c.id, later(699))).toBeNull();
    expect(await store.listOverdueRetries(later(701), 10)).toEqual([expect.objectContaining({ id: c.id })]);
    const back = await store.retryDue(c.id, later(700));
    expect(back).toMatchObject({ status: 'waiting', queuedAt: later(14.5), priority: 5, nextAttemptAt: null });
    expect(await store.retryDue(c.id, later(700))).toBeNull(); // a job running twice changes nothing

    await store.startDelivery(c.id, 'li', later(710));
    await store.countAttempt(c.id, later(715));
    const last = await store.attemptFailed(c.id, 'citizen_unreachable', { ...options, at: later(740) });
    expect(last).toMatchObject({ status: 'failed_follow_up', attempts: 2, nextAttemptAt: null });
    expect((await store.list({ status: 'failed_follow_up', limit: 100, offset: 0 })).map((x) => x.id)).toContain(c.id);
  });

  it('an agent who did not answer sends it back to waiting with its attempts; completed is final', async () => {
    const c = await stored();
    await store.startDelivery(c.id, 'zhang', later(70));
    expect(await store.returnToWaiting(c.id, 'agent_no_answer', later(85))).toMatchObject({ status: 'waiting', attempts: 0, lastResult: 'agent_no_answer' });
    await store.startDelivery(c.id, 'li', later(90));
    await store.countAttempt(c.id, later(95));
    expect(await store.complete(c.id, later(300))).toMatchObject({ status: 'completed', attempts: 1, completedAt: later(300) });
    expect(await store.startDelivery(c.id, 'wang', later(310))).toBeNull();
    expect(await store.cancel(c.id, later(310))).toBeNull();
  });

  it('a delivery left behind by a process that is gone goes to follow-up, never back to waiting', async () => {
    const c = await stored();
    await store.startDelivery(c.id, 'zhang', later(70));
    expect(await store.failStaleDelivery(c.id, later(70), later(80))).toBeNull(); // changed at 70 s: not stale before 70 s
    expect((await store.listStaleDeliveries(later(71), 100)).map((x) => x.id)).toContain(c.id);
    expect(await store.failStaleDelivery(c.id, later(71), later(5 * 3600))).toMatchObject({ status: 'failed_follow_up', lastResult: 'delivery lost' });
    expect(await store.startDelivery(c.id, 'li', later(5 * 3600))).toBeNull();
  });

  it('only a waiting callback can be cancelled (the caller was served on the line)', async () => {
    const c = await stored();
    expect(await store.cancel(c.id, later(61))).toMatchObject({ status: 'cancelled' });
    expect(await store.startDelivery(c.id, 'zhang', later(62))).toBeNull();
  });

  it('lists by status and queue, oldest place first', async () => {
    const a = await stored({ queueId: 'enterprise' });
    const list = await store.list({ queueId: 'enterprise', status: 'waiting', limit: 100, offset: 0 });
    expect(list.map((x) => x.id)).toContain(a.id);
    expect(list.every((x) => x.queueId === 'enterprise' && x.status === 'waiting')).toBe(true);
  });

  it('refuses a number that is not a mainland number, storing nothing', async () => {
    const callId = `${Date.now()}.bad`;
    await createCallRecordsStore(testDb.db).openCall({ callId, channelId: callId, callerNumber: '1', dialedNumber: '12345', startedAt: T0 });
    const id = newId();
    await expect(store.create({ id, callId, queueId: 'general', number: '0085212345678', queuedAt: T0, priority: 0, at: T0 })).rejects.toThrow();
    expect(await store.get(id)).toBeNull();
  });
});

describe('callback store on PostgreSQL under concurrency', () => {
  it('twenty instances racing to deliver one callback: exactly one takes it', async () => {
    const factory = testDatabaseFactories.find((f) => f.kind === 'postgres')!;
    const testDb = await factory.create();
    try {
      await migrate(testDb.db);
      const handles = [testDb.db, ...(await Promise.all(Array.from({ length: 4 }, () => testDb.openAnother())))];
      const callId = '1763800000.1';
      await createCallRecordsStore(testDb.db).openCall({ callId, channelId: callId, callerNumber: '13800138000', dialedNumber: '12345', startedAt: T0 });
      const id = newId();
      await createCallbackStore(testDb.db).create({ id, callId, queueId: 'general', number: '13800138000', queuedAt: T0, priority: 0, at: T0 });
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => createCallbackStore(handles[i % handles.length]!).startDelivery(id, `agent-${i}`, later(1))),
      );
      const winners = results.filter((r) => r !== null);
      expect(winners).toHaveLength(1);
      expect((await createCallbackStore(testDb.db).get(id))?.agentId).toBe(winners[0]?.agentId);
    } finally {
      await testDb.dispose();
    }
  });
});
