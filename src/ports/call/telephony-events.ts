// Telephony events after validation at the ARI boundary, in the shape the app consumes.

export type TelephonyEvent =
  | { type: 'stasis_start'; at: Date; channelId: string; args: string[]; callerNumber: string; dialedNumber: string }
  | { type: 'stasis_end'; at: Date; channelId: string }
  | { type: 'channel_state'; at: Date; channelId: string; state: string }
  | { type: 'dtmf'; at: Date; channelId: string; digit: string; durationMs: number }
  | { type: 'playback_started' | 'playback_finished'; at: Date; playbackId: string; channelId: string | null }
  | { type: 'hangup_request'; at: Date; channelId: string; cause: number }
  | { type: 'channel_destroyed'; at: Date; channelId: string; cause: number; causeText: string }
  | { type: 'bridge_entered' | 'bridge_left'; at: Date; channelId: string; bridgeId: string }
  | { type: 'talking_started' | 'talking_finished'; at: Date; channelId: string; durationMs: number };
