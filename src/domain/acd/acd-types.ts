// Types shared by the ACD (skill-based routing, 技能组路由): agents as routing sees them, the
// requirement a waiting call puts on an agent, waiting calls and the assignments made. Times in ms.
import type { AgentState } from '../agent/agent-types.js';

/** Proficiency in a skill: 1 (beginner) to 5 (expert). */
export type Proficiency = 1 | 2 | 3 | 4 | 5;

export interface AcdAgent {
  agentId: string;
  skills: Readonly<Record<string, Proficiency>>;
  /** Languages the agent can serve callers in, e.g. ['zh', 'yue', 'en']. */
  languages: readonly string[];
  state: AgentState;
  /** Start of the current idle period (longest idle is offered first); defaults to `state.since`. */
  readySince?: number;
  /** From device presence (SIP registration); an unreachable device is never offered a call. */
  deviceReachable?: boolean;
}

export interface SkillNeed {
  skill: string;
  minProficiency: number;
}

/** What a waiting call asks of an agent right now, after the relaxations its wait has earned. */
export interface Requirement {
  queueId: string;
  /** Every need must be met, by the skill itself or by one of `alternativeSkills`. */
  skills: SkillNeed[];
  /** Skills accepted in place of any required skill, at the same minimum proficiency. */
  alternativeSkills: string[];
  /** The agent must speak one of these; null once dropped or when the queue sets none. */
  languages: string[] | null;
  /** The queue this call also overflows to, and after how many seconds of waiting it did. */
  overflow: { queueId: string; afterSeconds: number } | null;
}

export interface WaitingCall {
  callId: string;
  queueId: string;
  /** Higher first; from callerPriority(). */
  priority: number;
  /** When the caller joined the queue; a call re-queued or turned into a callback keeps it. */
  queuedAt: number;
  /** Set when the caller left a callback (回拨): the entry keeps its place and the citizen is called back. */
  callbackId?: string;
}

export interface Assignment {
  callId: string;
  agentId: string;
  /** The queue whose requirement the agent met: the call's own queue or an overflow queue. */
  viaQueueId: string;
}
