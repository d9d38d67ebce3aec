// Which way a conversation is recorded (ami-call-recording.ts): MixMonitor on the caller's channel
// over AMI, an earlier agent's MixMonitor stopped first; the bridge recording whenever AMI is down
// or refuses, or no channel is named. AMI and ARI are stand-ins here; the e2e recording test runs
// both ways on the real Asterisk.
import { describe, expect, it } from 'vitest';
import { withMixMonitorRecording } from '../../../src/adapters/ami/ami-call-recording.js';
import type { AmiAction } from '../../../src/adapters/ami/ami-message.js';
import { createLogger } from '../../../src/adapters/log/create-logger.js';
import type { CallControl, CallRecording } from '../../../src/ports/call/call-control.js';

function setUp(ami: { ready: boolean; refuse?: (a: AmiAction) => string | null }) {
  const actions: AmiAction[] = [];
  const bridgeRecordings: CallRecording[] = [];
  const control = { recordCall: async (r: CallRecording) => void bridgeRecordings.push(r) } as unknown as CallControl;
  const recorder = withMixMonitorRecording(control, {
    ami: {
      get ready() { return ami.ready; },
      async action(a) {
        actions.push(a);
        const refused = ami.refuse?.(a);
        if (refused) throw new Error(refused);
        return { response: 'Success' };
      },
    },
    dir: '/var/spool/asterisk/recording',
    logger: createLogger('silent'),
  });
  return { recorder, actions, bridgeRecordings };
}

const recording = { bridgeId: 'b1', channelId: '1772355600.42', name: 'call-1772355600.42-agent1' };

describe('recording a conversation', () => {
  it("is MixMonitor on the caller's channel while bridged, into Asterisk's recording folder, after stopping an earlier one", async () => {
    const { recorder, actions, bridgeRecordings } = setUp({ ready: true, refuse: (a) => (a.action === 'StopMixMonitor' ? 'No MixMonitor found' : null) });
    await recorder.recordCall(recording);
    expect(actions).toEqual([
      { action: 'StopMixMonitor', channel: '1772355600.42' },
      { action: 'MixMonitor', channel: '1772355600.42', file: '/var/spool/asterisk/recording/call-1772355600.42-agent1.wav', options: 'b' },
    ]);
    expect(bridgeRecordings).toEqual([]);
  });

  it('is the bridge recording when AMI is not connected', async () => {
    const { recorder, actions, bridgeRecordings } = setUp({ ready: false });
    await recorder.recordCall(recording);
    expect(actions).toEqual([]);
    expect(bridgeRecordings).toEqual([recording]);
  });

  it('is the bridge recording when Asterisk refuses the MixMonitor', async () => {
    const { recorder, bridgeRecordings } = setUp({ ready: true, refuse: (a) => (a.action === 'MixMonitor' ? 'Could not start monitoring channel' : null) });
    await recorder.recordCall(recording);
    expect(bridgeRecordings).toEqual([recording]);
  });

  it('is the bridge recording when no channel is named (a callback call)', async () => {
    const { recorder, actions, bridgeRecordings } = setUp({ ready: true });
    await recorder.recordCall({ bridgeId: 'b2', name: 'callback-7-x' });
    expect(actions).toEqual([]);
    expect(bridgeRecordings).toEqual([{ bridgeId: 'b2', name: 'callback-7-x' }]);
  });
});
