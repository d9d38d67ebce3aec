// Delayed retries of callbacks whose citizen did not answer (BullMQ in production). A job carries
// the callback id only: never a phone number (job data sits in Redis in clear text).

export interface CallbackRetryJobs {
  /** Runs `onDue(callbackId)` once after `delayMs`; the same (callbackId, attempt) is scheduled once. */
  schedule(callbackId: string, attempt: number, delayMs: number): Promise<void>;
  close(): Promise<void>;
}
