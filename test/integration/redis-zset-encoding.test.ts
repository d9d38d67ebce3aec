// The sorted-set threshold the app asks of its Redis at start (zset-encoding.ts), on real Redis
// servers of the test's own (so the machine's shared Redis keeps its settings): a default server
// is lowered and its ready-set-sized sets become skip lists; a lower setting stays; a server that
// refuses CONFIG is left alone and the answer says why, without an exception.
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureZsetListpackEntries } from '../../src/adapters/redis/zset-encoding.js';
import { startPrivateRedis, type PrivateRedis } from '../support/private-redis.js';

const servers: PrivateRedis[] = [];
const clients: Redis[] = [];

async function startRedis(...extra: string[]): Promise<Redis> {
  const server = await startPrivateRedis(...extra);
  servers.push(server);
  const client = new Redis({ port: server.port, host: '127.0.0.1', maxRetriesPerRequest: 1 });
  clients.push(client);
  return client;
}

afterEach(() => {
  for (const c of clients.splice(0)) c.disconnect();
  for (const s of servers.splice(0)) s.stop();
});

describe("the Redis server's sorted-set threshold", () => {
  it('a server at its default is lowered to the wanted size, and a set of 50 agents becomes a skip list', async () => {
    const redis = await startRedis();
    await redis.zadd('before', ...Array.from({ length: 50 }, (_, i) => [i, `agent-${i}`]).flat());
    expect(await redis.object('ENCODING', 'before')).toBe('listpack');

    expect(await ensureZsetListpackEntries(redis, 16)).toEqual({ kind: 'lowered', parameter: 'zset-max-listpack-entries', before: 128, after: 16 });
    expect(await redis.config('GET', 'zset-max-listpack-entries')).toEqual(['zset-max-listpack-entries', '16']);
    await redis.zadd('after', ...Array.from({ length: 50 }, (_, i) => [i, `agent-${i}`]).flat());
    expect(await redis.object('ENCODING', 'after')).toBe('skiplist');
    // a set made before changes on its next new member
    await redis.zadd('before', 99, 'agent-new');
    expect(await redis.object('ENCODING', 'before')).toBe('skiplist');
    // a second start finds it done
    expect(await ensureZsetListpackEntries(redis, 16)).toEqual({ kind: 'kept', parameter: 'zset-max-listpack-entries', current: 16 });
  });

  it('a server set lower already is kept as it is', async () => {
    const redis = await startRedis('--zset-max-listpack-entries', '8');
    expect(await ensureZsetListpackEntries(redis, 16)).toEqual({ kind: 'kept', parameter: 'zset-max-listpack-entries', current: 8 });
    expect(await redis.config('GET', 'zset-max-listpack-entries')).toEqual(['zset-max-listpack-entries', '8']);
  });

  it('a server without CONFIG is left alone, and the answer says so', async () => {
    const redis = await startRedis('--rename-command', 'CONFIG', '');
    const outcome = await ensureZsetListpackEntries(redis, 16);
    expect(outcome).toMatchObject({ kind: 'refused', parameter: 'zset-max-listpack-entries', current: null });
    expect(outcome.kind === 'refused' && outcome.reason).toMatch(/unknown command/i);
    expect(await redis.ping()).toBe('PONG');
  });
});
