// CallControl over ARI REST. A 404 ("Channel not found", "Playback not found") becomes
// ChannelGoneError: the normal race with a caller who just hung up, handled by the caller.
import type { AriClient } from 'ari-client';
import type { QueueTarget } from '../../domain/call/call-flow-types.js';
import { ChannelGoneError, type CallControl, type OriginateRequest } from '../../ports/call/call-control.js';

const NOT_FOUND = /not found|does not exist|not in stasis|not in a stasis|"message":"Channel not/i;

/** Runs an ARI command: a 404 becomes ChannelGoneError for `resource`, any other failure an Error naming it. */
export async function ariCommand<T>(resource: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (NOT_FOUND.test(message)) throw new ChannelGoneError(resource, { cause: err });
    throw new Error(`ARI ${resource}: ${message}`, { cause: err });
  }
}

const call = ariCommand;

export function createAriCallControl(client: () => AriClient, app: string): CallControl {
  return {
    answer: (channelId) => call(`channel ${channelId}`, async () => void (await client().channels.answer!({ channelId }))),
    play: (channelId, playbackId, media) =>
      call(`channel ${channelId}`, async () => void (await client().channels.play!({ channelId, playbackId, media }))),
    startMoh: (channelId, mohClass) =>
      call(`channel ${channelId}`, async () => void (await client().channels.startMoh!({ channelId, ...(mohClass ? { mohClass } : {}) }))),
    stopMoh: (channelId) => call(`channel ${channelId}`, async () => void (await client().channels.stopMoh!({ channelId }))),
    setChannelVar: (channelId, variable, value) =>
      call(`channel ${channelId}`, async () => void (await client().channels.setChannelVar!({ channelId, variable, value }))),
    recordCall: ({ bridgeId, name }) =>
      call(`bridge ${bridgeId}`, async () =>
        void (await client().bridges.record!({ bridgeId, name, format: 'wav', ifExists: 'overwrite', beep: false }))),
    stopPlayback: (playbackId) => call(`playback ${playbackId}`, async () => void (await client().playbacks.stop!({ playbackId }))),
    ring: (channelId) => call(`channel ${channelId}`, async () => void (await client().channels.ring!({ channelId }))),
    originate: (r: OriginateRequest) =>
      call(`originate ${r.channelId}`, async () =>
        void (await client().channels.originate!({
          endpoint: r.endpoint,
          channelId: r.channelId,
          otherChannelId: `${r.channelId}-far`,
          app,
          appArgs: r.appArgs.join(','),
          callerId: r.callerNumber,
          timeout: r.timeoutSeconds,
          ...(r.variables ? { variables: { variables: r.variables } } : {}),
        }))),
    createBridge: (bridgeId) =>
      call(`bridge ${bridgeId}`, async () => void (await client().bridges.create!({ bridgeId, type: 'mixing', name: bridgeId }))),
    addToBridge: (bridgeId, channelIds) =>
      call(`bridge ${bridgeId}`, async () => void (await client().bridges.addChannel!({ bridgeId, channel: channelIds.join(',') }))),
    removeFromBridge: (bridgeId, channelIds) =>
      call(`bridge ${bridgeId}`, async () => void (await client().bridges.removeChannel!({ bridgeId, channel: channelIds.join(',') }))),
    destroyBridge: (bridgeId) => call(`bridge ${bridgeId}`, async () => void (await client().bridges.destroy!({ bridgeId }))),
    hangup: (channelId, reason) =>
      call(`channel ${channelId}`, async () => void (await client().channels.hangup!({ channelId, reason }))),
    continueInDialplan: (channelId, target: QueueTarget) =>
      call(`channel ${channelId}`, async () =>
        void (await client().channels.continueInDialplan!({
          channelId,
          context: target.context,
          extension: target.extension,
          priority: target.priority,
        }))),
    watchChannel: (channelId) =>
      call(`channel ${channelId}`, async () =>
        void (await client().applications.subscribe!({ applicationName: app, eventSource: `channel:${channelId}` }))),
    listAppChannels: async () => {
      const result = (await call(`application ${app}`, () => client().applications.get!({ applicationName: app }))) as {
        channel_ids?: string[];
      };
      return result.channel_ids ?? [];
    },
    channelExists: async (channelId) => {
      try {
        await call(`channel ${channelId}`, () => client().channels.get!({ channelId }));
        return true;
      } catch (err) {
        if (err instanceof ChannelGoneError) return false;
        throw err;
      }
    },
  };
}
