// A work_orders row as both SQL stores read it, and the fields of an order that the store
// (one order, all of it) and the ledger (pages of orders, with names joined) both show.
import type { WorkOrder, SurveyOutcome } from '../../ports/work-order/work-order-store.js';

export interface OrderRow {
  id: string | number;
  order_no: string;
  status: WorkOrder['status'];
  status_before_dispute: WorkOrder['status'] | null;
  version: number;
  channel: WorkOrder['channel'];
  call_id: string | null;
  citizen_number: string | null;
  citizen_name: string | null;
  confidential: boolean;
  type: WorkOrder['type'];
  category_code: string;
  district_id: string | null;
  location: string | null;
  description: string;
  urgency: WorkOrder['urgency'];
  lead_department_id: string | null;
  assisting_department_ids: string[] | null;
  supervision: WorkOrder['supervision'];
  extension: { requestedUntil: string; reason: string; requestedAt: string } | null;
  reopen_count: number;
  merged_into: string | null;
  dispatch_due_at: Date | null;
  sign_due_at: Date | null;
  reply_due_at: Date | null;
  survey_id: string | number | null;
  survey_answers: SurveyOutcome | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  dispatched_at: Date | null;
  signed_at: Date | null;
  replied_at: Date | null;
  closed_at: Date | null;
}

/** The columns the ledger selects of every order (its COLUMNS list). */
export type SummaryRow = Pick<
  OrderRow,
  | 'id' | 'order_no' | 'status' | 'channel' | 'type' | 'urgency' | 'category_code' | 'district_id' | 'lead_department_id'
  | 'assisting_department_ids' | 'citizen_number' | 'citizen_name' | 'confidential' | 'location' | 'description'
  | 'supervision' | 'reopen_count' | 'dispatch_due_at' | 'sign_due_at' | 'reply_due_at' | 'created_at' | 'updated_at'
  | 'dispatched_at' | 'signed_at' | 'replied_at' | 'closed_at'
>;

export function toOrderSummary(r: SummaryRow) {
  return {
    id: Number(r.id),
    orderNo: r.order_no,
    status: r.status,
    channel: r.channel,
    type: r.type,
    urgency: r.urgency,
    categoryCode: r.category_code,
    districtId: r.district_id,
    leadDepartmentId: r.lead_department_id,
    assistingDepartmentIds: r.assisting_department_ids ?? [],
    citizenNumber: r.citizen_number,
    citizenName: r.citizen_name,
    confidential: r.confidential,
    location: r.location,
    description: r.description,
    supervision: r.supervision,
    reopenCount: r.reopen_count,
    dispatchDueAt: r.dispatch_due_at,
    signDueAt: r.sign_due_at,
    replyDueAt: r.reply_due_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    dispatchedAt: r.dispatched_at,
    signedAt: r.signed_at,
    repliedAt: r.replied_at,
    closedAt: r.closed_at,
  };
}
