// The floor's store on both real databases (PostgreSQL and embedded PGlite): the queued calls of
// a China day from the timelines (first time in a queue, its queue, the agent's answer, abandoned),
// the calls in progress, and the abandoned calls with their waited time and callback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCallRecordsStore } from '../../../src/adapters/db/call-records-store.js';
import { createCallbackStore } from '../../../src/adapters/db/callback-store.js';
import { createFloorStore } from '../../../src/adapters/db/floor-store.js';
import { migrate } from '../../../src/adapters/db/migrate.js';
import { dayBins, dayBounds } from '../../../src/domain/floor/day-bins.js';
import type { CallRecords } from '../../../src/ports/call/call-records.js';
import type { FloorStore } from '../../../src/ports/floor/floor-store.js';
import { testDatabaseFactories, type TestDatabase } from '../../support/db-fixtures.js';

const t = (iso: string) => new Date(iso);

/** One call through the queue: started, joined (the call flow's entry and the ACD's), then what followed. */
async function queuedCall(records: CallRecords, c: {
  callId: string; startedAt: string; joinedAt?: string; queueId?: string; answeredAt?: string; abandonedAt?: string; waitedMs?: number | null; endedAt?: string; number?: string;
}): Promise<void> {
  await records.openCall({ callId: c.callId, channelId: `PJSIP/trunk-${c.callId}`, callerNumber: c.number ?? '13800138000', dialedNumber: '12345', startedAt: t(c.startedAt) });
  if (c.joinedAt) {
    await records.appendEvent({ callId: c.callId, at: t(c.joinedAt), type: 'enqueued', leg: 'system', data: { priority: 0 } });
    await records.appendEvent({ callId: c.callId, at: t(c.joinedAt), type: 'enqueued', leg: 'caller', data: { queueId: c.queueId ?? 'general' } });
    await records.updateCall(c.callId, { outcome: 'queued' });
  }
  if (c.answeredAt) {
    await records.appendEvent({ callId: c.callId, at: t(c.answeredAt), type: 'agent_offered', leg: 'agent', data: { agentId: 'li-na' } });
    await records.appendEvent({ callId: c.callId, at: t(c.answeredAt), type: 'leg_answered', leg: 'agent', data: { agentId: 'li-na' } });
    await records.updateCall(c.callId, { outcome: 'answered_by_agent', agentId: 'li-na' });
  }
  if (c.abandonedAt) {
    await records.appendEvent({ callId: c.callId, at: t(c.abandonedAt), type: 'abandoned', leg: 'caller', data: { queueId: c.queueId ?? 'general', waitedMs: c.waitedMs ?? null } });
    await records.updateCall(c.callId, { outcome: 'abandoned_in_queue' });
  }
  if (c.endedAt) await records.updateCall(c.callId, { endedAt: t(c.endedAt) });
}

describe.each(testDatabaseFactories)('floor store on $kind', (factory) => {
  let testDb: TestDatabase;
  let store: FloorStore;
  const day = '2026-12-05';

  beforeAll(async () => {
    testDb = await factory.create();
    await migrate(testDb.db);
    const records = createCallRecordsStore(testDb.db);
    store = createFloorStore(testDb.db);
    // 10:00 China: answered 10 s after joining the queue
    await queuedCall(records, { callId: 'fl.a', startedAt: '2026-12-05T02:00:00Z', joinedAt: '2026-12-05T02:00:05Z', answeredAt: '2026-12-05T02:00:15Z', endedAt: '2026-12-05T02:05:00Z' });
    // answered after 30 s
    await queuedCall(records, { callId: 'fl.b', startedAt: '2026-12-05T02:09:55Z', joinedAt: '2026-12-05T02:10:00Z', answeredAt: '2026-12-05T02:10:30Z', endedAt: '2026-12-05T02:15:00Z' });
    // abandoned after 40 s, with a callback
    await queuedCall(records, { callId: 'fl.c', startedAt: '2026-12-05T02:19:55Z', joinedAt: '2026-12-05T02:20:00Z', abandonedAt: '2026-12-05T02:20:40Z', waitedMs: 40_000, endedAt: '2026-12-05T02:20:40Z', number: '13900139000' });
    // abandoned in the enterprise queue; the wait is known from the times only
    await queuedCall(records, { callId: 'fl.d', startedAt: '2026-12-05T02:04:58Z', joinedAt: '2026-12-05T02:05:00Z', queueId: 'enterprise', abandonedAt: '2026-12-05T02:05:21Z', endedAt: '2026-12-05T02:05:21Z' });
    // handed to 110: never in a queue
    await queuedCall(records, { callId: 'fl.e', startedAt: '2026-12-05T02:30:00Z', endedAt: '2026-12-05T02:31:00Z' });
    // started at 23:59:50 the day before, joined the queue at 00:00:10 China: today's
    await queuedCall(records, { callId: 'fl.f', startedAt: '2026-12-04T15:59:50Z', joinedAt: '2026-12-04T16:00:10Z', answeredAt: '2026-12-04T16:00:12Z', endedAt: '2026-12-04T16:04:00Z' });
    // in progress with li-na
    await queuedCall(records, { callId: 'fl.g', startedAt: '2026-12-05T02:40:00Z', joinedAt: '2026-12-05T02:40:05Z', answeredAt: '2026-12-05T02:40:09Z' });
    // yesterday's, and a crash's left-over still open
    await queuedCall(records, { callId: 'fl.h', startedAt: '2026-12-04T02:00:00Z', joinedAt: '2026-12-04T02:00:05Z', abandonedAt: '2026-12-04T02:00:09Z', endedAt: '2026-12-04T02:00:09Z' });
    await queuedCall(records, { callId: 'fl.i', startedAt: '2026-12-03T02:00:00Z', joinedAt: '2026-12-03T02:00:05Z' });
    const callbacks = createCallbackStore(testDb.db);
    await callbacks.create({ id: 'cccccccccc01', callId: 'fl.c', queueId: 'general', number: '13900139000', queuedAt: t('2026-12-05T02:20:00Z'), priority: 0, at: t('2026-12-05T02:20:41Z') });
    await callbacks.startDelivery('cccccccccc01', 'li-na', t('2026-12-05T02:25:00Z'));
    await callbacks.countAttempt('cccccccccc01', t('2026-12-05T02:25:01Z'));
    await callbacks.complete('cccccccccc01', t('2026-12-05T02:27:00Z'));
  });
  afterAll(async () => {
    await testDb?.dispose();
  });

  it('the queued calls of the China day: first join, queue, agent answer, abandoned', async () => {
    const { from, to } = dayBounds(day);
    const facts = await store.queuedCalls(from, to);
    expect(facts.map((f) => f.callId)).toEqual(['fl.f', 'fl.a', 'fl.d', 'fl.b', 'fl.c', 'fl.g']);
    expect(facts.find((f) => f.callId === 'fl.a')).toEqual({
      callId: 'fl.a', queueId: 'general', joinedAt: t('2026-12-05T02:00:05Z'), agentAnsweredAt: t('2026-12-05T02:00:15Z'), abandoned: false,
    });
    expect(facts.find((f) => f.callId === 'fl.d')).toMatchObject({ queueId: 'enterprise', agentAnsweredAt: null, abandoned: true });
    const general = dayBins(day, facts, 'general');
    expect(general.totals).toEqual({ offered: 5, answered: 4, answeredWithin15s: 3, abandoned: 1, serviceLevel: 0.6, abandonRate: 0.2 });
    expect(general.bins[40]).toMatchObject({ start: '2026-12-05T10:00:00+08:00', offered: 2, answered: 2, answeredWithin15s: 1 });
  });

  it('calls in progress: not ended, started since the time given, with queue and agent', async () => {
    const open = await store.callsInProgress(t('2026-12-04T14:00:00Z'), 100);
    expect(open).toEqual([
      {
        callId: 'fl.g', callerNumber: '13800138000', dialedNumber: '12345', startedAt: t('2026-12-05T02:40:00Z'), outcome: 'answered_by_agent',
        queueId: 'general', agentId: 'li-na', agentAnsweredAt: t('2026-12-05T02:40:09Z'),
      },
    ]);
  });

  it('abandoned calls of the day with the waited time and the callback and how it ended', async () => {
    const { from, to } = dayBounds(day);
    const abandoned = await store.abandonedCalls(from, to, { limit: 100, offset: 0 });
    expect(abandoned).toEqual([
      {
        callId: 'fl.d', callerNumber: '13800138000', dialedNumber: '12345', queueId: 'enterprise', startedAt: t('2026-12-05T02:04:58Z'),
        joinedAt: t('2026-12-05T02:05:00Z'), endedAt: t('2026-12-05T02:05:21Z'), waitedSeconds: 21, callback: null,
      },
      {
        callId: 'fl.c', callerNumber: '13900139000', dialedNumber: '12345', queueId: 'general', startedAt: t('2026-12-05T02:19:55Z'),
        joinedAt: t('2026-12-05T02:20:00Z'), endedAt: t('2026-12-05T02:20:40Z'), waitedSeconds: 40,
        callback: { id: 'cccccccccc01', origin: 'key', status: 'completed', attempts: 1, lastResult: 'completed', completedAt: t('2026-12-05T02:27:00Z'), createdAt: expect.any(Date) },
      },
    ]);
    expect(await store.abandonedCalls(from, to, { limit: 1, offset: 1 })).toEqual([expect.objectContaining({ callId: 'fl.c' })]);
  });
});
