// Types of the inbound call flow: states, the events that drive it and the effects it asks for.
// The flow itself is `transition()` in call-flow.ts; effects are run by src/app/call/effect-runner.ts.
import type { EmergencyNumber } from '../emergency/emergency-keys.js';
import type { CallbackDialog, CallbackFlowEffect, CallbackFlowEvent, CallbackOfferSettings } from './callback-offer-types.js';
import type { CallEventType, CallOutcome, CallPatch, Leg, ServiceEndedBy } from './call-timeline-types.js';

export type CallPhase =
  | 'arrived' // in Stasis, not answered yet
  | 'greeting' // greeting playing, keys accepted (the long greeting, or no skill queue; the short one plays while 'waiting')
  | 'awaiting_key' // greeting over, a short wait for a late key
  | 'emergency_connecting' // emergency leg dialled, caller hears the connecting prompt
  | 'emergency_bridged' // caller talking to 110/119/120/122
  | 'emergency_failed' // failure prompt playing, then on to the queue
  | 'queued' // handed to the dialplan's static queue
  | 'waiting' // in one of the app's skill queues, hearing music and announcements
  | 'callback' // leaving a callback by keys (still in the waiting list, keeping the place)
  | 'agent_ringing' // an agent was claimed for the call; the agent's phone rings
  | 'with_agent' // caller and agent bridged (or the caller on hold, out of the agent's bridge)
  | 'rating' // the agent's service ended: the caller, out of the agent's bridge, rates it (一次一评)
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
  /** When the caller's channel was answered (ISO): time to agent counts from here. */
  answeredAt?: string | null;
  /**
   * The short greeting's playback: the caller joins the skill queue at the answer and hears the
   * greeting while the ACD claims and rings an agent. It plays while it is also `currentPlaybackId`.
   */
  greetingPlaybackId?: string | null;
  /** The app's skill queue for this call (from the dialplan); null: the dialplan's static queue. */
  queueId: string | null;
  /** While in a skill queue: when the caller joined (kept across re-queues: the caller keeps the place). */
  queuedAt: string | null;
  /** The agent claimed for the call, while ringing or talking. */
  agent: null | {
    agentId: string;
    extension: string;
    legChannelId: string;
    bridgeId: string;
    answered: boolean;
    /** When the agent's phone started ringing, and when the agent answered (ISO). */
    offeredAt: string;
    answeredAt: string | null;
    /** The agent picked up while the short greeting still played (overlap 'wait'): bridged at its end. */
    pickedUpAt?: string | null;
  };
  /** How many agent legs were offered this call (part of each agent leg's id). */
  agentOffers: number;
  /** The agent pressed * : the next key may be an emergency key (three-way handover). */
  agentStarPressed: boolean;
  /** The callback dialog while in the 'callback' phase (absent otherwise). */
  callback?: CallbackDialog;
  /** The agent put the caller on hold: the caller is out of the agent's bridge, hearing music. */
  onHold: boolean;
  /** Once the agent's service ended: when, how, and the agent leg left behind (if still up). */
  service: null | {
    endedAt: string;
    endedBy: ServiceEndedBy;
    agentId: string;
    agentLegChannelId: string;
    agentBridgeId: string;
    agentLegUp: boolean;
  };
  /** The per-call rating in progress: how often the question was asked, whether a key is awaited. */
  rating: null | { asked: number; done: boolean };
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
  /**
   * A command met this channel gone (the race with a hang-up). For the caller still in the app it
   * is the hang-up itself; a leg waits for its own ChannelDestroyed, whose cause tells a lost
   * softphone from an agent's hang-up.
   */
  | { type: 'channel_gone'; at: Date; channelId: string }
  /** The ACD claimed an agent; `viaQueueId` is the queue whose requirement the agent met (overflow). */
  | { type: 'agent_assigned'; at: Date; agentId: string; extension: string; viaQueueId?: string }
  /** The agent asks to add an emergency service to the call (three-way). */
  | { type: 'agent_emergency'; at: Date; number: EmergencyNumber; via: 'api' | 'phone' }
  /** A key pressed on the agent's phone during the call. */
  | { type: 'agent_dtmf'; at: Date; digit: string }
  /** TALK_DETECT: someone on a leg started or stopped speaking. */
  | { type: 'talk'; at: Date; channelId: string; started: boolean; durationMs: number }
  /** The agent (API, or * then 0 on the phone) or a supervisor ends the service. */
  | { type: 'end_service'; at: Date; by: Extract<ServiceEndedBy, 'agent_api' | 'agent_phone' | 'supervisor'> }
  /** The agent puts the caller on hold (music, never the agent) or takes the caller back. */
  | { type: 'hold'; at: Date; on: boolean; via: 'api' | 'phone' }
  /** The app (re)connected and found this call still in Stasis; timers and playbacks were lost. */
  | { type: 'adopted'; at: Date; legAlive: boolean }
  | CallbackFlowEvent;

export type TimerName = 'greeting_end' | 'key_wait' | 'emergency_answer' | 'announce' | 'max_wait' | 'rating_key' | 'agent_leg_release' | 'callback_offer' | 'callback_key';

/** Where the caller goes after the greeting until skill queues are in the app: the dialplan queue. */
export interface QueueTarget {
  context: string;
  extension: string;
  priority: number;
}

export type CallEffect =
  | { kind: 'answer' }
  /** One prompt, or several one after another under one playback id. */
  | { kind: 'play'; playbackId: string; media: string | string[] }
  /** A prompt to another leg of the call (e.g. the agent's); its events are not followed. */
  | { kind: 'play_to_leg'; channelId: string; playbackId: string; media: string }
  | { kind: 'stop_playback'; playbackId: string }
  | { kind: 'ring' }
  | { kind: 'start_timer'; timer: TimerName; ms: number }
  | { kind: 'cancel_timer'; timer: TimerName }
  | { kind: 'originate_emergency'; legChannelId: string; number: EmergencyNumber; callerNumber: string }
  | { kind: 'create_bridge'; bridgeId: string }
  | { kind: 'add_to_bridge'; bridgeId: string; channelIds: string[] }
  /** Takes channels out of a bridge at once (end of service, hold): they stop hearing each other. */
  | { kind: 'remove_from_bridge'; bridgeId: string; channelIds: string[] }
  | { kind: 'destroy_bridge'; bridgeId: string }
  | { kind: 'hangup'; channelId: string; reason: 'normal' | 'busy' }
  /** Subscribe to a channel's events explicitly: they keep coming after it leaves Stasis. */
  | { kind: 'watch_channel'; channelId: string }
  | { kind: 'continue_in_dialplan'; target: QueueTarget }
  | { kind: 'start_moh' }
  | { kind: 'stop_moh' }
  /** Put the call in its skill queue's waiting list (the app works out the caller's priority). */
  | { kind: 'enqueue'; queueId: string; queuedAt: Date }
  | { kind: 'dequeue' }
  /** Play the caller's position and expected wait; the app fills in the figures. `lead`: prompts played first (the emergency keys). */
  | { kind: 'announce_position'; playbackId: string; queueId: string; lead?: string[] }
  | { kind: 'originate_agent'; legChannelId: string; extension: string; callerNumber: string; queueId: string }
  | { kind: 'start_recording'; bridgeId: string; name: string }
  | { kind: 'talk_detect'; channelId: string }
  /** Tell the agent side what happened to the call it was offered. */
  | { kind: 'agent_event'; agentId: string; event: 'offered' | 'answered' | 'ring_no_answer' | 'call_ended' | 'call_lost' }
  | { kind: 'record'; type: CallEventType; leg: Leg; data?: Record<string, unknown> }
  | { kind: 'update_call'; patch: CallPatch }
  /** Every leg of the call is gone: review its timeline for incidents and write the audit entry. */
  | { kind: 'review_call' }
  | CallbackFlowEffect;

/** Timings of one skill queue, as the flow needs them. */
export interface QueueTimings {
  announcePeriodMs: number;
  maxWaitMs: number;
  /** Offer a callback after this much waiting; absent: only the key asks for one. */
  callbackOfferMs?: number;
}

/** The per-call rating (一次一评): which key means what, how long to wait, how often to ask. */
export interface RatingSettings {
  /** Key → rating value, e.g. { '1': 'satisfied', '2': 'basically_satisfied', '3': 'dissatisfied' }. */
  keys: Readonly<Record<string, string>>;
  /** Wait for a key after the question ends. */
  keyTimeoutMs: number;
  /** How often the question is asked in all (an invalid key or silence asks again). */
  maxAsks: number;
}

/** The greeting (GREETING_LENGTH, GREETING_AGENT_OVERLAP). */
export interface GreetingSettings {
  /**
   * 'short': the hotline's name (~3 s); the caller joins the skill queue at the answer, so an idle
   * agent is rung during the greeting, and hears the emergency keys while waiting.
   * 'long': the 13 s greeting naming the emergency keys, then `keyWaitMs`, then the queue.
   */
  length: 'short' | 'long';
  /** An agent who answers while the short greeting plays: bridged at its end ('wait') or at once, cutting it ('cut'). */
  agentOverlap: 'wait' | 'cut';
}

export interface CallFlowSettings {
  emergencyKeys: Readonly<Partial<Record<string, EmergencyNumber>>>;
  greeting: GreetingSettings;
  /** Timings of a skill queue, or null when the queue does not exist (the static queue takes the call). */
  queueTimings: (queueId: string) => QueueTimings | null;
  keyWaitMs: number;
  emergencyAnswerTimeoutMs: number;
  queueTarget: QueueTarget;
  rating: RatingSettings;
  /** After the agent ends the service, their leg is hung up if still up after this long. */
  agentLegReleaseMs: number;
  /** The callback offer while waiting; absent: no callbacks. */
  callback?: CallbackOfferSettings;
}

export interface Transition {
  state: CallState;
  effects: CallEffect[];
  /** False when the event meant nothing in this state (logged by the caller, never an error). */
  handled: boolean;
}

export type { CallOutcome, EmergencyNumber, ServiceEndedBy };
