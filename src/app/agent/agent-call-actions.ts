// What an agent can do to the call in hand from the desktop: add an emergency service as a
// three-way call, end the service, hold, or leave the call (hang up the agent's leg).
// The call may be held by another app instance of the hotline (another ARI app on the same
// Redis): then the action goes to that instance over the command bus, and once that instance has
// run it, its result is read back from that instance's call state.
import type { CallFlowEvent, CallState } from '../../domain/call/call-flow-types.js';
import type { EmergencyNumber } from '../../domain/emergency/emergency-keys.js';
import type { CallCommand, CallCommandBus, CallCommandEvent } from '../../ports/call/call-command-bus.js';
import type { CallControl } from '../../ports/call/call-control.js';
import type { CallOwners } from '../../ports/call/call-owners.js';
import type { CallStateStore } from '../../ports/call/call-state-store.js';
import { AgentStateConflictError, type AgentSessions } from './agent-sessions.js';
import { CallOwnerUnreachableError } from '../call/call-owner-unreachable-error.js';
import { callerHearsAgent } from '../../domain/call/end-of-service-flow.js';

/** The other app instances of the same hotline, and how to reach the calls they hold. */
export interface OtherInstances {
  /** This instance's ARI app name. */
  app: string;
  owners: CallOwners;
  bus: CallCommandBus;
  /** How long to wait for the instance holding the call to run a command (default 2 s), looking every pollMs (default 50). */
  waitMs?: number;
  pollMs?: number;
}

export interface AgentCallActionsDeps {
  sessions: AgentSessions;
  /** This instance's calls. */
  calls: CallStateStore;
  control: CallControl;
  feed: (callId: string, event: CallFlowEvent) => Promise<void>;
  now: () => Date;
  /** Absent: every call is this instance's. */
  instances?: OtherInstances;
}

export function createAgentCallActions(deps: AgentCallActionsDeps) {
  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

  async function callInHand(agentId: string): Promise<string> {
    const state = await deps.sessions.state(agentId);
    if (state.status !== 'on_call') throw new AgentStateConflictError(`Agent ${agentId} is not on a call (${state.status})`);
    return state.callId;
  }

  /** The other app holding the call, or null when it is this instance's (or unknown). */
  async function holderOf(callId: string): Promise<string | null> {
    const o = deps.instances;
    if (!o) return null;
    const owner = await o.owners.ownerOf(callId);
    return owner && owner !== o.app ? owner : null;
  }

  const read = (callId: string, app: string | null) => (app ? deps.instances!.owners.stateIn(app, callId) : deps.calls.get(callId));

  /** Runs a command on a call of this instance (from this API, or from the command bus). */
  async function runHere(callId: string, event: CallCommandEvent): Promise<void> {
    if (event.type !== 'hangup_agent_leg') return deps.feed(callId, event);
    const leg = (await deps.calls.get(callId))?.agent?.legChannelId;
    if (leg === event.channelId) await deps.control.hangup(leg, 'normal');
  }

  /**
   * Runs the command where the call is held (here, or on the instance `app`, waiting up to waitMs
   * for it to finish); resolves with the call's state after it, and whether the command finished.
   */
  async function run(callId: string, app: string | null, event: CallCommandEvent): Promise<{ state: CallState | null; finished: boolean }> {
    if (!app) {
      await runHere(callId, event);
      return { state: await deps.calls.get(callId), finished: true };
    }
    const { bus, waitMs = 2_000, pollMs = 50 } = deps.instances!;
    const commandId = await bus.publish({ app, callId, event });
    if (!commandId) throw new CallOwnerUnreachableError(callId, app);
    let outcome = null;
    for (let waited = 0; !outcome && waited < waitMs; waited += pollMs) {
      await sleep(pollMs);
      outcome = await bus.outcome(commandId);
    }
    if (outcome === 'failed') throw new Error(`The app instance "${app}" could not run ${event.type} on call ${callId}`);
    return { state: await read(callId, app), finished: outcome === 'done' };
  }

  return {
    async emergency(agentId: string, number: EmergencyNumber): Promise<{ callId: string }> {
      const callId = await callInHand(agentId);
      const { state: after } = await run(callId, await holderOf(callId), { type: 'agent_emergency', at: deps.now(), number, via: 'api' });
      if (after?.emergency?.number !== number) throw new AgentStateConflictError(`The call ${callId} cannot take an emergency handover now`);
      return { callId };
    },
    /**
     * Ends the service of the call in hand: the caller leaves the agent's bridge at once into the
     * rating, and the agent goes to wrap-up. A supervisor may end it for the agent.
     */
    async endService(agentId: string, by: 'agent_api' | 'supervisor'): Promise<{ callId: string; serviceEndedAt: string }> {
      const callId = await callInHand(agentId);
      const { state: after } = await run(callId, await holderOf(callId), { type: 'end_service', at: deps.now(), by });
      if (!after?.service) throw new AgentStateConflictError(`The service of call ${callId} cannot be ended now (${after?.phase ?? 'gone'})`);
      return { callId, serviceEndedAt: after.service.endedAt };
    },
    /** Puts the caller on hold (music; the caller hears nothing of the agent) or takes the caller back. */
    async hold(agentId: string, on: boolean): Promise<{ callId: string; onHold: boolean }> {
      const callId = await callInHand(agentId);
      const { state: after } = await run(callId, await holderOf(callId), { type: 'hold', at: deps.now(), on, via: 'api' });
      if (after?.phase !== 'with_agent' || after.onHold !== on) throw new AgentStateConflictError(`The call ${callId} cannot be ${on ? 'put on hold' : 'taken back'} now`);
      return { callId, onHold: on };
    },
    /** Whether the caller of the agent's call can hear the agent right now (for the agent's console). */
    async callerCanHear(agentId: string): Promise<{ callId: string | null; callerCanHear: boolean; onHold: boolean }> {
      const state = await deps.sessions.state(agentId);
      if (state.status !== 'on_call') return { callId: null, callerCanHear: false, onHold: false };
      const call = await read(state.callId, await holderOf(state.callId));
      return {
        callId: state.callId,
        callerCanHear: !!call && callerHearsAgent(call) && call.agent?.agentId === agentId,
        onHold: !!call?.onHold,
      };
    },
    async hangup(agentId: string): Promise<{ callId: string }> {
      const callId = await callInHand(agentId);
      const app = await holderOf(callId);
      const leg = (await read(callId, app))?.agent?.legChannelId;
      if (!leg) throw new AgentStateConflictError(`The call ${callId} has no agent leg`);
      if (!app) {
        await deps.control.hangup(leg, 'normal');
        return { callId };
      }
      // as here: done once the hang-up was sent to Asterisk
      const { finished } = await run(callId, app, { type: 'hangup_agent_leg', at: deps.now(), channelId: leg });
      if (!finished) throw new AgentStateConflictError(`The agent leg of call ${callId} was not hung up in time`);
      return { callId };
    },
    /** Ends the ringing offer of a call (the agent went not ready or logged out): hangs up its agent leg, wherever the call is held. */
    async releaseAgentLeg(callId: string): Promise<void> {
      const app = await holderOf(callId);
      const leg = (await read(callId, app))?.agent?.legChannelId;
      if (!leg) return;
      if (app) await deps.instances!.bus.publish({ app, callId, event: { type: 'hangup_agent_leg', at: deps.now(), channelId: leg } });
      else await deps.control.hangup(leg, 'normal').catch(() => undefined);
    },
    /** Runs a command another instance sent for a call of this one (the command bus's handler). */
    runCommand: (command: CallCommand) => runHere(command.callId, command.event),
  };
}

export type AgentCallActions = ReturnType<typeof createAgentCallActions>;
