// Composition root: read config, build the shared adapters, build each feature from them (see
// src/compose), start the parts in order and stop them in reverse on SIGINT/SIGTERM.
import { createLogger } from './adapters/log/create-logger.js';
import { buildAcd } from './compose/acd.js';
import { buildAgents } from './compose/agents.js';
import { buildAsteriskSide } from './compose/asterisk-side.js';
import { buildCallbacks } from './compose/callbacks.js';
import { buildCases } from './compose/cases.js';
import { buildCalls } from './compose/calls.js';
import { buildFloor } from './compose/floor.js';
import { buildConsoles } from './compose/consoles.js';
import { httpRoutes } from './compose/http-routes.js';
import { startHttpServer } from './compose/http-server.js';
import { createLinks } from './compose/links.js';
import { buildLiveState } from './compose/live-state.js';
import { stopInReverse, type Part } from './compose/part.js';
import { processFigures } from './compose/process-figures.js';
import { installProcessGuards } from './compose/process-guards.js';
import { buildRecords } from './compose/records.js';
import { installShutdown } from './compose/shutdown.js';
import { buildSurveys } from './compose/surveys.js';
import { ConfigError, loadConfig, type Config } from './config.js';

async function main(config: Config): Promise<void> {
  const logger = createLogger(config.LOG_LEVEL);
  const now = () => new Date();
  const links = createLinks();

  const records = await buildRecords(config, logger, now);
  const live = buildLiveState(config, logger);
  // the floor's events: agent states and call records announce what they store (GET /api/events)
  const floor = buildFloor({ config, logger, records, live, now });
  live.agentStates = floor.announcing.agentStates(live.agentStates);
  records.records = floor.announcing.callRecords(records.records);
  const asterisk = await buildAsteriskSide(config, logger);
  const agents = buildAgents({ config, logger, records, live, asterisk, links });
  const acd = buildAcd({ config, logger, records, live, asterisk, agents, links });
  const callbacks = buildCallbacks(config, records.db, {
    waiting: live.waiting, pool: live.pool, agents: agents.sessions, control: asterisk.control, records: records.records,
    queues: () => records.queueCatalog.current(),
    feed: (callId, event) => void links.calls.get().feed(callId, event),
    kickAcd: () => acd.matcher.kick(),
    now,
  }, logger);
  links.callbacks.bind(callbacks.callbacks);
  const surveys = buildSurveys(config, records.db, asterisk.control, () => asterisk.connection.peek()?.ready ?? false, logger,
    (finished) => links.workOrders.get().surveyFinished(finished));
  const cases = await buildCases({ config, records, caseSurveys: surveys.caseSurveys, links, logger, now });
  const calls = buildCalls({ config, logger, records, live, asterisk, agents, acd, callbacks, surveys, links });

  const consoles = buildConsoles(config, records, live, logger, now);
  const routes = httpRoutes({
    health: [
      ...calls.health,
      ...asterisk.health,
      { name: 'redis', check: live.ping },
      { name: 'database', check: async () => (await records.db.query('select 1 as ok')).length === 1 },
    ],
    records, consoles, metrics: live.metrics,
    ...cases.http,
    caseSurveys: surveys.caseSurveys,
    callbackStore: callbacks.store,
    missedCallFigures: (from, to) => callbacks.missedCalls.figures(from, to),
    agentAccounts: agents.accounts,
    agentSessions: agents.sessions,
    agentCallActions: agents.callActions,
    supervision: calls.supervision,
    liveStats: acd.liveStats,
    floor: floor.router,
    sipServer: config.SIP_SERVER,
    hotlineNumber: config.HOTLINE_NUMBER,
    processFigures: processFigures({
      ariListeners: () => calls.connection.listenerCount(),
      callTimers: () => calls.timers.size,
      busyCalls: () => calls.dispatcher.busyCalls,
    }),
    now,
    logger,
  });
  const http = await startHttpServer(config, routes, records.apiTokens, logger, consoles.web);

  // started in this order, stopped in reverse: the API, the ACD, then ARI before what its events reach
  const parts: Part[] = [
    { name: 'records', start: () => records.start(), stop: async () => { await records.stop(); await records.close(); } },
    live, floor, asterisk, agents, { name: 'callbacks', stop: () => callbacks.stop() }, surveys, cases, calls, acd, http,
  ];
  for (const part of parts) part.start?.();
  logger.info({ number: config.HOTLINE_NUMBER, app: config.ARI_APP, ari: config.ARI_URL }, 'hotline app started');

  installShutdown({
    host: { on: (signal, listener) => process.on(signal, listener), exit: (code) => process.exit(code) },
    stopParts: () => stopInReverse(parts, (part, err) => logger.error({ err, part }, 'a part failed to stop')),
    deadlineMs: config.SHUTDOWN_DEADLINE_MS,
    log: logger,
  });
  installProcessGuards(logger);
}

// A closed terminal or pipe (EPIPE) on stdout/stderr is no fault of the hotline's: never let it
// throw, so it cannot stop a running process or hold up its stop.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
// Secrets at rest: whatever the app creates (database files, queue_log) is the owner's alone.
process.umask(0o077);

let config: Config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
  throw err;
}
main(config).catch((err: unknown) => {
  process.stderr.write(`hotline failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
