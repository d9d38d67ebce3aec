// What the features use of Asterisk besides the ARI event stream: call control over the ARI
// connection (bound once the connection is built), AMI with softphone presence when AMI is
// configured, and the queue_log file.
import type { Logger } from 'pino';
import { createAriCallControl } from '../adapters/ari/ari-call-control.js';
import type { createAriConnection } from '../adapters/ari/ari-connection.js';
import { createAmiConnection } from '../adapters/ami/ami-connection.js';
import { withMixMonitorRecording } from '../adapters/ami/ami-call-recording.js';
import { createAmiDevicePresence } from '../adapters/ami/ami-device-presence.js';
import { createNullQueueLog, createQueueLogFile } from '../adapters/log/queue-log-file.js';
import type { Config } from '../config.js';
import { late } from './late.js';

export type AriConnection = ReturnType<typeof createAriConnection>;

export async function buildAsteriskSide(config: Config, logger: Logger) {
  const connection = late<AriConnection>('the ARI connection');
  const control = createAriCallControl(() => connection.get().client(), config.ARI_APP);
  const queueLog = config.QUEUE_LOG_FILE === 'off' ? createNullQueueLog() : await createQueueLogFile(config.QUEUE_LOG_FILE);
  let presence: ReturnType<typeof createAmiDevicePresence> | null = null;
  let ami: ReturnType<typeof createAmiConnection> | null = null;
  if (config.AMI_SECRET) {
    ami = createAmiConnection({
      host: config.AMI_HOST,
      port: config.AMI_PORT,
      username: config.AMI_USERNAME,
      secret: config.AMI_SECRET,
      logger,
      pingIntervalMs: config.AMI_PING_INTERVAL_MS,
      onConnected: () => presence?.refresh(),
    });
    presence = createAmiDevicePresence({ ami, logger });
  } else {
    logger.warn('AMI_SECRET is not set: softphone presence is not checked (every logged-in agent counts as reachable)');
    if (config.CALL_RECORDING === 'mixmonitor') logger.warn('AMI_SECRET is not set: CALL_RECORDING=mixmonitor needs AMI, so conversations are recorded by their bridge (CALL_RECORDING=bridge: Asterisk mixes every agent bridge)');
  }
  const amiNow = ami;
  // the conversation recorded by MixMonitor on the caller's channel (ami-call-recording.ts)
  const recordingControl = amiNow && config.CALL_RECORDING === 'mixmonitor'
    ? withMixMonitorRecording(control, { ami: amiNow, dir: config.ASTERISK_RECORDING_DIR, logger })
    : control;
  return {
    name: 'Asterisk (AMI, presence, queue_log)',
    connection,
    control: recordingControl,
    queueLog,
    presence,
    health: amiNow ? [{ name: 'ami', check: () => amiNow.ready }] : [],
    start() {
      amiNow?.start();
    },
    async stop() {
      presence?.close();
      await amiNow?.stop();
      await queueLog.close();
    },
  };
}

export type AsteriskSide = Awaited<ReturnType<typeof buildAsteriskSide>>;
