// The callbacks (回拨) as records: the database is their source of truth. Every status change that
// matters for "dialled at most once at a time" is one atomic statement with the expected status.

export type CallbackStatus = 'waiting' | 'delivering' | 'retry_wait' | 'completed' | 'failed_follow_up' | 'cancelled';
export const CALLBACK_STATUSES: readonly CallbackStatus[] = ['waiting', 'delivering', 'retry_wait', 'completed', 'failed_follow_up', 'cancelled'];

export interface NewCallback {
  id: string;
  callId: string;
  queueId: string;
  number: string;
  queuedAt: Date;
  priority: number;
  at: Date;
}

/** How the callback came about: the caller pressed the callback key, or hung up after a long wait (漏接回拨). */
export type CallbackOrigin = 'key' | 'missed_call';

export interface CallbackRecord extends Omit<NewCallback, 'at'> {
  origin: CallbackOrigin;
  status: CallbackStatus;
  attempts: number;
  nextAttemptAt: Date | null;
  agentId: string | null;
  lastResult: string | null;
  completedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface CallbackFilter {
  status?: CallbackStatus;
  queueId?: string;
  limit: number;
  offset: number;
}

export interface CallbackStore {
  create(callback: NewCallback): Promise<CallbackRecord>;
  get(id: string): Promise<CallbackRecord | null>;
  /** Oldest place first. */
  list(filter: CallbackFilter): Promise<CallbackRecord[]>;
  /** waiting -> delivering for this agent; null (changing nothing) unless it was waiting. */
  startDelivery(id: string, agentId: string, at: Date): Promise<CallbackRecord | null>;
  /** One more call placed to the citizen (while delivering). */
  countAttempt(id: string, at: Date): Promise<void>;
  /** delivering -> waiting (the agent did not answer or left): the place is kept, attempts too. */
  returnToWaiting(id: string, result: string, at: Date): Promise<CallbackRecord | null>;
  /** delivering -> completed. */
  complete(id: string, at: Date): Promise<CallbackRecord | null>;
  /**
   * delivering -> retry_wait with next_attempt_at = at + retryMs, or -> failed_follow_up once
   * `maxAttempts` calls have been placed.
   */
  attemptFailed(id: string, result: string, options: { at: Date; maxAttempts: number; retryMs: number }): Promise<CallbackRecord | null>;
  /** retry_wait -> waiting once due (next_attempt_at <= at); null when not due or not waiting for a retry. */
  retryDue(id: string, at: Date): Promise<CallbackRecord | null>;
  /** waiting -> cancelled (the caller was served while still on the line). */
  cancel(id: string, at: Date): Promise<CallbackRecord | null>;
  /** Callbacks in retry_wait whose time came before `before` (a lost retry job), oldest first. */
  listOverdueRetries(before: Date, limit: number): Promise<CallbackRecord[]>;
  /** Callbacks still 'delivering' with no change since before `before` (the delivering process is gone). */
  listStaleDeliveries(before: Date, limit: number): Promise<CallbackRecord[]>;
  /**
   * A stale delivery goes to follow-up (never dialled again automatically: the citizen may have
   * been reached). Only while still delivering and unchanged since `before`.
   */
  failStaleDelivery(id: string, before: Date, at: Date): Promise<CallbackRecord | null>;
}
