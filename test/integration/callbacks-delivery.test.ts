// Callback delivery in the app on the real PostgreSQL, Redis and BullMQ: two app instances given
// the same callback at once dial it once; a citizen who never answers is retried at the
// original place (a BullMQ job that carries the id only) and ends as a follow-up record.
// The telephony side is a stand-in that records commands (the real Asterisk runs in e2e).
import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCallRecordsStore } from '../../src/adapters/db/call-records-store.js';
import { createCallbackStore } from '../../src/adapters/db/callback-store.js';
import { migrate } from '../../src/adapters/db/migrate.js';
import { createBullmqCallbackRetries } from '../../src/adapters/jobs/bullmq-callback-retries.js';
import { createRedisAgentPool } from '../../src/adapters/redis/acd/redis-agent-pool.js';
import { createRedisWaitingList } from '../../src/adapters/redis/redis-waiting-list.js';
import { createCallbacks, type Callbacks } from '../../src/app/callback/callbacks.js';
import type { CallControl, OriginateRequest } from '../../src/ports/call/call-control.js';
import type { CallbackRetryJobs } from '../../src/ports/callback/callback-retry-jobs.js';
import type { CallbackStore } from '../../src/ports/callback/callback-store.js';
import type { WaitingList } from '../../src/ports/acd/waiting-list.js';
import { connectRedis, deleteKeys, TEST_REDIS_URL, type RedisConnection } from './acd/acd-redis-fixtures.js';
import { createPostgresTestDatabase, type TestDatabase } from '../support/db-fixtures.js';

const logger = pino({ level: 'silent' });
let testDb: TestDatabase;
let redis: RedisConnection;
let prefix: string;
let store: CallbackStore;

/** Records what the app asks of Asterisk. */
function telephony() {
  const originated: OriginateRequest[] = [];
  const hungUp: string[] = [];
  const ok = async () => undefined;
  const control: CallControl = {
    answer: ok, play: ok, startMoh: ok, stopMoh: ok, setChannelVar: ok, recordCall: ok, stopPlayback: ok, ring: ok,
    originate: async (r) => void originated.push(r),
    createBridge: ok, addToBridge: ok, removeFromBridge: ok, destroyBridge: ok,
    hangup: async (id) => void hungUp.push(id),
    continueInDialplan: ok, watchChannel: ok, listAppChannels: async () => [], channelExists: async () => false,
  } as CallControl;
  return { control, originated, hungUp };
}

interface Instance {
  callbacks: Callbacks;
  waiting: WaitingList;
  phone: ReturnType<typeof telephony>;
  agentEvents: string[];
  jobs: CallbackRetryJobs;
}

function instance(name: string, settings = { maxAttempts: 2, retryMs: 300 }): Instance {
  const phone = telephony();
  const waiting = createRedisWaitingList(redis, `${prefix}${name}:`);
  const agentEvents: string[] = [];
  let jobs: CallbackRetryJobs | null = null;
  const callbacks = createCallbacks({
    store,
    waiting,
    pool: createRedisAgentPool(redis, prefix),
    agents: {
      onCallEvent: async (agentId, _callId, event) => void agentEvents.push(`${agentId}:${event}`),
      setReady: async (agentId) => void agentEvents.push(`${agentId}:ready`),
    },
    control: phone.control,
    records: createCallRecordsStore(testDb.db),
    jobs: () => jobs!,
    queues: () => new Map(),
    feed: () => undefined,
    kickAcd: () => undefined,
    settings: { ...settings, ringSeconds: 30, outboundContext: 'hotline-outbound', hotlineNumber: '12345' },
    logger,
    now: () => new Date(),
  });
  jobs = createBullmqCallbackRetries({ redisUrl: TEST_REDIS_URL, prefix: `${prefix}bull`, logger, onDue: (id) => callbacks.retryDue(id) });
  return { callbacks, waiting, phone, agentEvents, jobs };
}

async function storedCallback(): Promise<{ id: string; callId: string }> {
  const callId = `${Date.now()}.${Math.floor(Math.random() * 1e6)}`;
  await createCallRecordsStore(testDb.db).openCall({ callId, channelId: callId, callerNumber: '13800138000', dialedNumber: '12345', startedAt: new Date() });
  const id = randomBytes(6).toString('hex');
  await store.create({ id, callId, queueId: 'general', number: '13800138000', queuedAt: new Date('2026-11-22T09:00:00Z'), priority: 7, at: new Date() });
  return { id, callId };
}

const at = () => new Date();

/** Whether any hash, string or list under the test prefix holds the text (phone numbers must not). */
async function redisHolds(text: string): Promise<boolean> {
  for (const key of await redis.keys(`${prefix}*`)) {
    const type = await redis.type(key);
    const values =
      type === 'hash' ? Object.entries(await redis.hgetall(key)).flat()
      : type === 'string' ? [(await redis.get(key)) ?? '']
      : type === 'list' ? await redis.lrange(key, 0, -1)
      : type === 'zset' ? await redis.zrange(key, '0', '-1')
      : [];
    if (values.some((v) => v.includes(text))) return true;
  }
  return false;
}
async function until<T>(what: string, check: () => Promise<T | undefined | null | false>, ms = 5_000): Promise<T> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const v = await check();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

beforeAll(async () => {
  testDb = await createPostgresTestDatabase();
  await migrate(testDb.db);
  store = createCallbackStore(testDb.db);
  redis = connectRedis();
  prefix = `test:callbacks:${randomBytes(6).toString('hex')}:`;
});

afterAll(async () => {
  await deleteKeys(redis, prefix);
  await redis.quit();
  await testDb?.dispose();
});

describe('callback delivery with real storage', () => {
  it('two instances handed the same callback at once: one rings its agent, the other releases its agent', async () => {
    const a = instance('a');
    const b = instance('b');
    try {
      const { id, callId } = await storedCallback();
      const entry = { callId, queueId: 'general', priority: 7, queuedAt: Date.parse('2026-11-22T09:00:00Z'), callbackId: id };
      await Promise.all([a.callbacks.deliver(entry, 'zhang', '8001'), b.callbacks.deliver(entry, 'li', '8002')]);
      const agentLegs = [...a.phone.originated, ...b.phone.originated].filter((o) => o.endpoint.startsWith('PJSIP/'));
      expect(agentLegs).toHaveLength(1);
      const row = await store.get(id);
      expect(row?.status).toBe('delivering');
      expect(agentLegs[0]?.endpoint).toBe(row?.agentId === 'zhang' ? 'PJSIP/8001' : 'PJSIP/8002');
      expect(await redisHolds('13800138000')).toBe(false);
    } finally {
      await Promise.all([a.jobs.close(), b.jobs.close()]);
    }
  });

  it('a citizen who never answers: the agent is ready again, the callback retried at its place, then a follow-up record', async () => {
    const a = instance('c');
    try {
      const { id, callId } = await storedCallback();
      const entry = { callId, queueId: 'general', priority: 7, queuedAt: Date.parse('2026-11-22T09:00:00Z'), callbackId: id };
      for (let attempt = 1; attempt <= 2; attempt += 1) {
        await a.callbacks.deliver(entry, 'zhang', '8001');
        const agentLeg = a.phone.originated.at(-1)!;
        expect(agentLeg.endpoint).toBe('PJSIP/8001');
        a.callbacks.handle({ type: 'stasis_start', at: at(), channelId: agentLeg.channelId, args: agentLeg.appArgs, callerNumber: '', dialedNumber: '' });
        a.callbacks.handle({ type: 'playback_finished', at: at(), playbackId: agentLeg.channelId.replace(/-agent$/, '-whisper'), channelId: agentLeg.channelId });
        await a.callbacks.idle();
        const citizenLeg = a.phone.originated.at(-1)!;
        expect(citizenLeg.endpoint).toBe('Local/13800138000@hotline-outbound/n');
        expect(citizenLeg.callerNumber).toBe('12345');
        a.callbacks.handle({ type: 'channel_destroyed', at: at(), channelId: citizenLeg.channelId, cause: 17, causeText: 'User busy' });
        await a.callbacks.idle();
        expect(a.agentEvents.slice(-2)).toEqual(['zhang:call_ended', 'zhang:ready']);
        expect(a.phone.hungUp).toContain(agentLeg.channelId);
        if (attempt === 1) {
          expect(await store.get(id)).toMatchObject({ status: 'retry_wait', attempts: 1 });
          // the retry job holds the callback id only, never the number
          const jobKeys = await redis.keys(`${prefix}bull:callback-retry:${id}-1`);
          expect(jobKeys).toHaveLength(1);
          const data = await redis.hget(jobKeys[0]!, 'data');
          expect(JSON.parse(data ?? '{}')).toEqual({ callbackId: id });
          // the job puts the entry back with its original place
          const back = await until('the callback back in the waiting list', () => a.waiting.get(callId));
          expect(back).toEqual(entry);
          expect(await store.get(id)).toMatchObject({ status: 'waiting', attempts: 1 });
          expect(await redisHolds('13800138000')).toBe(false);
          await a.waiting.remove(callId); // the ACD takes it again
        }
      }
      expect(await store.get(id)).toMatchObject({ status: 'failed_follow_up', attempts: 2 });
      const timeline = await createCallRecordsStore(testDb.db).getCall(callId);
      expect(timeline?.events.map((e) => e.type)).toEqual(expect.arrayContaining(['callback_agent_offered', 'callback_dialled', 'callback_attempt_failed', 'callback_failed']));
      expect(JSON.stringify(timeline?.events)).not.toContain('13800138000');
      await new Promise((r) => setTimeout(r, 500));
      expect(await a.waiting.get(callId)).toBeNull(); // no retry after the last attempt
    } finally {
      await a.jobs.close();
    }
  });

  it('the agent does not answer (or goes not ready while it rings): the callback is back at its place at once, no attempt counted', async () => {
    const a = instance('d');
    try {
      const { id, callId } = await storedCallback();
      const entry = { callId, queueId: 'general', priority: 7, queuedAt: Date.parse('2026-11-22T09:00:00Z'), callbackId: id };
      await a.callbacks.deliver(entry, 'li', '8002');
      const agentLeg = a.phone.originated.at(-1)!;
      // the agent going not ready while it rings stops the ringing (the agent side asks to release the call)
      expect(await a.callbacks.releaseAgentLeg(callId)).toBe(true);
      expect(a.phone.hungUp).toEqual([agentLeg.channelId]);
      expect(await a.callbacks.releaseAgentLeg('1763800000.999')).toBe(false);
      a.callbacks.handle({ type: 'channel_destroyed', at: at(), channelId: agentLeg.channelId, cause: 19, causeText: 'No answer' });
      await a.callbacks.idle();
      expect(a.agentEvents).toEqual(['li:offered', 'li:ring_no_answer']);
      expect(await store.get(id)).toMatchObject({ status: 'waiting', attempts: 0, lastResult: 'agent_no_answer' });
      expect(await a.waiting.get(callId)).toEqual(entry);
    } finally {
      await a.jobs.close();
    }
  });
});
