// The floor (现场) for the supervisor console, the wallboard and the agent desktop: the event log
// on Redis shared by every instance (redis-floor-events.ts), the announcements at the sources
// (the agent state store and the call records, wrapped: see main.ts), the watch of the live
// figures on the one instance holding the lead (waiting callers, alerts), and the figures the
// consoles load (GET /api/floor…) before following GET /api/events.
import type { Logger } from 'pino';
import { createFloorStore } from '../adapters/db/floor-store.js';
import { floorRoutes } from '../adapters/http/floor-routes.js';
import { createRedisFloorEvents, createRedisFloorLead } from '../adapters/redis/redis-floor-events.js';
import { createFloorFigures } from '../app/floor/floor-figures.js';
import { createFloorPublishing } from '../app/floor/floor-publishing.js';
import { createFloorWatch } from '../app/floor/floor-watch.js';
import type { Config } from '../config.js';
import { chinaDayOf } from '../domain/floor/day-bins.js';
import type { LiveState } from './live-state.js';
import type { Records } from './records.js';

export function buildFloor({ config, logger, records, live, now }: { config: Config; logger: Logger; records: Records; live: LiveState; now: () => Date }) {
  const events = createRedisFloorEvents({ redis: live.redis, redisPrefix: config.REDIS_PREFIX, keep: config.FLOOR_EVENTS_KEPT, logger });
  const publishing = createFloorPublishing({ publish: (e) => events.publish(e), now, logger });
  const limits = { longWaitSeconds: config.FLOOR_LONG_WAIT_SECONDS, longNotReadySeconds: config.FLOOR_LONG_NOT_READY_SECONDS };
  const incidents = async (since: Date) => records.incidents.list({ from: since, limit: 500, offset: 0 });
  // read through `live` at each look: main.ts wraps live.agentStates after this part is built
  const agentStates = () => live.agentStates.all();
  const watch = createFloorWatch({
    lead: createRedisFloorLead({ redis: live.redis, redisPrefix: config.REDIS_PREFIX, instance: config.ARI_APP, leadMs: 5_000 }),
    waiting: () => live.waiting.list(),
    agentStates,
    incidents,
    queueIds: () => [...records.queueCatalog.current().keys()],
    publish: (e) => events.publish(e),
    limits,
    now: () => now().getTime(),
    logger,
  });
  const figures = createFloorFigures({
    store: createFloorStore(records.db),
    waiting: () => live.waiting.list(),
    agentStates,
    agents: () => records.agentDirectory.list(),
    incidents,
    queues: () => records.queueCatalog.current(),
    head: () => events.head(),
    limits,
    now: () => now().getTime(),
  });
  return {
    name: 'floor',
    events,
    /** Wraps a store so that what it saves is announced on the floor. */
    announcing: { agentStates: publishing.agentStates, callRecords: publishing.callRecords },
    router: floorRoutes(figures, events, { today: () => chinaDayOf(now()), logger }),
    start: () => watch.start(),
    async stop() {
      await watch.stop();
      await publishing.idle();
      await events.close();
    },
  };
}

export type Floor = ReturnType<typeof buildFloor>;
