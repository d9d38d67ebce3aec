// Supervisors' listen, whisper and barge (监听 / 耳语 / 强插) on a live call: start a session
// (the supervisor's phone rings; answered, the mode's media is set up), switch its mode, end it.
// Each session runs the pure machine of src/domain/supervision on the per-key machine runner;
// its channels and bridge carry ids `supervise-<session>-…`, so `route` (the dispatcher's hook,
// called before the call flow's routing) takes their events. It also watches the supervised
// call's agent leg and caller (without taking their events): when either is gone, so is the
// session. Sessions live in this process: after an ARI reconnect `afterReconnect` hangs up what
// is left of them before the call reconciliation could take their channels for callers.
import { openSession, sessionIdOf, supervisionIds, transition, SUPERVISION_ID_PREFIX } from '../../domain/supervision/supervision-session.js';
import type { SupervisionEffect, SupervisionEvent, SupervisionMode, SupervisionSession } from '../../domain/supervision/supervision-types.js';
import type { ChannelGoneError } from '../../ports/call/call-control.js';
import type { CallControl } from '../../ports/call/call-control.js';
import type { CallRecords } from '../../ports/call/call-records.js';
import type { CallStateStore } from '../../ports/call/call-state-store.js';
import type { Logger } from '../../ports/logger.js';
import type { TelephonyEvent } from '../../ports/call/telephony-events.js';
import { createMachineRunner } from '../shared/machine-runner.js';
import { createSupervisionEffects, type SupervisionEffectDeps } from './supervision-effects.js';
import { SupervisionConflictError, SupervisionFailedError, SupervisionInputError, SupervisionNotFoundError } from './supervision-errors.js';

/** How long an ended session is still shown (and its late events taken). */
const ENDED_MEMORY_MS = 10 * 60_000;
/** After a reconnect: how long to wait for the leftover channels to be gone. */
const LEFTOVER_WAIT_MS = 2_000;

export interface CallSupervisionDeps extends Omit<SupervisionEffectDeps, 'failed' | 'control'> {
  control: SupervisionEffectDeps['control'] & Pick<CallControl, 'listAppChannels' | 'channelExists'>;
  calls: Pick<CallStateStore, 'get'>;
  records: Pick<CallRecords, 'getCall'>;
  logger: Logger;
  now: () => Date;
  /** A new session id: 12 hex digits. */
  newId: () => string;
}

export interface StartSupervision {
  callId: string;
  mode: SupervisionMode;
  extension: string;
  /** The audit actor of the supervisor. */
  supervisor: string;
}

export type SupervisionView = Omit<SupervisionSession, 'agentChannelId' | 'callerChannelId' | 'callBridgeId' | 'snoopSeq' | 'snoopChannelId'>;

const viewOf = (s: SupervisionSession): SupervisionView => {
  const { agentChannelId: _a, callerChannelId: _c, callBridgeId: _b, snoopSeq: _n, snoopChannelId: _s, ...view } = s;
  return view;
};

export function createCallSupervision(deps: CallSupervisionDeps) {
  const log = deps.logger.child({ component: 'supervision' });
  const sessions = new Map<string, SupervisionSession>();
  const forget = new Map<string, NodeJS.Timeout>();

  const runEffects = createSupervisionEffects({
    ...deps,
    failed: (sessionId, phoneUp) => void runner.feed(sessionId, { type: 'failed', at: deps.now(), phoneUp }),
  });

  function goneEvent(s: SupervisionSession, err: ChannelGoneError): SupervisionEvent | null {
    const at = deps.now();
    const ids = supervisionIds(s.sessionId);
    if (err.channelId === ids.phone) return { type: 'supervisor_gone', at };
    if (err.channelId === s.agentChannelId || err.resource === `bridge ${s.callBridgeId}`) return { type: 'stop', at, reason: 'call_ended' };
    if (err.channelId && sessionIdOf(err.channelId) === s.sessionId) return { type: 'snoop_gone', at, channelId: err.channelId };
    return { type: 'failed', at, phoneUp: true };
  }

  const runner = createMachineRunner<SupervisionSession, SupervisionEvent, SupervisionEffect>(
    {
      load: async (sessionId) => sessions.get(sessionId) ?? null,
      transition: (state, event) => transition(state, event),
      async save(sessionId, step, before, event) {
        sessions.set(sessionId, step.state);
        if (!step.handled) log.debug({ sessionId, event: event.type, phase: before.phase }, 'supervision event not handled in this phase');
        if (step.state.phase !== before.phase) log.info({ sessionId, callId: before.callId, from: before.phase, to: step.state.phase, mode: step.state.mode, reason: step.state.endReason }, 'supervision phase');
        if (step.state.phase === 'ended' && !forget.has(sessionId)) forget.set(sessionId, setTimeout(() => { sessions.delete(sessionId); forget.delete(sessionId); }, ENDED_MEMORY_MS));
      },
      runEffects: (_sessionId, step, _before, _event, gone) => runEffects(step.state, step.effects, log.child({ sessionId: step.state.sessionId }), gone),
      channelGone: (sessionId, _effect, err) => {
        const s = sessions.get(sessionId);
        return s ? goneEvent(s, err) : null;
      },
    },
    { log, keyName: 'sessionId', failure: 'supervision event handling failed' },
  );

  function sessionOf(callId: string, sessionId: string): SupervisionSession {
    const s = sessions.get(sessionId);
    if (!s || s.callId !== callId) throw new SupervisionNotFoundError(`No supervision ${sessionId} on call ${callId}`);
    return s;
  }

  async function send(sessionId: string, event: SupervisionEvent): Promise<SupervisionView> {
    const outcome = await runner.send(sessionId, event);
    const s = outcome?.step.state ?? sessions.get(sessionId);
    if (!s) throw new SupervisionNotFoundError(`No supervision ${sessionId}`);
    return viewOf(s);
  }

  /** The session an event of our own channels or bridge is about, and the machine event it is. */
  function ownEvent(event: TelephonyEvent): { sessionId: string; event: SupervisionEvent | null } | null {
    const id = 'bridgeId' in event && sessionIdOf(event.bridgeId) ? event.bridgeId : 'channelId' in event ? event.channelId : null;
    const sessionId = id ? sessionIdOf(id) : null;
    if (!id || !sessionId) return null;
    const phone = id === supervisionIds(sessionId).phone;
    switch (event.type) {
      case 'stasis_start':
        return { sessionId, event: phone ? { type: 'answered', at: event.at } : null };
      case 'stasis_end':
      case 'channel_destroyed':
        if (phone) return { sessionId, event: { type: 'supervisor_gone', at: event.at } };
        return { sessionId, event: id.startsWith(`${SUPERVISION_ID_PREFIX}${sessionId}-snoop`) ? { type: 'snoop_gone', at: event.at, channelId: id } : null };
      default:
        return { sessionId, event: null };
    }
  }

  return {
    async start(input: StartSupervision): Promise<SupervisionView> {
      const call = await deps.calls.get(input.callId);
      if (!call) {
        if (!(await deps.records.getCall(input.callId))) throw new SupervisionNotFoundError(`No call with id ${input.callId}`);
        throw new SupervisionConflictError(`The call ${input.callId} has ended: only a call talking to an agent can be supervised`);
      }
      if (call.phase !== 'with_agent' || !call.agent?.answered) {
        throw new SupervisionConflictError(`The call ${input.callId} is ${call.phase}, not with an agent: only a call talking to an agent can be supervised`);
      }
      if (input.extension === call.agent.extension) throw new SupervisionInputError(`extension ${input.extension} is the agent's own phone on this call`);
      const busy = [...sessions.values()].find((s) => s.phase !== 'ended' && s.extension === input.extension);
      if (busy) throw new SupervisionConflictError(`extension ${input.extension} is already in supervision ${busy.sessionId} (call ${busy.callId})`);
      const opened = openSession({
        sessionId: deps.newId(),
        callId: input.callId,
        agentId: call.agent.agentId,
        agentChannelId: call.agent.legChannelId,
        callerChannelId: call.callerChannelId,
        callBridgeId: call.agent.bridgeId,
        supervisor: input.supervisor,
        extension: input.extension,
        mode: input.mode,
        at: deps.now(),
      });
      const { sessionId } = opened.state;
      sessions.set(sessionId, opened.state);
      log.info({ sessionId, callId: input.callId, mode: input.mode, extension: input.extension, supervisor: input.supervisor }, 'supervision requested: ringing the supervisor');
      await runner.ask(sessionId, () =>
        runEffects(opened.state, opened.effects, log.child({ sessionId }), (_effect, err) => {
          const event = goneEvent(opened.state, err);
          if (event) void runner.feed(sessionId, event);
        }),
      );
      await runner.ask(sessionId, async () => undefined); // a failure fed back is handled by now
      const now = sessions.get(sessionId)!;
      if (now.phase === 'ended' && now.endReason === 'failed') throw new SupervisionFailedError(`Could not ring extension ${input.extension} (is it a softphone account of the hotline?)`);
      return viewOf(now);
    },

    async switchMode(callId: string, sessionId: string, mode: SupervisionMode): Promise<SupervisionView> {
      const s = sessionOf(callId, sessionId);
      if (s.phase === 'ended') throw new SupervisionConflictError(`Supervision ${sessionId} has ended (${s.endReason})`);
      return send(sessionId, { type: 'switch', at: deps.now(), mode });
    },

    async stop(callId: string, sessionId: string): Promise<SupervisionView> {
      const s = sessionOf(callId, sessionId);
      if (s.phase === 'ended') return viewOf(s);
      return send(sessionId, { type: 'stop', at: deps.now(), reason: 'stopped' });
    },

    async list(callId: string): Promise<SupervisionView[]> {
      const mine = [...sessions.values()].filter((s) => s.callId === callId).map(viewOf);
      if (!mine.length && !(await deps.calls.get(callId)) && !(await deps.records.getCall(callId))) throw new SupervisionNotFoundError(`No call with id ${callId}`);
      return mine;
    },

    /** The dispatcher's hook: takes the events of supervision channels; watches supervised calls' legs. */
    route(event: TelephonyEvent): boolean {
      const own = ownEvent(event);
      if (own) {
        if (own.event && sessions.has(own.sessionId)) void runner.feed(own.sessionId, own.event);
        return true;
      }
      if ((event.type === 'channel_destroyed' || event.type === 'stasis_end') && 'channelId' in event) {
        for (const s of sessions.values()) {
          if (s.phase !== 'ended' && (s.agentChannelId === event.channelId || s.callerChannelId === event.channelId)) {
            void runner.feed(s.sessionId, { type: 'stop', at: event.at, reason: 'call_ended' });
          }
        }
      }
      return false;
    },

    /** After an ARI (re)connect, before the calls are reconciled: no supervision channel is left behind. */
    async afterReconnect(): Promise<void> {
      await Promise.all([...sessions.values()].filter((s) => s.phase !== 'ended').map((s) => runner.send(s.sessionId, { type: 'failed', at: deps.now(), phoneUp: true }).catch(() => undefined)));
      const leftovers = (await deps.control.listAppChannels()).filter((id) => sessionIdOf(id) !== null);
      for (const id of leftovers) await deps.control.hangup(id, 'normal').catch((err: unknown) => log.debug({ err, channelId: id }, 'leftover supervision channel already gone'));
      const deadline = deps.now().getTime() + LEFTOVER_WAIT_MS;
      for (const id of leftovers) {
        while ((await deps.control.channelExists(id)) && deps.now().getTime() < deadline) await new Promise((r) => setTimeout(r, 100));
      }
      if (leftovers.length) log.warn({ channels: leftovers.length }, 'supervision channels left from before the reconnect hung up');
    },

    /** Ends every session (app stop): the supervisors' phones are hung up. */
    async stopAll(): Promise<void> {
      await Promise.all([...sessions.values()].filter((s) => s.phase !== 'ended').map((s) => runner.send(s.sessionId, { type: 'stop', at: deps.now(), reason: 'stopped' }).catch(() => undefined)));
      for (const t of forget.values()) clearTimeout(t);
      forget.clear();
    },

    get active(): number {
      return [...sessions.values()].filter((s) => s.phase !== 'ended').length;
    },
  };
}

export type CallSupervision = ReturnType<typeof createCallSupervision>;
