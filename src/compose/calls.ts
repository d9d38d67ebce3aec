// The inbound call: the call flow's settings, its timers, the dispatcher that feeds ARI events to
// each call's state machine and runs its effects, and the ARI connection itself, which on every
// (re)connect pushes agents' SIP accounts again and takes back the calls the app owns.
import type { Logger } from 'pino';
import { createAriConnection } from '../adapters/ari/ari-connection.js';
import { ARI_EVENT_TYPES, toTelephonyEvent } from '../adapters/ari/ari-events.js';
import { boundAriHttpConnections } from '../adapters/ari/ari-http-pool.js';
import { createCallDispatcher } from '../app/call/call-dispatcher.js';
import { createCallTimers } from '../app/call/call-timers.js';
import { reconcileCalls } from '../app/call/reconcile-calls.js';
import type { Config } from '../config.js';
import type { CallFlowSettings } from '../domain/call/call-flow-types.js';
import type { Acd } from './acd.js';
import type { Agents } from './agents.js';
import type { AsteriskSide } from './asterisk-side.js';
import type { Callbacks } from './callbacks.js';
import type { Links } from './links.js';
import type { LiveState } from './live-state.js';
import { buildProgressLine } from './progress-line.js';
import type { Records } from './records.js';
import { buildSupervision } from './supervision.js';
import type { Surveys } from './surveys.js';

export interface CallsInput {
  config: Config;
  logger: Logger;
  records: Records;
  live: LiveState;
  asterisk: AsteriskSide;
  agents: Agents;
  acd: Acd;
  callbacks: Callbacks;
  surveys: Surveys;
  links: Links;
}

export function callFlowSettings(config: Config, records: Records): CallFlowSettings {
  return {
    emergencyKeys: config.emergencyKeys,
    queueTimings: (queueId) => records.queueCatalog.timings(queueId),
    greeting: { length: config.GREETING_LENGTH, agentOverlap: config.GREETING_AGENT_OVERLAP },
    keyWaitMs: config.GREETING_KEY_WAIT_MS,
    emergencyAnswerTimeoutMs: config.EMERGENCY_ANSWER_TIMEOUT_MS,
    queueTarget: { context: config.FALLBACK_QUEUE_CONTEXT, extension: 's', priority: 1 },
    rating: { keys: config.ratingKeys, keyTimeoutMs: config.RATING_KEY_TIMEOUT_MS, maxAsks: config.RATING_MAX_ASKS },
    agentLegReleaseMs: config.AGENT_LEG_RELEASE_SECONDS * 1000,
    callback: { key: config.CALLBACK_KEY, keyTimeoutMs: config.CALLBACK_KEY_TIMEOUT_MS, maxAsks: config.CALLBACK_MAX_ASKS },
  };
}

export function buildCalls(input: CallsInput) {
  const { config, logger, records, live, asterisk, agents, acd, callbacks, surveys, links } = input;
  const now = () => new Date();
  const { control } = asterisk;
  const settings = callFlowSettings(config, records);
  const timers = createCallTimers();
  // the progress line's calls are told apart by their events, like the survey calls'
  const progressLine = buildProgressLine(config, records.db, control, logger);
  // supervisors' listen / whisper / barge: its channels' events first, and it watches supervised calls' legs
  const supervision = buildSupervision(config, records, live, asterisk, logger);
  const dispatcher = links.calls.bind(
    createCallDispatcher({
      control,
      records: records.records,
      states: live.calls,
      timers,
      settings,
      emergencyContext: config.EMERGENCY_CONTEXT,
      logger,
      now,
      queueEffects: acd.queueEffects,
      callbackEffects: (state, effect) => callbacks.callbacks.effects(state, effect),
      routeCallback: (event) => callbacks.callbacks.handle(event),
      onCallFinished: (callId) => {
        records.callReview.schedule(callId);
        // a long wait in the queue then a hang-up: a missed-call callback (漏接回拨); a call that reached an agent cancels the number's
        callbacks.missedCalls.callEnded(callId);
      },
      onFeatureCode: (channelId, extension, code) => agents.featureCodes(channelId, extension, code),
      routeSurvey: (event) => supervision.route(event) || surveys.calls.route(event) || progressLine.calls.route(event),
    }),
  );
  boundAriHttpConnections(config.ARI_HTTP_CONNECTIONS);
  const connection = asterisk.connection.bind(
    createAriConnection({
      url: config.ARI_URL,
      username: config.ARI_USERNAME,
      password: config.ARI_PASSWORD,
      app: config.ARI_APP,
      pingIntervalMs: config.ARI_PING_INTERVAL_MS,
      reconnectMaxDelayMs: config.ARI_RECONNECT_MAX_DELAY_MS,
      logger,
      ...(config.ARI_EVENT_FILTER === 'on' ? { eventTypes: ARI_EVENT_TYPES } : {}),
      onEvent: (raw) => {
        const event = toTelephonyEvent(raw, now());
        if (event) void dispatcher.handle(event);
        else logger.trace({ type: (raw as { type?: string }).type }, 'ARI event not used');
      },
      onConnected: async () => {
        // agents' softphone accounts live in Asterisk's memory: push them again after every (re)connect
        await agents.accounts.reapplyAll().catch((err: unknown) => logger.error({ err }, 'could not re-apply agent SIP accounts'));
        // before the reconciliation: it would take a supervision's channels for callers
        await supervision.afterReconnect().catch((err: unknown) => logger.warn({ err }, 'could not clear supervision channels'));
        await reconcileCalls({
          control, records: records.records, states: live.calls, dispatcher, logger, now,
          queueTarget: settings.queueTarget, audit: records.audit, appName: config.ARI_APP,
        });
        await surveys.afterConnect();
        // stored callbacks whose waiting-list entry is gone (e.g. Redis lost it) take their place again
        await callbacks.callbacks.sweep({ restoreWaiting: true }).catch((err: unknown) => logger.warn({ err }, 'callback restore failed'));
        acd.matcher.kick();
      },
    }),
  );
  return {
    name: 'calls (ARI)',
    dispatcher,
    supervision,
    timers,
    connection,
    health: [{ name: 'ari', check: () => connection.ready }],
    start: () => connection.start(),
    async stop() {
      await supervision.stopAll();
      await connection.stop();
      timers.cancelAll();
      progressLine.stop();
      await dispatcher.idle();
    },
  };
}
