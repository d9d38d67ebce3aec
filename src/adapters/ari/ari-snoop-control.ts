// SnoopControl over ARI REST: POST /channels/{channelId}/snoop/{snoopId}. The snoop channel enters
// the application at once (StasisStart with appArgs) and is hung up by Asterisk with its target.
import type { AriClient } from 'ari-client';
import type { SnoopControl } from '../../ports/supervision/snoop-control.js';
import { ariCommand } from './ari-call-control.js';

export function createAriSnoopControl(client: () => AriClient, app: string): SnoopControl {
  return {
    snoop: (r) =>
      ariCommand(`channel ${r.channelId}`, async () =>
        void (await client().channels.snoopChannelWithId!({
          channelId: r.channelId,
          snoopId: r.snoopId,
          app,
          appArgs: r.appArgs.join(','),
          spy: r.spy,
          whisper: r.whisper,
        }))),
  };
}
