// Missed calls called back (漏接回拨) on the real databases (embedded PGlite and PostgreSQL), the
// real Redis waiting list and BullMQ: a caller who waited past the threshold and hung up gets one
// callback entry at the place they had; none for a short wait or a withheld number, none twice; a
// later call that reached an agent cancels it; in quiet hours it is held (its job scheduled) and
// put back at its place when they end; right before dialling it is checked again; the sweep
// stores what no process handled; the figures count entries, reached, not reached, cancelled.
import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCallRecordsStore } from '../../src/adapters/db/call-records-store.js';
import { createCallbackStore } from '../../src/adapters/db/callback-store.js';
import { migrate } from '../../src/adapters/db/migrate.js';
import { createMissedCallStore } from '../../src/adapters/db/missed-call-store.js';
import { createBullmqCallbackRetries } from '../../src/adapters/jobs/bullmq-callback-retries.js';
import { createRedisWaitingList } from '../../src/adapters/redis/redis-waiting-list.js';
import { createCallbacks } from '../../src/app/callback/callbacks.js';
import { createMissedCallCallbacks, type MissedCallCallbacks } from '../../src/app/callback/missed-call-callbacks.js';
import { CALLED_AGAIN } from '../../src/domain/callback/missed-call-callback.js';
import { parseQuietHours } from '../../src/domain/survey/quiet-hours.js';
import type { CallControl } from '../../src/ports/call/call-control.js';
import type { CallRecords } from '../../src/ports/call/call-records.js';
import type { CallbackRetryJobs } from '../../src/ports/callback/callback-retry-jobs.js';
import type { CallbackStore } from '../../src/ports/callback/callback-store.js';
import type { MissedCallStore } from '../../src/ports/callback/missed-call-store.js';
import type { WaitingList } from '../../src/ports/acd/waiting-list.js';
import { connectRedis, deleteKeys, TEST_REDIS_URL, type RedisConnection } from './acd/acd-redis-fixtures.js';
import { testDatabaseFactories, type TestDatabase } from '../support/db-fixtures.js';

const logger = pino({ level: 'silent' });
// 10:00 in Shanghai: outside the quiet hours 21:00-08:00
const DAY = Date.parse('2026-11-22T02:00:00Z');
const NIGHT = Date.parse('2026-11-22T15:30:00Z'); // 23:30 in Shanghai
const MORNING = new Date('2026-11-23T00:00:00Z'); // 08:00 in Shanghai
const QUIET = { quietHours: parseQuietHours('21:00-08:00'), timeZone: 'Asia/Shanghai' };

describe.each(testDatabaseFactories)('missed calls called back on $kind', (factory) => {
  let testDb: TestDatabase;
  let records: CallRecords;
  let callbackStore: CallbackStore;
  let missedStore: MissedCallStore;
  let redis: RedisConnection;
  let prefix: string;
  let waiting: WaitingList;
  let jobs: CallbackRetryJobs;
  const due: string[] = [];
  let clock = new Date(DAY);
  let missed: MissedCallCallbacks;
  let kicks = 0;
  let numberSeq = 0;

  beforeAll(async () => {
    testDb = await factory.create();
    await migrate(testDb.db);
    records = createCallRecordsStore(testDb.db);
    callbackStore = createCallbackStore(testDb.db);
    missedStore = createMissedCallStore(testDb.db, CALLED_AGAIN);
    redis = connectRedis();
    prefix = `test:missed:${randomBytes(6).toString('hex')}:`;
    waiting = createRedisWaitingList(redis, prefix);
    jobs = createBullmqCallbackRetries({ redisUrl: TEST_REDIS_URL, prefix: `${prefix}bull`, logger, onDue: async (id) => void due.push(id) });
    missed = createMissedCallCallbacks({
      store: missedStore, callbacks: callbackStore, records, waiting, jobs: () => jobs, kickAcd: () => void (kicks += 1),
      settings: { afterMs: 20_000, calling: QUIET }, logger, now: () => clock,
    });
  });
  afterAll(async () => {
    await jobs?.close();
    await deleteKeys(redis, prefix);
    await redis?.quit();
    await testDb?.dispose();
  });

  /** A fresh mainland number per case: the rules look at the number's other calls and callbacks. */
  const newNumber = () => `1370000${String(++numberSeq).padStart(4, '0')}`;

  /** The callbacks (their retry) on the same storage, at a fixed time. */
  const callbacksAt = (now: Date) =>
    createCallbacks({
      store: callbackStore, waiting, pool: {} as never, agents: { onCallEvent: async () => undefined, setReady: async () => undefined },
      control: {} as CallControl, records, jobs: () => jobs, queues: () => new Map(), feed: () => undefined, kickAcd: () => undefined,
      settings: { maxAttempts: 2, retryMs: 600_000, ringSeconds: 30, outboundContext: 'hotline-outbound', hotlineNumber: '12345' },
      logger, now: () => now,
    });

  /** A call that waited `waitedS` in the general queue from `startS + 4` and hung up there. */
  async function missedCall(number: string, o: { startMs?: number; waitedS?: number; priority?: number } = {}) {
    const start = o.startMs ?? clock.getTime() - 60_000;
    const callId = `${Math.floor(start / 1000)}.${randomBytes(3).toString('hex')}`;
    const queuedAt = new Date(start + 4_000);
    const waitedMs = (o.waitedS ?? 30) * 1000;
    const end = new Date(queuedAt.getTime() + waitedMs);
    await records.openCall({ callId, channelId: callId, callerNumber: number, dialedNumber: '12345', startedAt: new Date(start) });
    await records.appendEvent({ callId, at: queuedAt, type: 'enqueued', leg: 'caller', data: { queueId: 'general' } });
    if (o.priority) await records.appendEvent({ callId, at: queuedAt, type: 'enqueued', leg: 'system', data: { priority: o.priority, reasons: [] } });
    await records.appendEvent({ callId, at: end, type: 'abandoned', leg: 'caller', data: { queueId: 'general', waitedMs } });
    await records.updateCall(callId, { endedAt: end, outcome: 'abandoned_in_queue', firstHangupSide: 'caller' });
    return { callId, queuedAt, end };
  }

  /** Another call from the number: answered by an agent (ended), or still on the line. */
  async function laterCall(number: string, startMs: number, how: 'reached_agent' | 'on_the_line') {
    const callId = `${Math.floor(startMs / 1000)}.${randomBytes(3).toString('hex')}`;
    await records.openCall({ callId, channelId: callId, callerNumber: number, dialedNumber: '12345', startedAt: new Date(startMs) });
    if (how === 'reached_agent') {
      await records.updateCall(callId, { outcome: 'answered_by_agent', agentId: 'zhang', endedAt: new Date(startMs + 60_000) });
    }
    return callId;
  }

  it('a caller who waited past the threshold gets one callback entry at the place they had', async () => {
    clock = new Date(DAY);
    const number = newNumber();
    const call = await missedCall(number, { priority: 3 });
    const kicked = kicks;
    expect(await missed.consider(call.callId)).toMatchObject({ kind: 'create', number, held: false });
    const [row] = await missedStore.forNumber(number, new Date(0));
    expect(row).toMatchObject({ origin: 'missed_call', callId: call.callId, status: 'waiting', queueId: 'general', priority: 3, attempts: 0, queuedAt: call.queuedAt });
    expect(await waiting.get(call.callId)).toEqual({ callId: call.callId, queueId: 'general', priority: 3, queuedAt: call.queuedAt.getTime(), callbackId: row!.id });
    expect(kicks).toBe(kicked + 1);
    const timeline = (await records.getCall(call.callId))!.events.filter((e) => e.type === 'callback_requested');
    expect(timeline).toHaveLength(1);
    expect(timeline[0]!.data).toMatchObject({ origin: 'missed_call', callbackId: row!.id, number: '137****' + number.slice(-4), waitedMs: 30_000 });
    // listed with the other callbacks, its origin said
    expect((await callbackStore.get(row!.id))?.origin).toBe('missed_call');

    // the same call again (the sweep, another instance): nothing more; a second missed call of the number: none while one is pending
    expect(await missed.consider(call.callId)).toEqual({ kind: 'skip', reason: 'callback_pending' });
    const second = await missedCall(number, { startMs: clock.getTime() - 30_000, waitedS: 25 });
    expect(await missed.consider(second.callId)).toEqual({ kind: 'skip', reason: 'callback_pending' });
    expect(await missedStore.forNumber(number, new Date(0))).toHaveLength(1);
    // even stored straight away, the database keeps one per call and one pending per number
    const base = { queueId: 'general', number, queuedAt: call.queuedAt, priority: 0, at: clock, holdUntil: null };
    expect(await missedStore.create({ ...base, id: randomBytes(6).toString('hex'), callId: call.callId })).toBeNull();
    expect(await missedStore.create({ ...base, id: randomBytes(6).toString('hex'), callId: second.callId })).toBeNull();
  });

  it('a short wait, a withheld number or a call not abandoned in the queue get none', async () => {
    clock = new Date(DAY);
    const short = await missedCall(newNumber(), { waitedS: 19 });
    expect(await missed.consider(short.callId)).toEqual({ kind: 'skip', reason: 'short_wait' });
    const withheld = await missedCall('anonymous');
    expect(await missed.consider(withheld.callId)).toEqual({ kind: 'skip', reason: 'withheld_number' });
    const answered = await laterCall(newNumber(), clock.getTime() - 120_000, 'reached_agent');
    expect(await missed.consider(answered)).toBeNull();
    expect(await waiting.get(short.callId)).toBeNull();
    expect((await testDb.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM callbacks WHERE call_id IN ($1, $2)`, [short.callId, withheld.callId]))[0]?.n).toBe(0);
  });

  it('a citizen who called again and reached an agent: none if before, and a pending one is cancelled when that call ends', async () => {
    clock = new Date(DAY);
    const before = newNumber();
    const first = await missedCall(before);
    await laterCall(before, first.end.getTime() + 5_000, 'reached_agent');
    expect(await missed.consider(first.callId)).toMatchObject({ kind: 'skip', reason: 'called_again' });

    const number = newNumber();
    const call = await missedCall(number);
    await missed.consider(call.callId);
    const [row] = await missedStore.forNumber(number, new Date(0));
    const again = await laterCall(number, call.end.getTime() + 10_000, 'reached_agent');
    missed.callEnded(again);
    await missed.idle();
    expect(await callbackStore.get(row!.id)).toMatchObject({ status: 'cancelled', lastResult: CALLED_AGAIN });
    expect(await waiting.get(call.callId)).toBeNull();
    const cancelled = (await records.getCall(call.callId))!.events.find((e) => e.type === 'callback_cancelled');
    expect(cancelled?.data).toMatchObject({ origin: 'missed_call', callbackId: row!.id, reason: CALLED_AGAIN, byCallId: again });
  });

  it('in quiet hours it is held until they end, its job scheduled; then it goes back to its place', async () => {
    clock = new Date(NIGHT);
    const number = newNumber();
    const call = await missedCall(number);
    expect(await missed.consider(call.callId)).toMatchObject({ kind: 'create', held: true, dueAt: MORNING });
    const [row] = await missedStore.forNumber(number, new Date(0));
    expect(row).toMatchObject({ status: 'retry_wait', nextAttemptAt: MORNING, attempts: 0 });
    expect(await waiting.get(call.callId)).toBeNull();
    // the delayed job carries the callback id only
    const jobKeys = await redis.keys(`${prefix}bull:callback-retry:${row!.id}-${MORNING.getTime()}`);
    expect(jobKeys).toHaveLength(1);
    expect(JSON.parse((await redis.hget(jobKeys[0]!, 'data')) ?? '{}')).toEqual({ callbackId: row!.id });

    // at 08:00 the callbacks' retry puts it back in the waiting list at the caller's place
    await callbacksAt(MORNING).retryDue(row!.id);
    expect(await waiting.get(call.callId)).toEqual({ callId: call.callId, queueId: 'general', priority: 0, queuedAt: call.queuedAt.getTime(), callbackId: row!.id });
    expect(await callbackStore.get(row!.id)).toMatchObject({ status: 'waiting', nextAttemptAt: null });
  });

  it('right before dialling: held in quiet hours, cancelled when the citizen is on the line again, else dialled', async () => {
    clock = new Date(DAY);
    const number = newNumber();
    const call = await missedCall(number);
    await missed.consider(call.callId);
    const [row] = await missedStore.forNumber(number, new Date(0));
    expect(await missed.screen(row!.id)).toBe(true);

    clock = new Date(NIGHT);
    expect(await missed.screen(row!.id)).toBe(false);
    expect(await callbackStore.get(row!.id)).toMatchObject({ status: 'retry_wait', nextAttemptAt: MORNING });
    await callbackStore.retryDue(row!.id, MORNING);

    clock = new Date(DAY + 3_600_000);
    const live = await laterCall(number, DAY + 3_000_000, 'on_the_line');
    expect(await missed.screen(row!.id)).toBe(false);
    expect(await callbackStore.get(row!.id)).toMatchObject({ status: 'cancelled', lastResult: CALLED_AGAIN });
    expect((await records.getCall(call.callId))!.events.find((e) => e.type === 'callback_cancelled')?.data).toMatchObject({ byCallId: live });

    // a callback the caller left with the key is never screened out
    const keyed = await missedCall(newNumber());
    const id = randomBytes(6).toString('hex');
    await callbackStore.create({ id, callId: keyed.callId, queueId: 'general', number: '13912345678', queuedAt: keyed.queuedAt, priority: 0, at: clock });
    clock = new Date(NIGHT);
    expect(await missed.screen(id)).toBe(true);
  });

  it('the sweep stores the callback of a recent missed call no process handled', async () => {
    clock = new Date(DAY + 7_200_000);
    const number = newNumber();
    const call = await missedCall(number, { startMs: clock.getTime() - 120_000 });
    const short = await missedCall(newNumber(), { startMs: clock.getTime() - 120_000, waitedS: 5 });
    expect(await missedStore.listUnhandled(new Date(clock.getTime() - 900_000), clock, 20_000, 100)).toContain(call.callId);
    await missed.sweep();
    expect(await missedStore.forNumber(number, new Date(0))).toEqual([expect.objectContaining({ callId: call.callId, status: 'waiting' })]);
    expect(await missedStore.listUnhandled(new Date(clock.getTime() - 900_000), clock, 20_000, 100)).not.toContain(call.callId);
    expect(await missedStore.listUnhandled(new Date(clock.getTime() - 900_000), clock, 0, 100)).toContain(short.callId);
  });

  it('the figures: entries, reached, not reached, cancelled because the citizen called again, pending', async () => {
    const from = new Date(Date.UTC(2027, 0, 1));
    clock = new Date(from.getTime() + 2 * 3_600_000); // 10:00 in Shanghai
    const ids: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      const number = newNumber();
      const call = await missedCall(number);
      await missed.consider(call.callId);
      ids.push((await missedStore.forNumber(number, new Date(0)))[0]!.id);
    }
    const [reached, notReached, cancelled] = ids as [string, string, string, string];
    await callbackStore.startDelivery(reached, 'zhang', clock);
    await callbackStore.countAttempt(reached, clock);
    await callbackStore.complete(reached, clock);
    await callbackStore.startDelivery(notReached, 'zhang', clock);
    await callbackStore.countAttempt(notReached, clock);
    await callbackStore.attemptFailed(notReached, 'citizen_unreachable', { at: clock, maxAttempts: 1, retryMs: 1_000 });
    await missedStore.cancel(cancelled, CALLED_AGAIN, clock);
    const figures = await missed.figures(from, new Date(from.getTime() + 86_400_000));
    expect(figures).toEqual({ entries: 4, reached: 1, notReached: 1, cancelledCalledAgain: 1, cancelledOther: 0, pending: 1, afterSeconds: 20 });
    expect(await missed.figures(new Date(from.getTime() + 86_400_000), new Date(from.getTime() + 2 * 86_400_000))).toMatchObject({ entries: 0 });
  });
});
