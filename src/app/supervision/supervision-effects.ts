// Runs a supervision session's effects over ARI: rings the supervisor's phone into the
// application, snoops on the agent's leg, moves the supervisor's channel between the session's
// own bridge and the call's bridge, tears it all down, and writes the call's timeline and the
// audit log. A command on a channel that is gone is reported (the machine decides what it means);
// any other failure of a command that builds the media ends the session as failed.
import type { SupervisionEffect, SupervisionSession, SupervisionTimelineType } from '../../domain/supervision/supervision-types.js';
import { ChannelGoneError, type CallControl } from '../../ports/call/call-control.js';
import type { AuditLog } from '../../ports/audit/audit-log.js';
import type { Logger } from '../../ports/logger.js';
import type { SnoopControl } from '../../ports/supervision/snoop-control.js';
import type { ReportGone } from '../shared/machine-runner.js';

/** The Stasis arguments of a supervision's channels: ['supervision', sessionId]. */
export const SUPERVISION_STASIS_ARG = 'supervision';

export interface SupervisionEffectDeps {
  control: Pick<CallControl, 'originate' | 'createBridge' | 'addToBridge' | 'removeFromBridge' | 'destroyBridge' | 'hangup'>;
  snoop: SnoopControl;
  /** Appends a supervision entry (leg 'system') to the call's timeline. */
  timeline(callId: string, at: Date, type: SupervisionTimelineType, data: Record<string, unknown>): Promise<void>;
  audit: Pick<AuditLog, 'append'>;
  /** How long the supervisor's phone rings before the session ends unanswered. */
  ringSeconds: number;
  /** Called when a command failed for another reason than a gone channel. */
  failed(sessionId: string, phoneUp: boolean): void;
}

/** Commands whose failure leaves the session without its media: the session ends as failed. */
const BUILDS_MEDIA = new Set<SupervisionEffect['kind']>(['originate', 'snoop', 'create_bridge', 'add_to_bridge']);

export function createSupervisionEffects(deps: SupervisionEffectDeps) {
  const { control } = deps;

  async function runOne(s: SupervisionSession, effect: SupervisionEffect): Promise<void> {
    switch (effect.kind) {
      case 'originate':
        return control.originate({
          channelId: effect.channelId,
          endpoint: `PJSIP/${effect.extension}`,
          // the supervisor's phone shows the agent's extension: whose call it is
          callerNumber: s.agentId,
          appArgs: [SUPERVISION_STASIS_ARG, s.sessionId],
          timeoutSeconds: deps.ringSeconds,
        });
      case 'snoop':
        return deps.snoop.snoop({
          snoopId: effect.snoopId,
          channelId: effect.targetChannelId,
          spy: effect.spy,
          whisper: effect.whisper,
          appArgs: [SUPERVISION_STASIS_ARG, s.sessionId],
        });
      case 'create_bridge':
        return control.createBridge(effect.bridgeId);
      case 'add_to_bridge':
        return control.addToBridge(effect.bridgeId, effect.channelIds);
      case 'remove_from_bridge':
        return control.removeFromBridge(effect.bridgeId, effect.channelIds);
      case 'hangup':
        return control.hangup(effect.channelId, 'normal');
      case 'destroy_bridge':
        return control.destroyBridge(effect.bridgeId);
      case 'record': {
        await deps.timeline(s.callId, effect.at, effect.event, effect.data);
        await deps.audit.append({ kind: 'supervision', at: effect.at, actor: s.supervisor, subject: `call:${s.callId}`, data: { event: effect.event, callId: s.callId, ...effect.data } });
        return;
      }
    }
  }

  /** Runs the effects in order; stops at the first that could not build the session's media. */
  return async function run(s: SupervisionSession, effects: SupervisionEffect[], log: Logger, gone: ReportGone<SupervisionEffect>): Promise<void> {
    for (const effect of effects) {
      try {
        await runOne(s, effect);
      } catch (err) {
        if (err instanceof ChannelGoneError) {
          // a teardown that meets its channel or bridge gone has nothing left to do
          if (BUILDS_MEDIA.has(effect.kind)) {
            gone(effect, err);
            return;
          }
          continue;
        }
        if (effect.kind === 'record') {
          log.error({ err, event: effect.event }, 'supervision entry not written to the timeline or the audit log');
          continue;
        }
        log.warn({ err, effect: effect.kind }, 'supervision command failed');
        if (BUILDS_MEDIA.has(effect.kind)) {
          deps.failed(s.sessionId, effect.kind !== 'originate');
          return;
        }
      }
    }
  };
}
