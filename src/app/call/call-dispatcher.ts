// The one place telephony events enter the call flow: finds the call an event belongs to,
// turns it into a CallFlowEvent, runs the pure transition, saves the new state and runs the
// effects. Events of one call are handled strictly one after another.
import { createCallState, transition } from '../../domain/call/call-flow.js';
import type { CallEffect, CallFlowEvent, CallFlowSettings, CallState } from '../../domain/call/call-flow-types.js';
import { hangupCauseText } from '../../domain/call/hangup-cause.js';
import { maskNumber } from '../../domain/privacy/mask-number.js';
import type { CallControl } from '../../ports/call/call-control.js';
import type { CallRecords } from '../../ports/call/call-records.js';
import type { CallStateStore } from '../../ports/call/call-state-store.js';
import type { Logger } from '../../ports/logger.js';
import type { TelephonyEvent } from '../../ports/call/telephony-events.js';
import type { CallTimers } from './call-timers.js';
import { callIdOfPlayback, isFarHalf, roleOfChannel } from './channel-routing.js';
import { createEffectRunner, type EffectRunnerDeps } from './effect-runner.js';
import { isFeatureCode, type FeatureCode } from '../agent/feature-codes.js';
import { createMachineRunner } from '../shared/machine-runner.js';

const ENDED_STATE_TTL_SECONDS = 120;

export interface CallDispatcherDeps {
  control: CallControl;
  records: CallRecords;
  states: CallStateStore;
  timers: CallTimers;
  settings: CallFlowSettings;
  emergencyContext: string;
  logger: Logger;
  now: () => Date;
  queueEffects: EffectRunnerDeps['queueEffects'];
  callbackEffects?: EffectRunnerDeps['callbackEffects'];
  /** Takes the events of callback deliveries (ids "callback-…"); true when it took the event. */
  routeCallback?: (event: TelephonyEvent) => boolean;
  /** Takes the events of callback-survey calls (ids "survey-…"); true when it took the event. */
  routeSurvey?: (event: TelephonyEvent) => boolean;
  /** Every leg of a call is gone (review for incidents, audit). */
  onCallFinished: EffectRunnerDeps['onCallFinished'];
  /** A feature code dialled by an agent's phone (Stasis(hotline,feature,<code>)). */
  onFeatureCode: (channelId: string, extension: string, code: FeatureCode) => Promise<void>;
}

export interface CallDispatcher {
  handle(event: TelephonyEvent): Promise<void>;
  /** Feeds a flow event to a call (timers, reconciliation). */
  feed(callId: string, event: CallFlowEvent): Promise<void>;
  /** Resolves when every queued event has been handled. */
  idle(): Promise<void>;
  /** Calls with events queued or being handled right now. */
  readonly busyCalls: number;
}

export function createCallDispatcher(deps: CallDispatcherDeps): CallDispatcher {
  const log = deps.logger.child({ component: 'dispatcher' });
  const feed = (callId: string, event: CallFlowEvent): Promise<void> => calls.feed(callId, event);

  const runEffects = createEffectRunner({
    control: deps.control,
    records: deps.records,
    timers: deps.timers,
    emergencyContext: deps.emergencyContext,
    emergencyAnswerTimeoutSeconds: Math.ceil(deps.settings.emergencyAnswerTimeoutMs / 1000),
    now: deps.now,
    feed: (callId, event) => void feed(callId, event),
    queueEffects: deps.queueEffects,
    ...(deps.callbackEffects ? { callbackEffects: deps.callbackEffects } : {}),
    onCallFinished: deps.onCallFinished,
  });

  const callLog = (state: CallState) => log.child({ callId: state.callId, caller: maskNumber(state.callerNumber) });
  const calls = createMachineRunner<CallState, CallFlowEvent, CallEffect>(
    {
      load: (callId) => deps.states.get(callId),
      transition: (state, event) => transition(state, event, deps.settings),
      async save(_callId, result, state, event) {
        if (!result.handled) callLog(state).debug({ event: event.type, phase: state.phase }, 'event not handled in this phase');
        // an ended call lingers briefly so late leg events (bridge left, hang-up) reach its timeline
        await deps.states.save(result.state, result.state.phase === 'ended' ? ENDED_STATE_TTL_SECONDS : undefined);
      },
      async runEffects(_callId, result, state, event, gone) {
        const stepLog = callLog(state);
        if (result.state.phase !== state.phase) stepLog.info({ from: state.phase, to: result.state.phase, event: event.type, ...('cause' in event ? { cause: event.cause } : {}) }, 'call phase');
        await runEffects(result.state, result.effects, stepLog, gone);
      },
      // the flow decides what a gone channel means (call-flow-any-phase.ts: the caller's hang-up)
      channelGone: (_callId, _effect, err) => (err.channelId ? { type: 'channel_gone', at: deps.now(), channelId: err.channelId } : null),
      onMissing: (callId, event) => log.debug({ callId, event: event.type }, 'event for a call this app does not hold'),
    },
    { log, keyName: 'callId', failure: 'call event handling failed' },
  );
  const apply = calls.step;

  async function startCall(event: Extract<TelephonyEvent, { type: 'stasis_start' }>): Promise<void> {
    const callId = event.channelId;
    const state = createCallState({
      callId,
      callerChannelId: event.channelId,
      callerNumber: event.callerNumber,
      dialedNumber: event.dialedNumber,
      // Stasis(hotline,inbound,<queue>): the dialplan names the skill queue for this number
      queueId: event.args[1] ?? null,
    });
    await deps.records.openCall({
      callId,
      channelId: event.channelId,
      callerNumber: event.callerNumber,
      dialedNumber: event.dialedNumber,
      startedAt: event.at,
    });
    await deps.states.save(state);
    log.info({ callId, caller: maskNumber(event.callerNumber), dialed: event.dialedNumber }, 'call arrived');
    await apply(callId, { type: 'stasis_started', at: event.at });
  }

  function route(event: TelephonyEvent): { callId: string; run: () => Promise<void> } | null {
    if ('playbackId' in event) {
      const playbackCallId = callIdOfPlayback(event.playbackId);
      if (!playbackCallId) return null;
      const flowEvent: CallFlowEvent = { type: event.type, at: event.at, playbackId: event.playbackId };
      return { callId: playbackCallId, run: () => apply(playbackCallId, flowEvent) };
    }
    if (isFarHalf(event.channelId)) return null;
    const role = roleOfChannel(event.channelId);
    const { callId } = role;
    const to = (e: CallFlowEvent) => ({ callId, run: () => apply(callId, e) });

    switch (event.type) {
      case 'stasis_start': {
        const [kind, legCallId] = event.args;
        if (kind === 'feature') {
          const code = event.args[1];
          if (!isFeatureCode(code)) return null;
          return { callId: event.channelId, run: () => deps.onFeatureCode(event.channelId, event.callerNumber, code) };
        }
        if ((kind === 'emergency-leg' || kind === 'agent-leg') && legCallId) {
          return { callId: legCallId, run: () => apply(legCallId, { type: 'leg_answered', at: event.at, channelId: event.channelId }) };
        }
        if (role.role === 'caller') return { callId, run: () => startCall(event) };
        return null;
      }
      case 'channel_state':
        return role.role === 'caller' && event.state === 'Up' ? to({ type: 'answered', at: event.at }) : null;
      case 'dtmf':
        if (role.role === 'agent') return to({ type: 'agent_dtmf', at: event.at, digit: event.digit });
        return role.role === 'caller' ? to({ type: 'dtmf', at: event.at, digit: event.digit, durationMs: event.durationMs }) : null;
      case 'hangup_request':
      case 'channel_destroyed': {
        const cause = event.cause;
        // A hang-up request often has no cause; ChannelDestroyed brings it (every channel of a
        // call is subscribed explicitly, so that event arrives even after StasisEnd).
        if (event.type === 'hangup_request' && cause === 0) return null;
        const causeText = event.type === 'channel_destroyed' && event.causeText ? event.causeText : hangupCauseText(cause);
        return role.role === 'caller'
          ? to({ type: 'caller_hungup', at: event.at, cause, causeText })
          : to({ type: 'leg_hungup', at: event.at, channelId: event.channelId, cause, causeText });
      }
      case 'bridge_entered':
      case 'bridge_left':
        return to({ type: event.type, at: event.at, channelId: event.channelId, bridgeId: event.bridgeId });
      case 'stasis_end':
        return role.role === 'caller' ? to({ type: 'caller_left_app', at: event.at }) : null;
      case 'talking_started':
      case 'talking_finished':
        return to({ type: 'talk', at: event.at, channelId: event.channelId, started: event.type === 'talking_started', durationMs: event.durationMs });
    }
  }

  return {
    async handle(event) {
      if (deps.routeCallback?.(event)) return;
      if (deps.routeSurvey?.(event)) return;
      const routed = route(event);
      if (!routed) {
        log.debug({ event: event.type }, 'event not routed to a call');
        return;
      }
      await calls.run(routed.callId, routed.run);
    },
    feed,
    idle: () => calls.idle(),
    get busyCalls() {
      return calls.busy;
    },
  };
}
