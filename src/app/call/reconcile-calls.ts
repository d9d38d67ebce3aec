// On every ARI (re)connect: compare what Asterisk says the app owns with the open call
// records, adopt what is still ours, keep watching callers now in the dialplan queue, and
// close the records of calls that ended while the app could not see them.
import type { QueueTarget } from '../../domain/call/call-flow-types.js';
import type { AuditLog } from '../../ports/audit/audit-log.js';
import type { CallControl } from '../../ports/call/call-control.js';
import type { CallRecords } from '../../ports/call/call-records.js';
import type { CallStateStore } from '../../ports/call/call-state-store.js';
import type { Logger } from '../../ports/logger.js';
import type { CallDispatcher } from './call-dispatcher.js';
import { isSurveyChannel } from '../survey/case-survey-ids.js';
import { sessionIdOf } from '../../domain/supervision/supervision-session.js';
import { isCallbackDeliveryId, roleOfChannel } from './channel-routing.js';

export interface ReconcileDeps {
  control: CallControl;
  records: CallRecords;
  states: CallStateStore;
  dispatcher: CallDispatcher;
  logger: Logger;
  now: () => Date;
  queueTarget: QueueTarget;
  /** Where the gap goes when calls were taken back or closed (null: no audit log). */
  audit?: AuditLog | null;
  /** The ARI application name of this instance (the audit entry's subject). */
  appName?: string;
}

/** One call the app could not see for a while: what became of it, and when it was last seen. */
interface GapCall {
  callId: string;
  result: 'adopted' | 'watched' | 'closed';
  lastSeenAt: string | null;
}

export interface ReconcileReport {
  adopted: number;
  watched: number;
  closed: number;
  /** Channels in the app that belong to no live call (e.g. an emergency leg whose caller left). */
  orphans: number;
}

export async function reconcileCalls(deps: ReconcileDeps): Promise<ReconcileReport> {
  const { control, records, states, dispatcher } = deps;
  const log = deps.logger.child({ component: 'reconcile' });
  const owned = new Set(await control.listAppChannels());
  const report: ReconcileReport = { adopted: 0, watched: 0, closed: 0, orphans: 0 };
  const accounted = new Set<string>();
  const gapCalls: GapCall[] = [];
  const lastSeen = async (callId: string): Promise<string | null> => {
    const call = await records.getCall(callId);
    const last = call?.events.at(-1);
    return last ? last.at.toISOString() : null;
  };

  for (const call of await records.listOpenCalls()) {
    const at = deps.now();
    const state = await states.get(call.callId);
    accounted.add(call.channelId);
    if (state?.emergency) accounted.add(state.emergency.legChannelId);
    if (state?.agent) accounted.add(state.agent.legChannelId);
    if (owned.has(call.channelId) && state) {
      const legId = state.emergency?.legChannelId ?? state.agent?.legChannelId;
      const legAlive = legId ? owned.has(legId) || (await control.channelExists(legId)) : false;
      gapCalls.push({ callId: call.callId, result: 'adopted', lastSeenAt: await lastSeen(call.callId) });
      await records.appendEvent({ callId: call.callId, at, type: 'app_gap', leg: 'system', data: { reconnectedAt: at.toISOString() } });
      await dispatcher.feed(call.callId, { type: 'adopted', at, legAlive });
      report.adopted += 1;
    } else if (await control.channelExists(call.channelId)) {
      // e.g. a caller waiting in the dialplan queue: keep receiving its hang-up
      gapCalls.push({ callId: call.callId, result: 'watched', lastSeenAt: await lastSeen(call.callId) });
      await control.watchChannel(call.channelId);
      if (owned.has(call.channelId)) {
        // ours, but with no live state: hand it to the queue so it is never stranded
        await control.continueInDialplan(call.channelId, deps.queueTarget);
      }
      report.watched += 1;
    } else {
      gapCalls.push({ callId: call.callId, result: 'closed', lastSeenAt: await lastSeen(call.callId) });
      await records.appendEvent({
        callId: call.callId,
        at,
        type: 'cleaned_after_reconnect',
        leg: 'system',
        data: { reason: 'channel ended while the app was disconnected' },
      });
      await records.updateCall(call.callId, { endedAt: at });
      await states.delete(call.callId);
      report.closed += 1;
    }
  }

  for (const channelId of owned) {
    if (accounted.has(channelId)) continue;
    // a callback delivery's legs belong to its delivery (callbacks.ts), never to the queue
    if (isCallbackDeliveryId(channelId)) continue;
    // a callback survey's call belongs to the survey calls (case-survey-calls.ts), never to the queue
    if (isSurveyChannel(channelId)) continue;
    // a supervisor's phone and snoop channels belong to the supervision (call-supervision.ts)
    if (sessionIdOf(channelId) !== null) continue;
    const role = roleOfChannel(channelId);
    try {
      if (role.role === 'emergency') {
        // its call has ended: an emergency leg must never sit in a bridge alone
        await control.hangup(channelId, 'normal');
      } else {
        // a caller with no record (e.g. the database was down): never strand them
        await control.watchChannel(channelId);
        await control.continueInDialplan(channelId, deps.queueTarget);
      }
      report.orphans += 1;
    } catch (err) {
      log.warn({ err, channelId }, 'could not settle an orphan channel');
    }
  }
  log.info(report, 'reconciled calls after ARI connect');
  if (deps.audit && (gapCalls.length || report.orphans)) {
    await deps.audit
      .append({
        kind: 'app_reconnected',
        at: deps.now(),
        actor: 'system',
        subject: `app:${deps.appName ?? 'hotline'}`,
        data: { ...report, calls: gapCalls },
      })
      .catch((err: unknown) => log.error({ err }, 'could not write the reconnect to the audit log'));
  }
  return report;
}
