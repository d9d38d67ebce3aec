// What the call flow needs from the telephony side (implemented over ARI in src/adapters/ari).
import type { QueueTarget } from '../../domain/call/call-flow-types.js';
import { NamedError } from '../../domain/shared/named-error.js';

export interface OriginateRequest {
  /** Chosen before the command so no event about the new channel is missed. */
  channelId: string;
  /** Asterisk dial string, e.g. Local/110@hotline-emergency/n */
  endpoint: string;
  callerNumber: string;
  /** Arguments the new channel carries into the Stasis application. */
  appArgs: string[];
  timeoutSeconds: number;
  /** Channel variables set on the new channel, e.g. PJSIP_HEADER(add,X-Hotline-Queue). */
  variables?: Record<string, string>;
}

export interface CallRecording {
  bridgeId: string;
  /** The channel whose conversation in the bridge is recorded (the caller's). */
  channelId?: string;
  name: string;
}

export interface CallControl {
  answer(channelId: string): Promise<void>;
  /** Plays one prompt, or several one after another under one playback id. */
  play(channelId: string, playbackId: string, media: string | string[]): Promise<void>;
  startMoh(channelId: string, mohClass?: string): Promise<void>;
  stopMoh(channelId: string): Promise<void>;
  setChannelVar(channelId: string, variable: string, value: string): Promise<void>;
  /**
   * Records a conversation to `<name>.wav` in Asterisk's recording folder: the caller's channel while
   * it is bridged when `channelId` is given and the telephony side can (MixMonitor), otherwise the
   * bridge's mixed audio.
   */
  recordCall(recording: CallRecording): Promise<void>;
  stopPlayback(playbackId: string): Promise<void>;
  ring(channelId: string): Promise<void>;
  originate(request: OriginateRequest): Promise<void>;
  createBridge(bridgeId: string): Promise<void>;
  addToBridge(bridgeId: string, channelIds: string[]): Promise<void>;
  /** Takes channels out of a bridge at once; they stay in the application. */
  removeFromBridge(bridgeId: string, channelIds: string[]): Promise<void>;
  destroyBridge(bridgeId: string): Promise<void>;
  hangup(channelId: string, reason: 'normal' | 'busy'): Promise<void>;
  continueInDialplan(channelId: string, target: QueueTarget): Promise<void>;
  /** Keep receiving a channel's events after it leaves the application (e.g. to the dialplan queue). */
  watchChannel(channelId: string): Promise<void>;
  /** Channel ids the application owns right now (GET /applications/{app}). */
  listAppChannels(): Promise<string[]>;
  channelExists(channelId: string): Promise<boolean>;
}

/**
 * The channel (or playback, bridge) is gone: the normal race with a caller who hung up.
 * `resource` names it as "channel <id>", "playback <id>", "bridge <id>", "originate <id>".
 */
export class ChannelGoneError extends NamedError {
  readonly code = 'channel-gone';
  constructor(readonly resource: string, options?: { cause?: unknown }) {
    super(`${resource} no longer exists`, options);
  }

  /** The id of the channel that is gone; null when the gone resource is no channel (a playback, a bridge). */
  get channelId(): string | null {
    return this.resource.startsWith('channel ') ? this.resource.slice('channel '.length) : null;
  }
}
