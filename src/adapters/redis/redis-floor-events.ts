// The floor's event log on Redis: each event is added to a stream (`<prefix>floor:events`, about
// FLOOR_EVENTS_KEPT kept, XADD MAXLEN ~) and sent on the channel of the same name in one Lua step
// (lua/floor-publish.lua), so every instance's listeners get them in the stream's order. Catching
// up reads the stream after an id; when events after it may have been trimmed (the id is before
// the first entry kept, XINFO STREAM), it is a reset. Listening takes a connection of its own; when it drops,
// listeners are told (`lost`) and ioredis subscribes again once Redis is back.
// The lead of the floor watch is a key held for a few seconds (lua/floor-lead.lua).
import type { Redis } from 'ioredis';
import { compareEventIds, FLOOR_EVENT_TYPES, isEventId, type FloorEvent, type StampedFloorEvent } from '../../domain/floor/floor-events.js';
import type { CatchUp, FloorEvents, FloorFeedMessage, FloorLead } from '../../ports/floor/floor-events.js';
import type { Logger } from '../../ports/logger.js';
import { luaScript } from './lua-script.js';
import { readLua } from './read-lua.js';

const LUA = new URL('./lua/', import.meta.url);
const PUBLISH = luaScript(readLua(LUA, 'floor-publish'));
const HOLD_LEAD = luaScript(readLua(LUA, 'floor-lead'));
const RELEASE_LEAD = luaScript(readLua(LUA, 'floor-lead-release'));

/** More missed events than this: the console reloads its snapshot instead. */
export const MAX_CATCH_UP = 2_000;
const NO_EVENT = '0-0';
const TYPES: ReadonlySet<string> = new Set(FLOOR_EVENT_TYPES);

/** An event read back from the log or the channel; null when it is not one (logged by the caller). */
export function parseFloorEvent(json: string): FloorEvent | null {
  try {
    const v = JSON.parse(json) as unknown;
    if (v === null || typeof v !== 'object' || !TYPES.has((v as { type?: unknown }).type as string)) return null;
    return v as FloorEvent;
  } catch {
    return null;
  }
}

/** XINFO STREAM's flat answer as a map. */
function infoOf(raw: unknown): Map<string, unknown> {
  const list = Array.isArray(raw) ? raw : [];
  const map = new Map<string, unknown>();
  for (let i = 0; i + 1 < list.length; i += 2) map.set(String(list[i]), list[i + 1]);
  return map;
}

/**
 * Whether events after `id` may have been removed: trimming (MAXLEN) removes the oldest, all
 * before the first entry kept, so an id at or after that entry lost nothing; XDEL is in
 * max-deleted-entry-id.
 */
function lostAfter(id: string, info: Map<string, unknown>): boolean {
  const first = info.get('recorded-first-entry-id') ?? (info.get('first-entry') as unknown[] | null)?.[0];
  const removed = Number(info.get('entries-added') ?? 0) - Number(info.get('length') ?? 0);
  if (removed > 0 && (typeof first !== 'string' || !isEventId(first) || compareEventIds(id, first) < 0)) return true;
  const deleted = String(info.get('max-deleted-entry-id') ?? NO_EVENT);
  return isEventId(deleted) && compareEventIds(id, deleted) < 0;
}

export function createRedisFloorEvents(opts: { redis: Redis; redisPrefix: string; keep: number; logger: Logger }): FloorEvents {
  const log = opts.logger.child({ component: 'floor-events' });
  const key = `${opts.redisPrefix}floor:events`;
  const listeners = new Set<(m: FloorFeedMessage) => void>();
  let subscriber: Redis | null = null;
  let subscribed: Promise<void> | null = null;

  const tell = (m: FloorFeedMessage) => {
    for (const l of [...listeners]) l(m);
  };

  function onMessage(channel: string, raw: string): void {
    if (channel !== key) return;
    const space = raw.indexOf(' ');
    const id = raw.slice(0, space);
    const event = space > 0 && isEventId(id) ? parseFloorEvent(raw.slice(space + 1)) : null;
    if (!event) {
      log.warn({ message: raw.slice(0, 200) }, 'malformed floor event dropped');
      return;
    }
    tell({ kind: 'event', stamped: { id, event } });
  }

  function subscribe(): Promise<void> {
    if (subscribed) return subscribed;
    const sub = opts.redis.duplicate();
    subscriber = sub;
    sub.on('error', (err: Error) => log.warn({ err: err.message }, 'floor events connection error'));
    sub.on('message', onMessage);
    // events published while the connection is down are missed: listeners catch up from the log
    sub.on('close', () => tell({ kind: 'lost' }));
    subscribed = sub.subscribe(key).then(() => undefined);
    subscribed.catch(() => {
      subscribed = null;
      subscriber = null;
      sub.disconnect();
    });
    return subscribed;
  }

  const toStamped = (entries: Array<[string, string[]]>): StampedFloorEvent[] =>
    entries.flatMap(([id, fields]) => {
      const event = parseFloorEvent(fields[1] ?? '');
      return event ? [{ id, event }] : [];
    });

  return {
    async publish(event) {
      return String(await PUBLISH.run(opts.redis, 1, key, key, String(opts.keep), JSON.stringify(event)));
    },
    async listen(listener) {
      listeners.add(listener);
      try {
        await subscribe();
      } catch (err) {
        listeners.delete(listener);
        throw err;
      }
      return () => void listeners.delete(listener);
    },
    async after(id): Promise<CatchUp> {
      const answers = await opts.redis.multi().xrange(key, `(${id}`, '+', 'COUNT', MAX_CATCH_UP + 1).xinfo('STREAM', key).exec();
      const [[rangeErr, range], [infoErr, info]] = answers as [[Error | null, Array<[string, string[]]>], [Error | null, unknown]];
      if (rangeErr) throw rangeErr;
      if (infoErr) {
        // no stream yet: nothing was ever kept
        return id === NO_EVENT ? { kind: 'events', events: [], head: NO_EVENT } : { kind: 'reset', head: NO_EVENT };
      }
      const fields = infoOf(info);
      const head = String(fields.get('last-generated-id') ?? NO_EVENT);
      if (compareEventIds(id, head) > 0 || range.length > MAX_CATCH_UP || lostAfter(id, fields)) return { kind: 'reset', head };
      return { kind: 'events', events: toStamped(range), head };
    },
    async head() {
      const [latest] = await opts.redis.xrevrange(key, '+', '-', 'COUNT', 1);
      return latest?.[0] ?? NO_EVENT;
    },
    async close() {
      const sub = subscriber;
      subscriber = null;
      subscribed = null;
      listeners.clear();
      if (sub) {
        sub.removeAllListeners('close');
        await sub.quit().catch(() => sub.disconnect());
      }
    },
  };
}

export function createRedisFloorLead(opts: { redis: Redis; redisPrefix: string; instance: string; leadMs: number }): FloorLead {
  const key = `${opts.redisPrefix}floor:lead`;
  return {
    async hold() {
      return (await HOLD_LEAD.run(opts.redis, 1, key, opts.instance, String(opts.leadMs))) === 1;
    },
    async release() {
      await RELEASE_LEAD.run(opts.redis, 1, key, opts.instance);
    },
  };
}
