// The links between features that point both ways: the ACD hands calls to the call flow, whose
// queue effects kick the ACD; an agent's call is released by callbacks or by the agent's call
// actions, which feed the call flow; a callback survey's answers go to its work order. Each is bound where its part is built (see late.ts).
import type { AcdMatcher } from '../app/acd/acd-matcher.js';
import type { AgentCallActions } from '../app/agent/agent-call-actions.js';
import type { Callbacks } from '../app/callback/callbacks.js';
import type { CallDispatcher } from '../app/call/call-dispatcher.js';
import type { WorkOrders } from '../app/work-order/work-orders.js';
import { late } from './late.js';

export function createLinks() {
  return {
    acd: late<AcdMatcher>('the ACD matcher'),
    calls: late<CallDispatcher>('the call dispatcher'),
    callbacks: late<Callbacks>('the callbacks'),
    agentCallActions: late<AgentCallActions>('the agent call actions'),
    /** The callback survey's answers land on their work order. */
    workOrders: late<WorkOrders>('the work orders'),
  };
}

export type Links = ReturnType<typeof createLinks>;
