// Call recording with MixMonitor over AMI: the caller's channel is recorded while it is bridged
// (option b), instead of ARI's bridge recording, which adds a recorder channel to the agent's
// bridge and so makes Asterisk mix three parties for every call (about 30 % of Asterisk's CPU per
// call on the app's path, BENCHMARKS.md). Same file (`<dir>/<name>.wav`, `dir` as Asterisk sees
// it), same moment (when the caller is bridged with the agent). A MixMonitor left on the channel
// by an earlier agent of the same call is stopped first, so each agent's conversation stays in its
// own file. When AMI is not connected or refuses, the bridge is recorded as before: no call goes
// unrecorded because of AMI.
import type { Logger } from 'pino';
import type { CallControl } from '../../ports/call/call-control.js';
import type { AmiConnection } from './ami-connection.js';

export interface MixMonitorRecordingOptions {
  ami: Pick<AmiConnection, 'ready' | 'action'>;
  /** Asterisk's recording folder as Asterisk sees it (where ARI keeps its recordings). */
  dir: string;
  logger: Logger;
}

/** `control` with recordCall done by MixMonitor on the given channel, the bridge recording as the fallback. */
export function withMixMonitorRecording(control: CallControl, { ami, dir, logger }: MixMonitorRecordingOptions): CallControl {
  const log = logger.child({ component: 'call-recording' });
  return {
    ...control,
    async recordCall(recording) {
      const { channelId, name } = recording;
      if (channelId === undefined || !ami.ready) return control.recordCall(recording);
      try {
        // an earlier agent's recording of this caller, if any (none is the usual answer)
        await ami.action({ action: 'StopMixMonitor', channel: channelId }).catch(() => undefined);
        await ami.action({ action: 'MixMonitor', channel: channelId, file: `${dir}/${name}.wav`, options: 'b' });
      } catch (err) {
        log.warn({ err, channelId, name }, 'MixMonitor failed: recording the bridge instead');
        return control.recordCall(recording);
      }
    },
  };
}
