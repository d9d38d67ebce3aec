// What an agent can do to the call in hand from the desktop: add an emergency service as a
// three-way call, or leave the call (hang up the agent's leg).
import type { CallFlowEvent } from '../domain/call/call-flow-types.js';
import type { EmergencyNumber } from '../domain/emergency/emergency-keys.js';
import type { CallControl } from '../ports/call-control.js';
import type { CallStateStore } from '../ports/call-state-store.js';
import { AgentStateConflictError, type AgentSessions } from './agent-sessions.js';
import { callerHearsAgent } from '../domain/call/end-of-service-flow.js';

export interface AgentCallActionsDeps {
  sessions: AgentSessions;
  calls: CallStateStore;
  control: CallControl;
  feed: (callId: string, event: CallFlowEvent) => Promise<void>;
  now: () => Date;
}

export function createAgentCallActions(deps: AgentCallActionsDeps) {
  async function callInHand(agentId: string): Promise<string> {
    const state = await deps.sessions.state(agentId);
    if (state.status !== 'on_call') throw new AgentStateConflictError(`Agent ${agentId} is not on a call (${state.status})`);
    return state.callId;
  }

  return {
    async emergency(agentId: string, number: EmergencyNumber): Promise<{ callId: string }> {
      const callId = await callInHand(agentId);
      await deps.feed(callId, { type: 'agent_emergency', at: deps.now(), number, via: 'api' });
      const after = await deps.calls.get(callId);
      if (after?.emergency?.number !== number) throw new AgentStateConflictError(`The call ${callId} cannot take an emergency handover now`);
      return { callId };
    },
    /**
     * Ends the service of the call in hand: the caller leaves the agent's bridge at once into the
     * rating, and the agent goes to wrap-up. A supervisor may end it for the agent.
     */
    async endService(agentId: string, by: 'agent_api' | 'supervisor'): Promise<{ callId: string; serviceEndedAt: string }> {
      const callId = await callInHand(agentId);
      await deps.feed(callId, { type: 'end_service', at: deps.now(), by });
      const after = await deps.calls.get(callId);
      if (!after?.service) throw new AgentStateConflictError(`The service of call ${callId} cannot be ended now (${after?.phase ?? 'gone'})`);
      return { callId, serviceEndedAt: after.service.endedAt };
    },
    /** Puts the caller on hold (music; the caller hears nothing of the agent) or takes the caller back. */
    async hold(agentId: string, on: boolean): Promise<{ callId: string; onHold: boolean }> {
      const callId = await callInHand(agentId);
      await deps.feed(callId, { type: 'hold', at: deps.now(), on, via: 'api' });
      const after = await deps.calls.get(callId);
      if (after?.phase !== 'with_agent' || after.onHold !== on) {
        throw new AgentStateConflictError(`The call ${callId} cannot be ${on ? 'put on hold' : 'taken back'} now`);
      }
      return { callId, onHold: after.onHold };
    },
    /** Whether the caller of the agent's call can hear the agent right now (for the agent's console). */
    async callerCanHear(agentId: string): Promise<{ callId: string | null; callerCanHear: boolean; onHold: boolean }> {
      const state = await deps.sessions.state(agentId);
      if (state.status !== 'on_call') return { callId: null, callerCanHear: false, onHold: false };
      const call = await deps.calls.get(state.callId);
      return {
        callId: state.callId,
        callerCanHear: !!call && callerHearsAgent(call) && call.agent?.agentId === agentId,
        onHold: !!call?.onHold,
      };
    },
    async hangup(agentId: string): Promise<{ callId: string }> {
      const callId = await callInHand(agentId);
      const leg = (await deps.calls.get(callId))?.agent?.legChannelId;
      if (!leg) throw new AgentStateConflictError(`The call ${callId} has no agent leg`);
      await deps.control.hangup(leg, 'normal');
      return { callId };
    },
  };
}

export type AgentCallActions = ReturnType<typeof createAgentCallActions>;
