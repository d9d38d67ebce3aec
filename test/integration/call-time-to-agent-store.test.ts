// The call's time to agent (migration 013) on a real PostgreSQL (random schema) and on embedded
// PGlite: stored once (the first agent counts), read back with the record and in call lists.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCallRecordsStore } from '../../src/adapters/db/call-records-store.js';
import { migrate } from '../../src/adapters/db/migrate.js';
import type { CallRecords } from '../../src/ports/call/call-records.js';
import { testDatabaseFactories, type TestDatabase } from '../support/db-fixtures.js';

describe.each(testDatabaseFactories)('time to agent on $kind', (factory) => {
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

  async function openCall(): Promise<string> {
    const callId = randomUUID();
    await records.openCall({ callId, channelId: callId, callerNumber: '13800138000', dialedNumber: '12345', startedAt: new Date('2026-12-05T09:00:00Z') });
    return callId;
  }

  it('is null until the caller reaches an agent, then the first value is kept', async () => {
    const callId = await openCall();
    expect((await records.getCall(callId))?.timeToAgentMs).toBeNull();
    await records.updateCall(callId, { outcome: 'answered_by_agent', agentId: 'zhang' });
    expect((await records.getCall(callId))?.timeToAgentMs).toBeNull();
    await records.updateCall(callId, { timeToAgentMs: 3412.6 });
    // a second agent after the first one's softphone was lost does not change it
    await records.updateCall(callId, { timeToAgentMs: 95_000 });
    await records.updateCall(callId, { endedAt: new Date('2026-12-05T09:03:00Z') });
    const stored = await records.getCall(callId);
    expect(stored?.timeToAgentMs).toBe(3413);
    expect((await records.listCalls({ limit: 10, offset: 0 })).find((c) => c.callId === callId)?.timeToAgentMs).toBe(3413);
  });

  it('rejects a negative time', async () => {
    const callId = await openCall();
    await expect(records.updateCall(callId, { timeToAgentMs: -1 })).rejects.toThrow();
  });
});
