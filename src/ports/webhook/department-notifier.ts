// Telling a department about its orders (outbound webhook, signed, retried, logged). The
// notifier records the delivery in the database first; the job carries its id only, never a
// phone number. Implemented in src/app/webhook.

export type DepartmentEvent = 'dispatched' | 'reminder' | 'supervision' | 'reopened';

export interface DepartmentNotice {
  departmentId: string;
  event: DepartmentEvent;
  orderNo: string;
  /** Extra facts of the event (e.g. { level: 'yellow' }, the deadline); no personal data. */
  data?: Record<string, unknown>;
}

export interface DepartmentNotifier {
  /** Records the delivery and queues it; resolves once it is stored (not when delivered). */
  notify(notice: DepartmentNotice): Promise<void>;
}
