// Live agent states (ready, on call, wrap-up, …), kept outside the process.
import type { AgentState } from '../../domain/agent/agent-types.js';

export interface AgentStateStore {
  get(agentId: string): Promise<AgentState | null>;
  save(agentId: string, state: AgentState): Promise<void>;
  all(): Promise<Record<string, AgentState>>;
  /** Forgets the agent's state (its account is deleted): get() gives null again. */
  remove(agentId: string): Promise<void>;
}
