// Agent accounts and skill queues as records (the database is the source of truth).
import type { QueueConfig } from '../domain/acd/queue-config.js';
import type { Proficiency } from '../domain/acd/acd-types.js';

export interface NewAgent {
  agentId: string;
  name: string;
  /** SIP user of the agent's softphone (PJSIP endpoint name), digits. */
  extension: string;
  skills: Record<string, Proficiency>;
  languages: string[];
  group: string;
}

export interface AgentRecord extends NewAgent {
  createdAt: Date;
  updatedAt: Date;
}

/** The generated SIP secret of an agent's softphone, kept so it can be re-applied after an Asterisk restart. */
export interface AgentSipSecret {
  extension: string;
  password: string;
}

export interface AgentDirectory {
  list(): Promise<AgentRecord[]>;
  get(agentId: string): Promise<AgentRecord | null>;
  getByExtension(extension: string): Promise<AgentRecord | null>;
  /** Creates the agent with a generated SIP secret; throws AgentConflictError on a taken id or extension. */
  create(agent: NewAgent, sipPassword: string): Promise<AgentRecord>;
  update(agentId: string, patch: Partial<Omit<NewAgent, 'agentId'>>): Promise<AgentRecord | null>;
  remove(agentId: string): Promise<boolean>;
  sipSecrets(): Promise<AgentSipSecret[]>;
  setSipPassword(agentId: string, password: string): Promise<void>;
}

export interface QueueDirectory {
  list(): Promise<QueueConfig[]>;
  get(queueId: string): Promise<QueueConfig | null>;
  /** Replaces the whole set atomically (validated before by validateQueueSet). */
  replaceAll(queues: QueueConfig[]): Promise<void>;
  /**
   * Stores the queues only if none are stored yet; true if it did. Safe when several app
   * instances start at once on an empty database: exactly one seeds, the others see its set.
   */
  seedIfEmpty(queues: QueueConfig[]): Promise<boolean>;
  upsert(queue: QueueConfig): Promise<void>;
  remove(queueId: string): Promise<boolean>;
}

export class AgentConflictError extends Error {
  readonly code = 'agent-conflict';
  constructor(message: string) {
    super(message);
    this.name = 'AgentConflictError';
  }
}
