// Runs the effects a call-flow transition returns, in order, against the ports.
// A channel that is gone is the normal race with a hang-up: logged, not an error.
import type { CallEffect, CallFlowEvent, CallState } from '../../domain/call/call-flow-types.js';
import { ChannelGoneError, type CallControl } from '../../ports/call/call-control.js';
import type { CallRecords } from '../../ports/call/call-records.js';
import type { Logger } from '../../ports/logger.js';
import type { ReportGone } from '../shared/machine-runner.js';
import type { CallTimers } from './call-timers.js';
import { isQueueEffect, type QueueEffect } from '../acd/queue-effects.js';
import { CALLBACK_EFFECT_KINDS, type CallbackFlowEffect } from '../../domain/call/callback-offer-types.js';

export interface EffectRunnerDeps {
  control: CallControl;
  records: CallRecords;
  timers: CallTimers;
  emergencyContext: string;
  emergencyAnswerTimeoutSeconds: number;
  now: () => Date;
  /** Feeds an event back into the call's flow (timers, failed originates). */
  feed: (callId: string, event: CallFlowEvent) => void;
  /** Every leg of the call is gone: review it for incidents and audit it (see call-review.ts). */
  onCallFinished: (callId: string) => void;
  /** Runs the skill-queue effects (see queue-effects.ts). */
  queueEffects: (state: CallState, effect: QueueEffect) => Promise<void>;
  /** Stores or cancels a caller's callback (see callbacks.ts); absent: callbacks are off. */
  callbackEffects?: (state: CallState, effect: CallbackFlowEffect) => Promise<void>;
}

/** `gone`: a channel met gone by an effect goes to the machine runner (else logged here). */
export type EffectRunner = (state: CallState, effects: CallEffect[], log: Logger, gone?: ReportGone<CallEffect>) => Promise<void>;

export function createEffectRunner(deps: EffectRunnerDeps): EffectRunner {
  const { control, records, timers } = deps;

  async function runOne(state: CallState, effect: CallEffect): Promise<void> {
    if (isQueueEffect(effect)) return deps.queueEffects(state, effect);
    if (CALLBACK_EFFECT_KINDS.has(effect.kind)) return deps.callbackEffects?.(state, effect as CallbackFlowEffect);
    const callId = state.callId;
    const channelId = state.callerChannelId;
    switch (effect.kind) {
      case 'answer':
        return control.answer(channelId);
      case 'play':
        return control.play(channelId, effect.playbackId, effect.media);
      case 'play_to_leg':
        return control.play(effect.channelId, effect.playbackId, effect.media);
      case 'stop_playback':
        return control.stopPlayback(effect.playbackId);
      case 'ring':
        return control.ring(channelId);
      case 'start_timer':
        return timers.start(callId, effect.timer, effect.ms, () =>
          deps.feed(callId, { type: 'timer_fired', at: deps.now(), timer: effect.timer }),
        );
      case 'cancel_timer':
        return timers.cancel(callId, effect.timer);
      case 'originate_emergency':
        try {
          await control.originate({
            channelId: effect.legChannelId,
            endpoint: `Local/${effect.number}@${deps.emergencyContext}/n`,
            callerNumber: effect.callerNumber,
            appArgs: ['emergency-leg', callId, effect.number],
            timeoutSeconds: deps.emergencyAnswerTimeoutSeconds,
          });
        } catch (err) {
          deps.feed(callId, { type: 'leg_failed', at: deps.now(), channelId: effect.legChannelId, reason: (err as Error).message });
        }
        return;
      case 'create_bridge':
        return control.createBridge(effect.bridgeId);
      case 'add_to_bridge':
        return control.addToBridge(effect.bridgeId, effect.channelIds);
      case 'remove_from_bridge':
        return control.removeFromBridge(effect.bridgeId, effect.channelIds);
      case 'review_call':
        return deps.onCallFinished(callId);
      case 'destroy_bridge':
        return control.destroyBridge(effect.bridgeId);
      case 'hangup':
        return control.hangup(effect.channelId, effect.reason);
      case 'watch_channel':
        return control.watchChannel(effect.channelId);
      case 'continue_in_dialplan':
        return control.continueInDialplan(channelId, effect.target);
      case 'record':
        return records.appendEvent({
          callId,
          at: deps.now(),
          type: effect.type,
          leg: effect.leg,
          ...(effect.data ? { data: effect.data } : {}),
        });
      case 'update_call':
        return records.updateCall(callId, effect.patch);
      default:
        return;
    }
  }

  return async (state, effects, log, gone) => {
    for (const effect of effects) {
      try {
        await runOne(state, effect);
      } catch (err) {
        if (err instanceof ChannelGoneError && gone) {
          gone(effect, err);
        } else if (err instanceof ChannelGoneError) {
          log.debug({ effect: effect.kind, resource: err.resource }, 'target gone (hang-up race)');
        } else {
          log.error({ err, effect: effect.kind }, 'call effect failed');
        }
      }
    }
  };
}
