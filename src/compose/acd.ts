// The ACD: the matcher that claims agents for waiting callers (and callbacks), the skill queue's
// effects in the call flow (waiting list, announcements, queue_log) and the live queue figures.
import type { Logger } from 'pino';
import { createAcdMatcher } from '../app/acd/acd-matcher.js';
import { createQueueEffects } from '../app/acd/queue-effects.js';
import { createLiveStats } from '../app/acd/queue-stats.js';
import type { Config } from '../config.js';
import type { Agents } from './agents.js';
import type { AsteriskSide } from './asterisk-side.js';
import type { Links } from './links.js';
import type { LiveState } from './live-state.js';
import type { Records } from './records.js';

export interface AcdInput {
  config: Config;
  logger: Logger;
  records: Records;
  live: LiveState;
  asterisk: AsteriskSide;
  agents: Agents;
  links: Links;
}

const SERVING = new Set(['ready', 'ringing', 'on_call']);

export function buildAcd({ config, logger, records, live, asterisk, agents, links }: AcdInput) {
  const now = () => new Date();
  const queues = () => records.queueCatalog.current();
  const matcher = links.acd.bind(
    createAcdMatcher({
      waiting: live.waiting,
      pool: live.pool,
      directory: records.agentDirectory,
      queues,
      assign: (callId, agentId, extension, viaQueueId, call) =>
        call.callbackId
          ? links.callbacks.get().deliver(call, agentId, extension)
          : links.calls.get().feed(callId, { type: 'agent_assigned', at: now(), agentId, extension, viaQueueId }),
      holds: async (callId, agentId) => (await live.calls.get(callId))?.agent?.agentId === agentId,
      now: () => Date.now(),
      logger,
      tickMs: config.ACD_TICK_MS,
    }),
  );
  const queueEffects = createQueueEffects({
    control: asterisk.control,
    records: records.records,
    waiting: live.waiting,
    queues,
    agentsServing: async () => Object.values(await live.agentStates.all()).filter((s) => SERVING.has(s.status)).length,
    averageHandleSeconds: config.AVERAGE_HANDLE_SECONDS,
    onAgentEvent: (agentId, callId, event) => agents.sessions.onCallEvent(agentId, callId, event),
    kickAcd: () => matcher.kick(),
    now,
    queueLog: asterisk.queueLog,
    onLogError: (err) => logger.warn({ err }, 'queue_log write failed'),
    recordings: records.recordings,
  });
  const liveStats = createLiveStats({
    records: records.records,
    waiting: live.waiting,
    agentStates: live.agentStates,
    queueIds: () => [...queues().keys()],
    now: () => Date.now(),
  });
  return {
    name: 'ACD',
    matcher,
    queueEffects,
    liveStats,
    start: () => matcher.start(),
    stop: () => matcher.stop(),
  };
}

export type Acd = ReturnType<typeof buildAcd>;
