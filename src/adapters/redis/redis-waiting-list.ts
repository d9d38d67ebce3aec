// The waiting list shared by every app instance of the hotline, in Redis under the hotline's
// shared prefix: `<prefix>waiting` (a hash: callId -> JSON of the waiting call, its `owner`, the
// ARI app holding the call, and any `offer`, an agent another instance claimed for the caller),
// `<prefix>acd-instances` (app -> when it last said it was alive, Redis's clock), `<prefix>acd-turn`
// (which instance serves the list now), `<prefix>waiting-taken:<callId>` (an entry taken in the
// last minute) and `<prefix>waiting-orphans` (agents left on entries the call flow removed).
// Every change that must not race is one Lua script in lua/.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { WaitingCall } from '../../domain/acd/acd-types.js';
import { servedCalls, type SharedWaitingEntry } from '../../domain/acd/waiting-order.js';
import type { SharedWaitingList, TakeResult } from '../../ports/acd/waiting-list.js';
import { luaScript } from './lua-script.js';
import { readLua } from './read-lua.js';

const LUA = new URL('./lua/', import.meta.url);
const script = (name: string) => luaScript(readLua(LUA, 'waiting-common', name));
const ADD = script('waiting-add');
const REMOVE = script('waiting-remove');
const TAKE = script('waiting-take');
const OFFER = script('waiting-offer');
const WITHDRAW = script('waiting-withdraw');
const TURN = script('waiting-turn');
const END_TURN = script('waiting-end-turn');
const BEAT = script('waiting-beat');
const ENTRIES = script('waiting-entries');
const MIGRATE = script('waiting-migrate');
/** Adds the callback id to an entry only if it is still there: lua/mark-callback.lua. */
const MARK_CALLBACK = luaScript(readLua(LUA, 'mark-callback'));

export interface RedisWaitingListOptions {
  /** This instance's ARI app name: the owner of the entries it adds. */
  instance?: string;
  /** An instance that has not said it is alive for this long is taken as gone (its callers wait for it). */
  aliveMs?: number;
  /** How long a turn lasts unless renewed (a round that outlives it is refused its changes). */
  turnMs?: number;
}

interface StoredEntry extends WaitingCall {
  owner?: string;
  offer?: { agentId: string; viaQueueId: string };
}

const RESULTS: ReadonlySet<string> = new Set(['done', 'changed', 'taken', 'gone', 'not_turn']);
const asResult = (v: unknown): TakeResult => {
  if (typeof v === 'string' && RESULTS.has(v)) return v as TakeResult;
  throw new Error(`unexpected answer from a waiting-list script: ${String(v)}`);
};

/** The waiting call of a stored entry, without the owner and the offer. */
function callOf(entry: StoredEntry): WaitingCall {
  return {
    callId: entry.callId,
    queueId: entry.queueId,
    priority: entry.priority,
    queuedAt: entry.queuedAt,
    ...(entry.callbackId !== undefined ? { callbackId: entry.callbackId } : {}),
  };
}

export function createRedisWaitingList(redis: Redis, prefix: string, options: RedisWaitingListOptions = {}): SharedWaitingList {
  const instance = options.instance ?? 'hotline';
  const aliveMs = options.aliveMs ?? 10_000;
  const turnMs = options.turnMs ?? 5_000;
  const key = `${prefix}waiting`;
  const instances = `${prefix}acd-instances`;
  const turnKey = `${prefix}acd-turn`;
  const orphans = `${prefix}waiting-orphans`;
  const taken = (callId: string) => `${prefix}waiting-taken:${callId}`;
  const token = `${instance}:${randomUUID()}`;

  async function entries(): Promise<SharedWaitingEntry[]> {
    const flat = (await ENTRIES.run(redis, 2, key, instances, aliveMs)) as Array<string | number>;
    const out: SharedWaitingEntry[] = [];
    for (let i = 0; i < flat.length; i += 2) {
      const stored = JSON.parse(String(flat[i])) as StoredEntry;
      out.push({ call: callOf(stored), owner: stored.owner ?? '', ownerAlive: flat[i + 1] === 1, offer: stored.offer ?? null });
    }
    return out;
  }

  return {
    instance,
    async add(call) {
      await ADD.run(redis, 2, key, instances, call.callId, JSON.stringify({ ...callOf(call), owner: instance }), instance);
    },
    async remove(callId) {
      await REMOVE.run(redis, 2, key, orphans, callId);
    },
    async list() {
      return servedCalls(await entries(), instance);
    },
    async get(callId) {
      const raw = await redis.hget(key, callId);
      return raw ? callOf(JSON.parse(raw) as StoredEntry) : null;
    },
    async markCallback(callId, callbackId) {
      return (await MARK_CALLBACK.run(redis, 1, key, callId, callbackId)) === 1;
    },
    entries,
    async beat() {
      await BEAT.run(redis, 1, instances, instance);
    },
    async takeTurn() {
      return (await TURN.run(redis, 1, turnKey, token, turnMs)) === 1;
    },
    async endTurn() {
      await END_TURN.run(redis, 1, turnKey, token);
    },
    async take(callId, as) {
      const agentId = as.kind === 'offer' ? as.agentId : '';
      return asResult(await TAKE.run(redis, 3, key, taken(callId), turnKey, callId, as.kind, instance, agentId, token));
    },
    async offer(callId, offer) {
      return asResult(await OFFER.run(redis, 3, key, taken(callId), turnKey, callId, instance, offer.agentId, offer.viaQueueId, token));
    },
    async withdraw(callId, owner, agentId) {
      return (await WITHDRAW.run(redis, 2, key, turnKey, callId, owner, agentId, token)) === 1;
    },
    async orphanedOffers() {
      const raw = (await redis.lpop(orphans, 100)) ?? [];
      return raw.map((r) => JSON.parse(r) as { callId: string; agentId: string });
    },
  };
}

/**
 * Moves the callers of an instance's own waiting hash (`<prefix><app>:waiting`, the layout before
 * the list was shared) into the shared list, owned by that instance; resolves to how many moved.
 */
export async function moveInstanceWaitingList(redis: Redis, prefix: string, instance: string): Promise<number> {
  return Number(await MIGRATE.run(redis, 2, `${prefix}${instance}:waiting`, `${prefix}waiting`, instance));
}
