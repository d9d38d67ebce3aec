// What an agent can do to the call in hand from the desktop: add an emergency service as a
// three-way call, or leave the call (hang up the agent's leg).
import type { CallFlowEvent } from '../domain/call/call-flow-types.js';
import type { EmergencyNumber } from '../domain/emergency/emergency-keys.js';
import type { CallControl } from '../ports/call-control.js';
import type { CallStateStore } from '../ports/call-state-store.js';
import { AgentStateConflictError, type AgentSessions } from './agent-sessions.js';

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
