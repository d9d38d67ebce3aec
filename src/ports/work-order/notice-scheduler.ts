// Deadline notices of work orders (warning before, 催办 at expiry, 督办 after): the work order
// use cases tell the scheduler when an order's deadlines changed; it plans the notices in the
// database (each at most once) and wakes them with delayed jobs plus a sweeper.
export interface NoticeScheduler {
  /** The order's deadlines were set, moved or cleared: (re)plan its notices. */
  deadlinesChanged(orderId: number): Promise<void>;
}
