// Agent accounts and skill queues as records (the database is the source of truth).
import type { QueueConfig } from '../../domain/acd/queue-config.js';
import type { Proficiency } from '../../domain/acd/acd-types.js';
import { NamedError } from '../../domain/shared/named-error.js';

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

/**
 * The digest credential of an agent's softphone (MD5 of "extension:realm:password", see
 * domain/agent/sip-credential.ts), kept so it can be re-applied after an Asterisk restart. The
 * password itself is never stored.
 */
export interface AgentSipCredential {
  extension: string;
  md5Cred: string;
}

export interface AgentDirectory {
  list(): Promise<AgentRecord[]>;
  get(agentId: string): Promise<AgentRecord | null>;
  getByExtension(extension: string): Promise<AgentRecord | null>;
  /** Creates the agent with its SIP digest credential; throws AgentConflictError on a taken id or extension. */
  create(agent: NewAgent, sipMd5Cred: string): Promise<AgentRecord>;
  /** `sipMd5Cred`: a new credential stored in the same write (a new extension needs one). */
  update(agentId: string, patch: Partial<Omit<NewAgent, 'agentId'>>, sipMd5Cred?: string): Promise<AgentRecord | null>;
  remove(agentId: string): Promise<boolean>;
  sipCredentials(): Promise<AgentSipCredential[]>;
  setSipCredential(agentId: string, md5Cred: string): Promise<void>;
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

export class AgentConflictError extends NamedError {
  readonly code = 'agent-conflict';
}
