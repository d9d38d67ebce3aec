// The shared pool of agents (话务员) the ACD hands calls to. Several app instances use one pool,
// so every change is atomic: one agent is never given two calls, one call never two agents.
// Time is passed in (ms since the epoch); the pool never reads the clock.

/** A ready agent may be claimed; a reserved one holds exactly one call. Any other string is "not ready". */
export const AgentStates = { ready: 'ready', reserved: 'reserved' } as const;

/** Skill (技能组) name → proficiency, an integer 1 (novice) to 5 (expert). */
export type AgentSkills = Record<string, number>;

export interface AgentReadiness {
  skills: AgentSkills;
  /** Languages or dialects the agent can serve in, e.g. `zh`, `yue`, `en`. */
  languages: string[];
  /** When the agent became ready (ms); the longest idle — the earliest — is offered first. */
  readySince: number;
}

export interface SkillNeed {
  skill: string;
  /** Lowest acceptable proficiency, 1–5. */
  minProficiency: number;
  /** Other skills that satisfy this need equally, at the same minimum proficiency. */
  alternatives?: string[];
}

export interface CallRequirement {
  /** At least one; candidates are drawn from the first need (its skill or alternatives). */
  skills: SkillNeed[];
  language?: string;
}

export interface ClaimRequest {
  callId: string;
  requirement: CallRequirement;
  now: number;
}

export interface AgentClaim {
  agentId: string;
}

/** One waiting caller of a batch claim: its requirements, tried in order (the first that finds an agent wins). */
export interface BatchClaimCaller {
  callId: string;
  requirements: CallRequirement[];
}

export interface BatchClaimRequest {
  /** In serving order: each is claimed for as if the ones before it had been claimed first. */
  callers: BatchClaimCaller[];
  now: number;
}

/** Per caller: the agent and the index of the requirement that matched, or null when none did. */
export type BatchClaimResult = (AgentClaim & { requirementIndex: number }) | null;

export interface ReleaseOptions {
  /** True: ready again, with readySince = now (so behind everyone already waiting). */
  backToReady: boolean;
  now: number;
  /** The state taken when not back to ready; `not-ready` unless given. */
  state?: string;
}

export interface AgentSnapshot {
  agentId: string;
  state: string;
  skills: AgentSkills;
  languages: string[];
  /** Set while ready, else null. */
  readySince: number | null;
  /** The call holding the agent while reserved, else null. */
  callId: string | null;
}

export interface AgentPool {
  /**
   * Makes the agent ready with these skills and languages (replacing earlier ones).
   * Returns false, changing nothing, if the agent is reserved for a call: the holder releases it.
   */
  setAgentReady(agentId: string, readiness: AgentReadiness): Promise<boolean>;
  /**
   * Takes the agent out of the ready pool in `state` (e.g. `not-ready`, `after-call-work`,
   * `offline`; not `ready` or `reserved`). If the agent was reserved, that reservation is
   * dropped and the call it belonged to is returned, so the caller can be offered to another agent.
   */
  setAgentUnavailable(agentId: string, state: string): Promise<{ droppedCallId: string | null }>;
  /**
   * Atomically picks the longest-idle ready agent meeting every need and the language — earliest
   * readySince, then the higher proficiency in the first need (its best matching skill), then the
   * lower agent id (byte order) — and reserves it for the call. A call that already holds a
   * reservation gets that same agent back. Null when no ready agent qualifies.
   */
  claimAgent(request: ClaimRequest): Promise<AgentClaim | null>;
  /**
   * Claims for several callers in one atomic step, with exactly the result of claimAgent called
   * for each caller in order and, per caller, for each requirement in order until one finds an
   * agent (a caller already holding an agent gets it back, as from its first requirement).
   * One result per caller, in the same order.
   */
  claimAgents(request: BatchClaimRequest): Promise<BatchClaimResult[]>;
  /** Ends the call's reservation of the agent. Only the holding call can; returns false otherwise. */
  releaseAgent(agentId: string, callId: string, options: ReleaseOptions): Promise<boolean>;
  /**
   * Forgets the agent (its account is deleted): out of the ready sets of its skills and of
   * `skills`, any reservation dropped (that call is returned, to be offered to another agent),
   * nothing left of it. A later setAgentReady with the same id starts from nothing.
   */
  removeAgent(agentId: string, skills?: string[]): Promise<{ droppedCallId: string | null }>;
  reservationOf(callId: string): Promise<AgentClaim | null>;
  agentState(agentId: string): Promise<AgentSnapshot | null>;
  /** Number of known agents in each state, e.g. `{ ready: 12, reserved: 30, 'not-ready': 4 }`. */
  countByState(): Promise<Record<string, number>>;
}
