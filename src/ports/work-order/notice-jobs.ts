// Waking deadline notices at their time (BullMQ delayed jobs, src/adapters/jobs): a job carries
// the notice's key only. The database decides whether it is sent; a lost job is caught by the sweeper.
import type { NoticeKey } from './work-order-notice-store.js';

export type NoticeRunResult =
  | { kind: 'sent' }
  /** Not due yet (the job fired early, or the deadline moved later): run again in this many ms. */
  | { kind: 'not_due'; dueInMs: number }
  /** Nothing to send: already sent, stale, or nothing left to do (e.g. already red). */
  | { kind: 'skipped'; reason: string }
  /** Sending failed; the claim was released and the sweeper tries again. */
  | { kind: 'failed'; reason: string };

export interface NoticeJobs {
  /** Queues the notice's job to run in `delayMs` (a job already queued under its key is moved, not doubled). */
  schedule(key: NoticeKey, delayMs: number): Promise<void>;
}

export type NoticeJobHandler = (key: NoticeKey) => Promise<NoticeRunResult>;
