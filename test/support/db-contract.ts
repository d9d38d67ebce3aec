// The behaviour every CallRecords adapter must show, run against each real database.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCallRecordsStore } from '../../src/adapters/db/call-records-store.js';
import { migrate } from '../../src/adapters/db/migrate.js';
import type { CallRecords, NewCall } from '../../src/ports/call/call-records.js';
import type { TestDatabase, TestDatabaseFactory } from './db-fixtures.js';

const at = (iso: string) => new Date(iso);

function newCall(overrides: Partial<NewCall> = {}): NewCall {
  const callId = overrides.callId ?? randomUUID();
  return {
    callId,
    channelId: `PJSIP/trunk-${callId.slice(0, 8)}`,
    callerNumber: '13800138000',
    dialedNumber: '12345',
    startedAt: at('2025-03-01T09:00:00.000Z'),
    ...overrides,
  };
}

export function callRecordsContract(factory: TestDatabaseFactory): void {
  let testDb: TestDatabase;
  let records: CallRecords;

  beforeAll(async () => {
    testDb = await factory.create();
    await migrate(testDb.db);
    records = createCallRecordsStore(testDb.db);
  });
  afterAll(async () => {
    await testDb?.dispose();
  });
  beforeEach(async () => {
    await testDb.db.exec('TRUNCATE calls CASCADE');
  });

  describe('openCall', () => {
    it('opening the same call twice keeps one row with the first details', async () => {
      const call = newCall();
      await records.openCall(call);
      await records.openCall({ ...call, callerNumber: '13999999999', startedAt: at('2025-03-01T09:05:00Z') });

      const rows = await testDb.db.query<{ n: number }>('SELECT count(*)::int AS n FROM calls');
      expect(rows[0]?.n).toBe(1);
      const stored = await records.getCall(call.callId);
      expect(stored).toMatchObject({
        callId: call.callId,
        channelId: call.channelId,
        callerNumber: '13800138000',
        dialedNumber: '12345',
        startedAt: call.startedAt,
        answeredAt: null,
        endedAt: null,
        durationMs: null,
        hangupCause: null,
        hangupCauseText: null,
        firstHangupSide: null,
        outcome: 'in_progress',
        emergencyNumber: null,
        events: [],
      });
    });
  });

  describe('appendEvent', () => {
    it('returns the timeline in time order, events at the same instant in the order they were added', async () => {
      const call = newCall();
      await records.openCall(call);
      await records.appendEvent({ callId: call.callId, at: at('2025-03-01T09:00:02Z'), type: 'dtmf', leg: 'caller', data: { digit: '1' } });
      await records.appendEvent({ callId: call.callId, at: at('2025-03-01T09:00:00Z'), type: 'stasis_start', leg: 'caller' });
      await records.appendEvent({ callId: call.callId, at: at('2025-03-01T09:00:02Z'), type: 'emergency_requested', leg: 'system', data: { number: '110' } });
      await records.appendEvent({ callId: call.callId, at: at('2025-03-01T09:00:01Z'), type: 'answered', leg: 'caller' });

      const stored = await records.getCall(call.callId);
      expect(stored?.events.map((e) => e.type)).toEqual(['stasis_start', 'answered', 'dtmf', 'emergency_requested']);
      const [first, , dtmf] = stored?.events ?? [];
      expect(first).toEqual({ id: expect.any(Number), callId: call.callId, at: at('2025-03-01T09:00:00Z'), type: 'stasis_start', leg: 'caller', data: {} });
      expect(dtmf?.data).toEqual({ digit: '1' });
    });

    it('stores an event replayed with the same dedup key once, and events without a key every time', async () => {
      const call = newCall();
      await records.openCall(call);
      const hangup = { callId: call.callId, at: at('2025-03-01T09:01:00Z'), type: 'hangup' as const, leg: 'caller' as const, dedupKey: 'hangup:caller' };
      await records.appendEvent(hangup);
      await records.appendEvent({ ...hangup, at: at('2025-03-01T09:01:05Z'), data: { replay: true } });
      await records.appendEvent({ callId: call.callId, at: at('2025-03-01T09:01:00Z'), type: 'app_gap', leg: 'system' });
      await records.appendEvent({ callId: call.callId, at: at('2025-03-01T09:01:00Z'), type: 'app_gap', leg: 'system' });

      const events = (await records.getCall(call.callId))?.events ?? [];
      expect(events.filter((e) => e.type === 'hangup')).toEqual([expect.objectContaining({ at: hangup.at, data: {} })]);
      expect(events.filter((e) => e.type === 'app_gap')).toHaveLength(2);
    });

    it('keeps the same dedup key apart for different calls and round-trips Chinese text in data', async () => {
      const a = newCall();
      const b = newCall();
      await records.openCall(a);
      await records.openCall(b);
      const data = { prompt: '您好，这里是12345政务服务便民热线', keys: ['1', '2'], nested: { ok: true } };
      await records.appendEvent({ callId: a.callId, at: a.startedAt, type: 'playback_started', leg: 'caller', data, dedupKey: 'greeting' });
      await records.appendEvent({ callId: b.callId, at: b.startedAt, type: 'playback_started', leg: 'caller', data, dedupKey: 'greeting' });

      expect((await records.getCall(a.callId))?.events[0]?.data).toEqual(data);
      expect((await records.getCall(b.callId))?.events).toHaveLength(1);
    });

    it('events written at once go in groups: all kept in the order written, a replay in the same group once, a bad one fails alone', async () => {
      const call = newCall();
      await records.openCall(call);
      const t = at('2025-03-01T09:02:00Z');
      // 31 of these go as one INSERT (the first goes alone), the replay among them
      await Promise.all([
        ...Array.from({ length: 30 }, (_, i) => records.appendEvent({ callId: call.callId, at: t, type: 'dtmf', leg: 'caller', data: { n: i } })),
        records.appendEvent({ callId: call.callId, at: t, type: 'hangup', leg: 'caller', dedupKey: 'hangup:caller' }),
        records.appendEvent({ callId: call.callId, at: t, type: 'hangup', leg: 'caller', dedupKey: 'hangup:caller', data: { replay: true } }),
      ]);
      const results = await Promise.allSettled([
        records.appendEvent({ callId: call.callId, at: t, type: 'answered', leg: 'caller' }),
        // no such call: its row breaks the foreign key, and fails its group
        records.appendEvent({ callId: 'no-such-call', at: t, type: 'dtmf', leg: 'caller' }),
        records.appendEvent({ callId: call.callId, at: t, type: 'app_gap', leg: 'system' }),
        records.appendEvent({ callId: call.callId, at: t, type: 'app_gap', leg: 'system' }),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
      const events = (await records.getCall(call.callId))?.events ?? [];
      expect(events.filter((e) => e.type === 'dtmf').map((e) => e.data.n)).toEqual(Array.from({ length: 30 }, (_, i) => i));
      expect(events.filter((e) => e.type === 'hangup')).toEqual([expect.objectContaining({ data: {} })]);
      expect(events.slice(-3).map((e) => e.type)).toEqual(['answered', 'app_gap', 'app_gap']);
    });
  });

  describe('updateCall', () => {
    it('changes only the fields it is given and computes the duration from start to end', async () => {
      const call = newCall({ startedAt: at('2025-03-01T10:00:00.000Z') });
      await records.openCall(call);
      await records.updateCall(call.callId, { answeredAt: at('2025-03-01T10:00:01.250Z'), outcome: 'emergency_handover', emergencyNumber: '110' });
      await records.updateCall(call.callId, { endedAt: at('2025-03-01T10:02:03.456Z'), hangupCause: 16, hangupCauseText: 'Normal Clearing' });

      expect(await records.getCall(call.callId)).toMatchObject({
        answeredAt: at('2025-03-01T10:00:01.250Z'),
        endedAt: at('2025-03-01T10:02:03.456Z'),
        durationMs: 123_456,
        hangupCause: 16,
        hangupCauseText: 'Normal Clearing',
        outcome: 'emergency_handover',
        emergencyNumber: '110',
      });
    });

    it('keeps the side that hung up first when a later update names another side', async () => {
      const call = newCall();
      await records.openCall(call);
      await records.updateCall(call.callId, { firstHangupSide: 'caller' });
      await records.updateCall(call.callId, { firstHangupSide: 'emergency', outcome: 'ended' });

      expect(await records.getCall(call.callId)).toMatchObject({ firstHangupSide: 'caller', outcome: 'ended' });
    });

    it('keeps exactly one side when two writers set it at the same time', async () => {
      const call = newCall();
      await records.openCall(call);
      await Promise.all([
        records.updateCall(call.callId, { firstHangupSide: 'caller' }),
        records.updateCall(call.callId, { firstHangupSide: 'agent' }),
      ]);
      const side = (await records.getCall(call.callId))?.firstHangupSide;
      expect(['caller', 'agent']).toContain(side);
      await records.updateCall(call.callId, { firstHangupSide: 'system' });
      expect((await records.getCall(call.callId))?.firstHangupSide).toBe(side);
    });

    it('does nothing for an unknown call', async () => {
      await expect(records.updateCall('no-such-call', { outcome: 'ended' })).resolves.toBeUndefined();
    });
  });

  describe('getCall', () => {
    it('returns null for an unknown call id', async () => {
      expect(await records.getCall('no-such-call')).toBeNull();
    });
  });

  describe('listCalls', () => {
    const ids = { early: 'c-early', morning: 'c-morning', noon: 'c-noon', evening: 'c-evening' };
    beforeEach(async () => {
      await records.openCall(newCall({ callId: ids.early, startedAt: at('2025-03-01T07:59:59.999Z'), callerNumber: '13800138000' }));
      await records.openCall(newCall({ callId: ids.morning, startedAt: at('2025-03-01T08:00:00.000Z'), callerNumber: '13900139000' }));
      await records.openCall(newCall({ callId: ids.noon, startedAt: at('2025-03-01T12:00:00.000Z'), callerNumber: '02161234567' }));
      await records.openCall(newCall({ callId: ids.evening, startedAt: at('2025-03-01T18:00:00.000Z'), callerNumber: '13800138000', dialedNumber: '110' }));
    });
    const list = async (filter: Partial<Parameters<CallRecords['listCalls']>[0]>) =>
      (await records.listCalls({ limit: 50, offset: 0, ...filter })).map((c) => c.callId);

    it('lists newest first', async () => {
      expect(await list({})).toEqual([ids.evening, ids.noon, ids.morning, ids.early]);
    });

    it('filters by start time, from inclusive and to exclusive', async () => {
      expect(await list({ from: at('2025-03-01T08:00:00Z'), to: at('2025-03-01T18:00:00Z') })).toEqual([ids.noon, ids.morning]);
      expect(await list({ from: at('2025-03-01T12:00:00Z') })).toEqual([ids.evening, ids.noon]);
      expect(await list({ to: at('2025-03-01T08:00:00Z') })).toEqual([ids.early]);
    });

    it('matches the caller or the dialed number exactly or by suffix', async () => {
      expect(await list({ number: '13800138000' })).toEqual([ids.evening, ids.early]);
      expect(await list({ number: '8000' })).toEqual([ids.evening, ids.early]);
      expect(await list({ number: '139000' })).toEqual([ids.morning]);
      expect(await list({ number: '110' })).toEqual([ids.evening]);
      expect(await list({ number: '12345' })).toEqual([ids.noon, ids.morning, ids.early]);
      expect(await list({ number: '1380013' })).toEqual([]);
      expect(await list({ number: '13800138000', from: at('2025-03-01T12:00:00Z') })).toEqual([ids.evening]);
    });

    it('pages with limit and offset', async () => {
      expect(await list({ limit: 2, offset: 0 })).toEqual([ids.evening, ids.noon]);
      expect(await list({ limit: 2, offset: 2 })).toEqual([ids.morning, ids.early]);
      expect(await list({ limit: 2, offset: 4 })).toEqual([]);
    });

    it('returns full records', async () => {
      const [evening] = await records.listCalls({ number: '110', limit: 1, offset: 0 });
      expect(evening).toMatchObject({ callId: ids.evening, callerNumber: '13800138000', dialedNumber: '110', startedAt: at('2025-03-01T18:00:00Z'), outcome: 'in_progress' });
      expect(evening).not.toHaveProperty('events');
    });
  });

  describe('listOpenCalls', () => {
    it('lists the calls with no end time, oldest first', async () => {
      const ended = newCall({ startedAt: at('2025-03-01T09:00:00Z') });
      const answered = newCall({ startedAt: at('2025-03-01T09:02:00Z') });
      const ringing = newCall({ startedAt: at('2025-03-01T09:01:00Z') });
      for (const call of [ended, answered, ringing]) await records.openCall(call);
      await records.updateCall(ended.callId, { endedAt: at('2025-03-01T09:03:00Z'), outcome: 'ended' });
      await records.updateCall(answered.callId, { answeredAt: at('2025-03-01T09:02:01Z'), outcome: 'queued' });

      const open = await records.listOpenCalls();
      expect(open.map((c) => c.callId)).toEqual([ringing.callId, answered.callId]);
      expect(open[1]).toMatchObject({ outcome: 'queued', endedAt: null, durationMs: null });
    });
  });
}
