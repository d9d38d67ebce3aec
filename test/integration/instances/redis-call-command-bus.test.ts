// The command bus between app instances on the real Redis: each instance receives the commands
// for its own ARI app only, with the event as sent, and leaves each one's outcome for the sender;
// malformed messages are logged and dropped.
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRedisCallCommandBus } from '../../../src/adapters/redis/redis-call-command-bus.js';
import type { CallCommand, CallCommandBus } from '../../../src/ports/call/call-command-bus.js';
import type { Logger } from '../../../src/ports/logger.js';
import { connectRedis, deleteKeys, randomPrefix, type RedisConnection } from '../acd/acd-redis-fixtures.js';

/** A logger that keeps the warnings. */
function recordingLogger(warnings: Array<{ obj: object; msg?: string }>): Logger {
  const logger: Logger = {
    child: () => logger,
    debug: () => undefined,
    info: () => undefined,
    warn: (obj, msg) => void warnings.push({ obj, ...(msg ? { msg } : {}) }),
    error: (obj, msg) => void warnings.push({ obj, ...(msg ? { msg } : {}) }),
  };
  return logger;
}

/** Resolves with the next `count` commands a handler gets. */
function inbox() {
  const got: CallCommand[] = [];
  let wake: (() => void) | null = null;
  return {
    got,
    handle: async (c: CallCommand) => {
      got.push(c);
      wake?.();
    },
    async next(count: number, timeoutMs = 2_000): Promise<CallCommand[]> {
      const deadline = Date.now() + timeoutMs;
      while (got.length < count && Date.now() < deadline) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 50);
        });
      }
      return got.slice(0, count);
    },
  };
}

/** Looks again (for up to 2 s) until the value is as wanted; returns the last value. */
async function eventually<T>(look: () => Promise<T>, wanted: (v: T) => boolean): Promise<T> {
  const deadline = Date.now() + 2_000;
  let v = await look();
  while (!wanted(v) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
    v = await look();
  }
  return v;
}

describe('call command bus on Redis', () => {
  let redis: RedisConnection;
  let prefix: string;
  let warnings: Array<{ obj: object; msg?: string }>;
  let a: CallCommandBus;
  let b: CallCommandBus;
  let sender: CallCommandBus;

  beforeEach(() => {
    redis = connectRedis();
    prefix = randomPrefix();
    warnings = [];
    const make = () => createRedisCallCommandBus({ redis, redisPrefix: prefix, logger: recordingLogger(warnings) });
    [a, b, sender] = [make(), make(), make()];
  });
  afterEach(async () => {
    await Promise.all([a.close(), b.close(), sender.close()]);
    await deleteKeys(redis, prefix);
    await redis.quit();
  });

  it('delivers each command to the instance of its app only, with the event as sent', async () => {
    const [inA, inB] = [inbox(), inbox()];
    await a.subscribe('hotline', inA.handle);
    await b.subscribe('hotline-b', inB.handle);
    const at = new Date('2026-11-22T08:00:01.250Z');
    const toA: CallCommand = { app: 'hotline', callId: '1763800000.42', event: { type: 'hold', at, on: true, via: 'api' } };
    const toB: CallCommand[] = [
      { app: 'hotline-b', callId: '1763800000.43', event: { type: 'end_service', at, by: 'supervisor' } },
      { app: 'hotline-b', callId: '1763800000.43', event: { type: 'agent_emergency', at, number: '120', via: 'api' } },
      { app: 'hotline-b', callId: '1763800000.43', event: { type: 'hangup_agent_leg', at, channelId: '1763800000.43-agent-1' } },
    ];
    const ids = [await sender.publish(toA)];
    for (const c of toB) ids.push(await sender.publish(c));
    expect(ids).toEqual([expect.any(String), expect.any(String), expect.any(String), expect.any(String)]);
    expect(await inB.next(3)).toEqual(toB);
    expect(await inA.next(1)).toEqual([toA]);
    expect(inA.got).toHaveLength(1);
    expect(warnings).toEqual([]);
    // the sender learns that each was run
    expect(await eventually(async () => Promise.all(ids.map((id) => sender.outcome(id!))), (o) => o.every(Boolean))).toEqual(Array(4).fill('done'));
  });

  it('says so when no instance of the app is listening', async () => {
    await a.subscribe('hotline', inbox().handle);
    const at = new Date();
    expect(await sender.publish({ app: 'hotline-c', callId: '1763800000.44', event: { type: 'hold', at, on: false, via: 'api' } })).toBeNull();
  });

  it('drops malformed messages with a warning and keeps taking good ones', async () => {
    const inA = inbox();
    await a.subscribe('hotline', inA.handle);
    const channel = `${prefix}call-commands:hotline`;
    const at = '2026-11-22T08:00:01.250Z';
    const ok = (o: Record<string, unknown> = {}) => ({ id: randomUUID(), app: 'hotline', callId: 'c1', event: { type: 'hold', at, on: true, via: 'api' }, ...o });
    const bad = [
      ok({ event: { type: 'caller_hungup', at, cause: 16, causeText: 'x' } }),
      ok({ event: { type: 'agent_emergency', at, number: '999', via: 'api' } }),
      ok({ event: { type: 'hold', at: 'yesterday', on: true, via: 'api' } }),
      ok({ callId: '' }),
      ok({ id: 'not-a-uuid' }),
      ok({ event: { type: 'hold', at, on: true, via: 'api', extra: 1 } }),
      ok({ app: 'hotline-b' }),
    ];
    await redis.publish(channel, 'not json');
    for (const m of bad) await redis.publish(channel, JSON.stringify(m));
    const good = ok({ callId: 'c2', event: { type: 'hold', at, on: true, via: 'phone' } });
    await redis.publish(channel, JSON.stringify(good));
    expect(await inA.next(1)).toEqual([{ app: 'hotline', callId: 'c2', event: { type: 'hold', at: new Date(at), on: true, via: 'phone' } }]);
    expect(inA.got).toHaveLength(1);
    expect(warnings.map((w) => w.msg)).toEqual([...Array(7).fill('malformed call command dropped'), 'call command for another app dropped']);
    expect(warnings[2]!.obj).toMatchObject({ error: expect.stringContaining('event.number') });
    // nothing ran for the dropped ones
    expect(await eventually(() => a.outcome(good.id as string), Boolean)).toBe('done');
    for (const m of bad) expect(await a.outcome(m.id as string)).toBeNull();
  });

  it('logs a command whose handling fails and goes on', async () => {
    const seen: string[] = [];
    await a.subscribe('hotline', async (c) => {
      seen.push(c.callId);
      if (c.callId === 'c1') throw new Error('Redis said no');
    });
    const at = new Date();
    const first = await sender.publish({ app: 'hotline', callId: 'c1', event: { type: 'hold', at, on: true, via: 'api' } });
    const second = await sender.publish({ app: 'hotline', callId: 'c2', event: { type: 'hold', at, on: true, via: 'api' } });
    const outcomes = await eventually(async () => [await sender.outcome(first!), await sender.outcome(second!)], (o) => o.every(Boolean));
    expect(outcomes).toEqual(['failed', 'done']);
    expect(seen).toEqual(['c1', 'c2']);
    expect(warnings.map((w) => w.msg)).toEqual(['call command failed']);
  });
});
