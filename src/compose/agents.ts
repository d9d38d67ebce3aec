// Agents: their sessions (login, states, wrap-up, presence), accounts (SIP accounts pushed into
// Asterisk), actions on the call in hand (from any instance over the command bus) and the
// feature codes dialled from their softphones.
import type { Logger } from 'pino';
import { createAriSipProvisioning } from '../adapters/ari/ari-sip-provisioning.js';
import { createAgentAccounts } from '../app/agent/agent-accounts.js';
import { createAgentCallActions } from '../app/agent/agent-call-actions.js';
import { agentQueueLogEvents } from '../app/agent/agent-queue-log.js';
import { createAgentSessions } from '../app/agent/agent-sessions.js';
import { generateSipPassword } from '../app/agent/agent-sip-password.js';
import { createFeatureCodes } from '../app/agent/feature-codes.js';
import type { Config } from '../config.js';
import type { AsteriskSide } from './asterisk-side.js';
import type { Links } from './links.js';
import type { LiveState } from './live-state.js';
import type { Records } from './records.js';

export interface AgentsInput {
  config: Config;
  logger: Logger;
  records: Records;
  live: LiveState;
  asterisk: AsteriskSide;
  links: Links;
}

export function buildAgents({ config, logger, records, live, asterisk, links }: AgentsInput) {
  const now = () => new Date();
  const { presence, control, queueLog } = asterisk;
  const sessions = createAgentSessions({
    directory: records.agentDirectory,
    states: live.agentStates,
    pool: live.pool,
    presence,
    wrapUpSeconds: config.AGENT_WRAP_UP_SECONDS,
    now: () => Date.now(),
    logger,
    releaseCall: async (callId) => {
      if (await links.callbacks.get().releaseAgentLeg(callId)) return;
      await links.agentCallActions.get().releaseAgentLeg(callId);
    },
    onReady: () => links.acd.get().kick(),
    onStatusChange: (agentId, extension, from, to) => {
      for (const e of agentQueueLogEvents(agentId, extension, from, to, Date.now())) {
        queueLog.write(e).catch((err: unknown) => logger.warn({ err }, 'queue_log write failed'));
      }
    },
  });
  presence?.onChange((extension, reachable) => void sessions.onDeviceChange(extension, reachable).catch(() => undefined));
  const featureCodes = createFeatureCodes({ sessions, control, logger });
  const callActions = links.agentCallActions.bind(
    createAgentCallActions({
      sessions,
      calls: live.calls,
      control,
      feed: (callId, event) => links.calls.get().feed(callId, event),
      now,
      instances: { app: config.ARI_APP, owners: live.callOwners, bus: live.commandBus },
    }),
  );
  const accounts = createAgentAccounts({
    agents: records.agentDirectory,
    provisioning: createAriSipProvisioning({
      url: config.ARI_URL,
      username: config.ARI_USERNAME,
      password: config.ARI_PASSWORD,
      rtpTimeoutSeconds: config.AGENT_RTP_TIMEOUT_SECONDS,
    }),
    generateSecret: () => generateSipPassword(),
    logger,
    audit: records.audit,
    now,
    live: sessions,
    tokens: records.apiTokens,
    presence,
  });
  return {
    name: 'agents',
    sessions,
    accounts,
    callActions,
    featureCodes,
    start() {
      // commands from the other instances for this app's calls (the adapter retries when Redis is down)
      void live.commandBus.subscribe(config.ARI_APP, (command) => callActions.runCommand(command)).catch(() => undefined);
    },
    stop() {
      sessions.stop();
    },
  };
}

export type Agents = ReturnType<typeof buildAgents>;
