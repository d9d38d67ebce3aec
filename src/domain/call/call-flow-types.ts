// Types of the inbound call flow: states, the events that drive it and the effects it asks for.
// The flow itself is `transition()` in call-flow.ts; effects are run by src/app/effect-runner.ts.
import type { EmergencyNumber } from '../emergency/emergency-keys.js';
import type { CallEventType, CallOutcome, CallPatch, Leg } from '../../ports/call-records.js';

export type CallPhase =
  | 'arrived' // in Stasis, not answered yet
  | 'greeting' // greeting playing, keys accepted
  | 'awaiting_key' // greeting over, a short wait for a late key
  | 'emergency_connecting' // emergency leg dialled, caller hears the connecting prompt
  | 'emergency_bridged' // caller talking to 110/119/120/122
  | 'emergency_failed' // failure prompt playing, then on to the queue
  | 'queued' // handed to the queue step
  | 'ended';

export interface CallState {
  callId: string;
  callerChannelId: string;
  callerNumber: string;
  dialedNumber: string;
  phase: CallPhase;
  /** Counter for playback ids, so each playback id is chosen before the command. */
  playbackSeq: number;
  /** The playback now running on the caller, if any. */
  currentPlaybackId: string | null;
  emergency: null | {
    number: EmergencyNumber;
    legChannelId: string;
    bridgeId: string;
    legUp: boolean;
  };
  /** Who hung up first, once known. */
  firstHangupSide: Leg | null;
}

export type CallFlowEvent =
  | { type: 'stasis_started'; at: Date }
  | { type: 'answered'; at: Date }
  | { type: 'playback_started'; at: Date; playbackId: string }
  | { type: 'playback_finished'; at: Date; playbackId: string }
  | { type: 'dtmf'; at: Date; digit: string; durationMs?: number }
  | { type: 'timer_fired'; at: Date; timer: TimerName }
  | { type: 'leg_answered'; at: Date; channelId: string }
  | { type: 'leg_failed'; at: Date; channelId: string; reason: string }
  | { type: 'leg_hungup'; at: Date; channelId: string; cause: number; causeText: string }
  | { type: 'bridge_entered'; at: Date; channelId: string; bridgeId: string }
  | { type: 'bridge_left'; at: Date; channelId: string; bridgeId: string }
  | { type: 'caller_hungup'; at: Date; cause: number; causeText: string }
  | { type: 'caller_left_app'; at: Date }
  /** The app (re)connected and found this call still in Stasis; timers and playbacks were lost. */
  | { type: 'adopted'; at: Date; legAlive: boolean };

export type TimerName = 'key_wait' | 'emergency_answer';

/** Where the caller goes after the greeting until skill queues are in the app: the dialplan queue. */
export interface QueueTarget {
  context: string;
  extension: string;
  priority: number;
}

export type CallEffect =
  | { kind: 'answer' }
  | { kind: 'play'; playbackId: string; media: string }
  | { kind: 'stop_playback'; playbackId: string }
  | { kind: 'ring' }
  | { kind: 'start_timer'; timer: TimerName; ms: number }
  | { kind: 'cancel_timer'; timer: TimerName }
  | { kind: 'originate_emergency'; legChannelId: string; number: EmergencyNumber; callerNumber: string }
  | { kind: 'create_bridge'; bridgeId: string }
  | { kind: 'add_to_bridge'; bridgeId: string; channelIds: string[] }
  | { kind: 'destroy_bridge'; bridgeId: string }
  | { kind: 'hangup'; channelId: string; reason: 'normal' | 'busy' }
  /** Subscribe to a channel's events explicitly: they keep coming after it leaves Stasis. */
  | { kind: 'watch_channel'; channelId: string }
  | { kind: 'continue_in_dialplan'; target: QueueTarget }
  | { kind: 'record'; type: CallEventType; leg: Leg; data?: Record<string, unknown> }
  | { kind: 'update_call'; patch: CallPatch };

export interface CallFlowSettings {
  emergencyKeys: Readonly<Partial<Record<string, EmergencyNumber>>>;
  keyWaitMs: number;
  emergencyAnswerTimeoutMs: number;
  queueTarget: QueueTarget;
}

export interface Transition {
  state: CallState;
  effects: CallEffect[];
  /** False when the event meant nothing in this state (logged by the caller, never an error). */
  handled: boolean;
}

export type { CallOutcome, EmergencyNumber };
